import Autograd
import Foundation

/// Adam, with `torch.optim.Adam`'s single-tensor update (and AdamW's decoupled
/// weight decay when `decoupledWeightDecay`):
///
///     g = grad (+ weightDecay · p, or p ·= 1 − lr · weightDecay when decoupled)
///     m = m + (1 − β₁)(g − m);  v = β₂ v + (1 − β₂) g²
///     p = p − lr / (1 − β₁ᵗ) · m / (√v / √(1 − β₂ᵗ) + eps)
open class Adam: Optimizer {
    public let parameters: [Tensor]
    public var learningRate: Double
    /// Decay rates β₁ and β₂ of the first and second moment averages.
    public var betas: (Double, Double)
    /// Added to the denominator for numerical stability.
    public var eps: Double
    /// L2 penalty (or, when decoupled, the shrink rate of the parameters).
    public var weightDecay: Double
    /// Whether weight decay shrinks the parameters directly (AdamW) instead of adding to the gradient.
    public let decoupledWeightDecay: Bool
    /// Whether the maximum of past second moments is used (AMSGrad).
    public let amsgrad: Bool
    /// Steps taken per parameter.
    public private(set) var steps: [Int]
    private var firstMoments: [[Float]]
    private var secondMoments: [[Float]]
    private var maxSecondMoments: [[Float]]

    /// An optimizer over `parameters`; throws `ModuleError` for PyTorch's invalid settings.
    public init(
        _ parameters: [Tensor], lr: Double = 1e-3, betas: (Double, Double) = (0.9, 0.999), eps: Double = 1e-8,
        weightDecay: Double = 0, amsgrad: Bool = false, decoupledWeightDecay: Bool = false
    ) throws {
        guard lr >= 0 else { throw ModuleError("Invalid learning rate: \(Python.float(lr))") }
        guard eps >= 0 else { throw ModuleError("Invalid epsilon value: \(Python.float(eps))") }
        guard betas.0 >= 0 && betas.0 < 1 else { throw ModuleError("Invalid beta parameter at index 0: \(Python.float(betas.0))") }
        guard betas.1 >= 0 && betas.1 < 1 else { throw ModuleError("Invalid beta parameter at index 1: \(Python.float(betas.1))") }
        guard weightDecay >= 0 else { throw ModuleError("Invalid weight_decay value: \(Python.float(weightDecay))") }
        guard !parameters.isEmpty else { throw ModuleError("optimizer got an empty parameter list") }
        self.parameters = parameters
        self.learningRate = lr
        self.betas = betas
        self.eps = eps
        self.weightDecay = weightDecay
        self.amsgrad = amsgrad
        self.decoupledWeightDecay = decoupledWeightDecay
        steps = Array(repeating: 0, count: parameters.count)
        firstMoments = Array(repeating: [], count: parameters.count)
        secondMoments = firstMoments
        maxSecondMoments = firstMoments
    }

    public func step() throws {
        for (index, p) in parameters.enumerated() {
            guard let grad = p.grad else { continue }
            let g = try checkedGradient(of: p, grad)
            if firstMoments[index].isEmpty {
                firstMoments[index] = Array(repeating: 0, count: p.count)
                secondMoments[index] = firstMoments[index]
                if amsgrad { maxSecondMoments[index] = firstMoments[index] }
            }
            steps[index] += 1
            let t = Double(steps[index])
            // Scalars computed in double, as Python does, then used in float32 kernels.
            let biasCorrection1 = 1 - Foundation.pow(betas.0, t)
            let biasCorrection2 = 1 - Foundation.pow(betas.1, t)
            let stepSize = Float(learningRate / biasCorrection1)
            let correction2Sqrt = Float(biasCorrection2.squareRoot())
            let weight1 = Float(1 - betas.0), beta2 = Float(betas.1), weight2 = Float(1 - betas.1)
            let epsilon = Float(eps), decay = Float(weightDecay)
            let shrink = Float(1 - learningRate * weightDecay)
            let (decoupled, useDecay, useMax) = (decoupledWeightDecay, weightDecay != 0, amsgrad)
            let pg = g.mutableFloats
            firstMoments[index].withUnsafeMutableBufferPointer { m in
                secondMoments[index].withUnsafeMutableBufferPointer { v in
                    maxSecondMoments[index].withUnsafeMutableBufferPointer { vMax in
                        updateInPlace(p) { x, n in
                            for i in 0..<n {
                                var gi = pg[i]
                                if useDecay {
                                    if decoupled { x[i] *= shrink } else { gi += decay * x[i] }
                                }
                                // torch.lerp with weight < 0.5: m + w (g − m); otherwise g − (g − m)(1 − w).
                                m[i] = weight1 < 0.5 ? m[i] + weight1 * (gi - m[i]) : gi - (gi - m[i]) * (1 - weight1)
                                v[i] = v[i] * beta2 + weight2 * gi * gi
                                var second = v[i]
                                if useMax {
                                    vMax[i] = Swift.max(vMax[i], v[i])
                                    second = vMax[i]
                                }
                                let denominator = second.squareRoot() / correction2Sqrt + epsilon
                                x[i] += -stepSize * (m[i] / denominator)
                            }
                        }
                    }
                }
            }
            withExtendedLifetime(g) {}
        }
    }
}

/// Adam with decoupled weight decay (default 0.01), `torch.optim.AdamW`.
public final class AdamW: Adam {
    /// An optimizer over `parameters`; throws `ModuleError` for PyTorch's invalid settings.
    public init(
        _ parameters: [Tensor], lr: Double = 1e-3, betas: (Double, Double) = (0.9, 0.999), eps: Double = 1e-8,
        weightDecay: Double = 1e-2, amsgrad: Bool = false
    ) throws {
        try super.init(parameters, lr: lr, betas: betas, eps: eps, weightDecay: weightDecay, amsgrad: amsgrad, decoupledWeightDecay: true)
    }
}
