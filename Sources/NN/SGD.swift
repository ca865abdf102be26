import Autograd

/// Stochastic gradient descent with optional momentum, dampening, weight decay
/// and Nesterov momentum, with `torch.optim.SGD`'s update, per parameter group:
///
///     g = grad + weightDecay · p
///     buf = g (first step), else momentum · buf + (1 − dampening) · g
///     g = g + momentum · buf (Nesterov), else buf
///     p = p − lr · g
///
/// The momentum buffer is each parameter's state `momentum_buffer`.
public final class SGD: Optimizer {
    /// An optimizer over `parameters`; throws `ModuleError` for PyTorch's invalid settings.
    public convenience init(
        _ parameters: [Tensor], lr: Double = 1e-3, momentum: Double = 0, dampening: Double = 0, weightDecay: Double = 0,
        nesterov: Bool = false, maximize: Bool = false
    ) throws {
        try self.init(Optimizer.groups(parameters), lr: lr, momentum: momentum, dampening: dampening,
                      weightDecay: weightDecay, nesterov: nesterov, maximize: maximize)
    }

    /// An optimizer over parameter groups, whose options override these defaults.
    public init(
        _ groups: [ParameterGroup], lr: Double = 1e-3, momentum: Double = 0, dampening: Double = 0, weightDecay: Double = 0,
        nesterov: Bool = false, maximize: Bool = false
    ) throws {
        guard lr >= 0 else { throw ModuleError("Invalid learning rate: \(Python.float(lr))") }
        guard momentum >= 0 else { throw ModuleError("Invalid momentum value: \(Python.float(momentum))") }
        guard weightDecay >= 0 else { throw ModuleError("Invalid weight_decay value: \(Python.float(weightDecay))") }
        guard !nesterov || (momentum > 0 && dampening == 0) else {
            throw ModuleError("Nesterov momentum requires a momentum and zero dampening")
        }
        try super.init(groups, defaults: [
            ("lr", .float(lr)), ("momentum", .number(momentum)), ("dampening", .number(dampening)),
            ("weight_decay", .number(weightDecay)), ("nesterov", .bool(nesterov)), ("maximize", .bool(maximize)),
            ("foreach", .none), ("differentiable", false), ("fused", .none),
        ])
    }

    public override func step() throws {
        /// One parameter's update: `n` elements of the parameter, its gradient and its momentum buffer.
        struct Update {
            let x: UnsafeMutablePointer<Float>, g: UnsafePointer<Float>, buffer: UnsafeMutablePointer<Float>?
            let n: Int, firstStep: Bool
            let lr: Float, mu: Float, decay: Float, keep: Float, nesterov: Bool
        }
        func run(_ u: Update, _ range: Range<Int>) {
            let (x, pg, lr, mu, decay, keep) = (u.x, u.g, u.lr, u.mu, u.decay, u.keep)
            let useDecay = decay != 0
            // The usual configurations get loops without branches, which the compiler vectorises.
            if !useDecay && !u.nesterov && !u.firstStep, let buffer = u.buffer {
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
                        d = u.nesterov ? d + mu * b : b
                    }
                    x[i] += -lr * d
                }
            }
        }

        // Check every gradient and create missing momentum buffers before changing anything.
        var updates: [Update] = [], updated: [Tensor] = [], strided: [(Tensor, Update)] = []
        var gradients: [Tensor] = []
        for group in paramGroups {
            let lr = try group.number("lr"), momentum = try group.number("momentum")
            let dampening = try group.number("dampening"), decay = try group.number("weight_decay")
            let nesterov = try group.flag("nesterov"), maximize = try group.flag("maximize")
            for p in group.params {
                guard let g = try gradient(of: p, maximize: maximize) else { continue }
                gradients.append(g)
                var buffer: Tensor?, firstStep = false
                if momentum != 0 {
                    buffer = state(of: p, "momentum_buffer") {
                        firstStep = true
                        return Tensor.uninitialized(p.shape)
                    }
                    updated.append(buffer!)
                }
                let u = Update(x: p.mutableFloats, g: UnsafePointer(g.mutableFloats), buffer: buffer?.mutableFloats,
                               n: p.count, firstStep: firstStep, lr: Float(lr), mu: Float(momentum), decay: Float(decay),
                               keep: Float(1 - dampening), nesterov: nesterov)
                if p.isContiguous {
                    updates.append(u)
                    updated.append(p)
                } else {
                    strided.append((p, u))
                }
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
                run(Update(x: x, g: u.g, buffer: u.buffer, n: n, firstStep: u.firstStep, lr: u.lr, mu: u.mu,
                           decay: u.decay, keep: u.keep, nesterov: u.nesterov), 0..<n)
            }
        }
        for tensor in updated { tensor.markModifiedInPlace() }
        withExtendedLifetime(gradients) {}
    }
}
