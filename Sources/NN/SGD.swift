import Autograd

/// Stochastic gradient descent with optional momentum, dampening, weight decay
/// and Nesterov momentum, with `torch.optim.SGD`'s update:
///
///     g = grad + weightDecay · p
///     buf = g (first step), else momentum · buf + (1 − dampening) · g
///     g = g + momentum · buf (Nesterov), else buf
///     p = p − lr · g
public final class SGD: Optimizer {
    public let parameters: [Tensor]
    public var learningRate: Double
    public var momentum: Double
    public var dampening: Double
    public var weightDecay: Double
    public var nesterov: Bool
    /// One momentum buffer per parameter, created from its first gradient.
    public private(set) var momentumBuffers: [Tensor?]

    public init(_ parameters: [Tensor], lr: Double, momentum: Double = 0, dampening: Double = 0, weightDecay: Double = 0, nesterov: Bool = false) throws {
        guard lr >= 0 else { throw ModuleError("Invalid learning rate: \(Python.float(lr))") }
        guard momentum >= 0 else { throw ModuleError("Invalid momentum value: \(Python.float(momentum))") }
        guard weightDecay >= 0 else { throw ModuleError("Invalid weight_decay value: \(Python.float(weightDecay))") }
        guard !nesterov || (momentum > 0 && dampening == 0) else {
            throw ModuleError("Nesterov momentum requires a momentum and zero dampening")
        }
        guard !parameters.isEmpty else { throw ModuleError("optimizer got an empty parameter list") }
        self.parameters = parameters
        self.learningRate = lr
        self.momentum = momentum
        self.dampening = dampening
        self.weightDecay = weightDecay
        self.nesterov = nesterov
        momentumBuffers = Array(repeating: nil, count: parameters.count)
    }

    public func step() throws {
        let lr = Float(learningRate), mu = Float(momentum), decay = Float(weightDecay)
        let keep = Float(1 - dampening)
        for (index, p) in parameters.enumerated() {
            guard let grad = p.grad else { continue }
            let g = try checkedGradient(of: p, grad)
            let pg = UnsafePointer(g.mutableFloats)
            var buffer: UnsafeMutablePointer<Float>?
            var firstStep = false
            if momentum != 0 {
                if momentumBuffers[index] == nil {
                    momentumBuffers[index] = Tensor.uninitialized(p.shape)
                    firstStep = true
                }
                buffer = momentumBuffers[index]!.mutableFloats
            }
            let (useDecay, useNesterov) = (weightDecay != 0, nesterov)
            updateInPlace(p) { x, n in
                // The usual configurations get loops without branches, which the compiler vectorises.
                if !useDecay && !useNesterov && !firstStep, let buffer {
                    for i in 0..<n {
                        let b = buffer[i] * mu + keep * pg[i]
                        buffer[i] = b
                        x[i] += -lr * b
                    }
                } else if !useDecay && buffer == nil {
                    for i in 0..<n { x[i] += -lr * pg[i] }
                } else {
                    for i in 0..<n {
                        var d = pg[i]
                        if useDecay { d += decay * x[i] }
                        if let buffer {
                            let b = firstStep ? d : buffer[i] * mu + keep * d
                            buffer[i] = b
                            d = useNesterov ? d + mu * b : b
                        }
                        x[i] += -lr * d
                    }
                }
            }
            momentumBuffers[index]?.markModifiedInPlace()
            withExtendedLifetime(g) {}
        }
    }
}
