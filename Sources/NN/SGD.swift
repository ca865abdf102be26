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
    /// Momentum factor; 0 disables momentum.
    public var momentum: Double
    /// Dampening of the momentum.
    public var dampening: Double
    /// L2 penalty added to the gradient.
    public var weightDecay: Double
    /// Whether Nesterov momentum is used.
    public var nesterov: Bool
    /// One momentum buffer per parameter, created from its first gradient.
    public private(set) var momentumBuffers: [Tensor?]

    /// An optimizer over `parameters`; throws `ModuleError` for PyTorch's invalid settings.
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
        let (useDecay, useNesterov) = (weightDecay != 0, nesterov)

        /// One parameter's update: `n` elements of the parameter, its gradient and its momentum buffer.
        struct Update {
            let x: UnsafeMutablePointer<Float>, g: UnsafePointer<Float>, buffer: UnsafeMutablePointer<Float>?
            let n: Int, firstStep: Bool
        }
        func run(_ u: Update, _ range: Range<Int>) {
            let (x, pg) = (u.x, u.g)
            // The usual configurations get loops without branches, which the compiler vectorises.
            if !useDecay && !useNesterov && !u.firstStep, let buffer = u.buffer {
                for i in range {
                    let b = buffer[i] * mu + keep * pg[i]
                    buffer[i] = b
                    x[i] += -lr * b
                }
            } else if !useDecay && u.buffer == nil {
                for i in range { x[i] += -lr * pg[i] }
            } else {
                for i in range {
                    var d = pg[i]
                    if useDecay { d += decay * x[i] }
                    if let buffer = u.buffer {
                        let b = u.firstStep ? d : buffer[i] * mu + keep * d
                        buffer[i] = b
                        d = useNesterov ? d + mu * b : b
                    }
                    x[i] += -lr * d
                }
            }
        }

        // Check every gradient and create missing momentum buffers before changing anything.
        var updates: [Update] = [], updated: [Tensor] = [], strided: [(Tensor, Update)] = []
        var gradients: [Tensor] = []
        for (index, p) in parameters.enumerated() {
            guard let grad = p.grad else { continue }
            let g = try checkedGradient(of: p, grad)
            gradients.append(g)
            var firstStep = false
            if momentum != 0 && momentumBuffers[index] == nil {
                momentumBuffers[index] = Tensor.uninitialized(p.shape)
                firstStep = true
            }
            if let buffer = momentumBuffers[index] { updated.append(buffer) }
            let buffer = momentum != 0 ? momentumBuffers[index]!.mutableFloats : nil
            if p.isContiguous {
                updates.append(Update(x: p.mutableFloats, g: UnsafePointer(g.mutableFloats), buffer: buffer, n: p.count, firstStep: firstStep))
                updated.append(p)
            } else {
                strided.append((p, Update(x: p.mutableFloats, g: UnsafePointer(g.mutableFloats), buffer: buffer, n: p.count, firstStep: firstStep)))
            }
        }

        // The update is bound by memory bandwidth: every thread takes its share of every parameter.
        let total = updates.reduce(0) { $0 + $1.n }
        let parts = total >= 1 << 16 ? ComputeThreads.count : 1
        ComputeThreads.parallel(parts) { part in
            for u in updates { run(u, (u.n * part / parts)..<(u.n * (part + 1) / parts)) }
        }
        for (p, u) in strided {
            updateInPlace(p) { x, n in
                run(Update(x: x, g: u.g, buffer: u.buffer, n: n, firstStep: u.firstStep), 0..<n)
            }
        }
        for tensor in updated { tensor.markModifiedInPlace() }
        withExtendedLifetime(gradients) {}
    }
}
