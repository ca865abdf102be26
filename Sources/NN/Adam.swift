import Autograd
import Foundation

/// Adam, with `torch.optim.Adam`'s single-tensor update (and AdamW's decoupled
/// weight decay when `decoupledWeightDecay`), per parameter group:
///
///     g = grad (+ weightDecay · p, or p ·= 1 − lr · weightDecay when decoupled)
///     m = m + (1 − β₁)(g − m);  v = β₂ v + (1 − β₂) g²
///     p = p − lr / (1 − β₁ᵗ) · m / (√v / √(1 − β₂ᵗ) + eps)
///
/// Each parameter's state is `step`, `exp_avg`, `exp_avg_sq` (and `max_exp_avg_sq` with AMSGrad).
open class Adam: Optimizer {
    /// An optimizer over `parameters`; throws `ModuleError` for PyTorch's invalid settings.
    public convenience init(
        _ parameters: [Tensor], lr: Double = 1e-3, betas: (Double, Double) = (0.9, 0.999), eps: Double = 1e-8,
        weightDecay: Double = 0, amsgrad: Bool = false, maximize: Bool = false, decoupledWeightDecay: Bool = false
    ) throws {
        try self.init(Optimizer.groups(parameters), lr: lr, betas: betas, eps: eps, weightDecay: weightDecay,
                      amsgrad: amsgrad, maximize: maximize, decoupledWeightDecay: decoupledWeightDecay)
    }

    /// An optimizer over parameter groups, whose options override these defaults.
    public init(
        _ groups: [ParameterGroup], lr: Double = 1e-3, betas: (Double, Double) = (0.9, 0.999), eps: Double = 1e-8,
        weightDecay: Double = 0, amsgrad: Bool = false, maximize: Bool = false, decoupledWeightDecay: Bool = false
    ) throws {
        guard lr >= 0 else { throw ModuleError("Invalid learning rate: \(Python.float(lr))") }
        guard eps >= 0 else { throw ModuleError("Invalid epsilon value: \(Python.float(eps))") }
        guard betas.0 >= 0 && betas.0 < 1 else { throw ModuleError("Invalid beta parameter at index 0: \(Python.float(betas.0))") }
        guard betas.1 >= 0 && betas.1 < 1 else { throw ModuleError("Invalid beta parameter at index 1: \(Python.float(betas.1))") }
        guard weightDecay >= 0 else { throw ModuleError("Invalid weight_decay value: \(Python.float(weightDecay))") }
        try super.init(groups, defaults: [
            ("lr", .float(lr)), ("betas", .pair(betas.0, betas.1)), ("eps", .float(eps)),
            ("weight_decay", decoupledWeightDecay && weightDecay != 0 ? .float(weightDecay) : .number(weightDecay)),
            ("amsgrad", .bool(amsgrad)), ("maximize", .bool(maximize)), ("foreach", .none), ("capturable", false),
            ("differentiable", false), ("fused", .none), ("decoupled_weight_decay", .bool(decoupledWeightDecay)),
        ])
    }

    public override func step() throws {
        for group in paramGroups {
            let lr = try group.number("lr"), betas = try group.pair("betas"), eps = try group.number("eps")
            let weightDecay = try group.number("weight_decay"), amsgrad = try group.flag("amsgrad")
            let decoupled = try group.flag("decoupled_weight_decay"), maximize = try group.flag("maximize")
            for p in group.params {
                guard let g = try gradient(of: p, maximize: maximize) else { continue }
                // PyTorch creates `step` first: the state dict lists it first.
                let t = incrementStep(of: p)
                let m = state(of: p, "exp_avg") { Tensor.zeros(p.shape) }
                let v = state(of: p, "exp_avg_sq") { Tensor.zeros(p.shape) }
                let vMax = amsgrad ? state(of: p, "max_exp_avg_sq") { Tensor.zeros(p.shape) } : nil
                // Scalars computed in double, as Python does, then used in float32 kernels.
                let biasCorrection1 = 1 - Foundation.pow(betas.0, t)
                let biasCorrection2 = 1 - Foundation.pow(betas.1, t)
                let stepSize = Float(lr / biasCorrection1)
                let correction2Sqrt = Float(biasCorrection2.squareRoot())
                let weight1 = Float(1 - betas.0), beta2 = Float(betas.1), weight2 = Float(1 - betas.1)
                let epsilon = Float(eps), decay = Float(weightDecay)
                let shrink = Float(1 - lr * weightDecay)
                let useDecay = weightDecay != 0
                let (pg, pm, pv, pMax) = (g.mutableFloats, m.mutableFloats, v.mutableFloats, vMax?.mutableFloats)
                updateInPlace(p) { x, n in
                    for i in 0..<n {
                        var gi = pg[i]
                        if useDecay {
                            if decoupled { x[i] *= shrink } else { gi += decay * x[i] }
                        }
                        // torch.lerp with weight < 0.5: m + w (g − m); otherwise g − (g − m)(1 − w).
                        pm[i] = weight1 < 0.5 ? pm[i] + weight1 * (gi - pm[i]) : gi - (gi - pm[i]) * (1 - weight1)
                        pv[i] = pv[i] * beta2 + weight2 * gi * gi
                        var second = pv[i]
                        if let pMax {
                            pMax[i] = Swift.max(pMax[i], pv[i])
                            second = pMax[i]
                        }
                        let denominator = second.squareRoot() / correction2Sqrt + epsilon
                        x[i] += -stepSize * (pm[i] / denominator)
                    }
                }
                for tensor in [m, v] + (vMax.map { [$0] } ?? []) { tensor.markModifiedInPlace() }
                withExtendedLifetime(g) {}
            }
        }
    }
}

/// Adam with decoupled weight decay (default 0.01), `torch.optim.AdamW`.
public final class AdamW: Adam {
    /// An optimizer over `parameters`; throws `ModuleError` for PyTorch's invalid settings.
    public convenience init(
        _ parameters: [Tensor], lr: Double = 1e-3, betas: (Double, Double) = (0.9, 0.999), eps: Double = 1e-8,
        weightDecay: Double = 1e-2, amsgrad: Bool = false, maximize: Bool = false
    ) throws {
        try self.init(Optimizer.groups(parameters), lr: lr, betas: betas, eps: eps, weightDecay: weightDecay,
                      amsgrad: amsgrad, maximize: maximize)
    }

    /// An optimizer over parameter groups, whose options override these defaults.
    public init(
        _ groups: [ParameterGroup], lr: Double = 1e-3, betas: (Double, Double) = (0.9, 0.999), eps: Double = 1e-8,
        weightDecay: Double = 1e-2, amsgrad: Bool = false, maximize: Bool = false
    ) throws {
        try super.init(groups, lr: lr, betas: betas, eps: eps, weightDecay: weightDecay, amsgrad: amsgrad,
                       maximize: maximize, decoupledWeightDecay: true)
    }
}
