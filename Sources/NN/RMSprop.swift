import Autograd

/// RMSprop, with `torch.optim.RMSprop`'s single-tensor update, per parameter group:
///
///     g = grad + weightDecay · p
///     v = α v + (1 − α) g²
///     avg = √(v − ḡ²) (centered, with ḡ = lerp(ḡ, g, 1 − α)), else √v;  avg += eps
///     buf = momentum · buf + g / avg;  p = p − lr · buf   (momentum > 0)
///     p = p − lr · g / avg                                 (otherwise)
///
/// Each parameter's state is `step`, `square_avg` (and `momentum_buffer`, `grad_avg`).
public final class RMSprop: Optimizer {
    /// An optimizer over `parameters`; throws `ModuleError` for PyTorch's invalid settings.
    public convenience init(
        _ parameters: [Tensor], lr: Double = 1e-2, alpha: Double = 0.99, eps: Double = 1e-8, weightDecay: Double = 0,
        momentum: Double = 0, centered: Bool = false, maximize: Bool = false
    ) throws {
        try self.init(Optimizer.groups(parameters), lr: lr, alpha: alpha, eps: eps, weightDecay: weightDecay,
                      momentum: momentum, centered: centered, maximize: maximize)
    }

    /// An optimizer over parameter groups, whose options override these defaults.
    public init(
        _ groups: [ParameterGroup], lr: Double = 1e-2, alpha: Double = 0.99, eps: Double = 1e-8, weightDecay: Double = 0,
        momentum: Double = 0, centered: Bool = false, maximize: Bool = false
    ) throws {
        guard lr >= 0 else { throw ModuleError("Invalid learning rate: \(Python.float(lr))") }
        guard eps >= 0 else { throw ModuleError("Invalid epsilon value: \(Python.float(eps))") }
        guard momentum >= 0 else { throw ModuleError("Invalid momentum value: \(Python.float(momentum))") }
        guard weightDecay >= 0 else { throw ModuleError("Invalid weight_decay value: \(Python.float(weightDecay))") }
        guard alpha >= 0 else { throw ModuleError("Invalid alpha value: \(Python.float(alpha))") }
        try super.init(groups, defaults: [
            ("lr", .float(lr)), ("momentum", .number(momentum)), ("alpha", .float(alpha)), ("eps", .float(eps)),
            ("centered", .bool(centered)), ("weight_decay", .number(weightDecay)), ("capturable", false),
            ("foreach", .none), ("maximize", .bool(maximize)), ("differentiable", false),
        ])
    }

    public override func step() throws {
        for group in paramGroups {
            let lr = Float(try group.number("lr")), alpha = Float(try group.number("alpha")), eps = Float(try group.number("eps"))
            let decay = Float(try group.number("weight_decay")), momentum = Float(try group.number("momentum"))
            let centered = try group.flag("centered"), maximize = try group.flag("maximize")
            for p in group.params {
                guard let g = try gradient(of: p, maximize: maximize) else { continue }
                _ = incrementStep(of: p)
                let squareAvg = state(of: p, "square_avg") { Tensor.zeros(p.shape) }
                let buffer = momentum > 0 ? state(of: p, "momentum_buffer") { Tensor.zeros(p.shape) } : nil
                let gradAvg = centered ? state(of: p, "grad_avg") { Tensor.zeros(p.shape) } : nil
                let (pg, pv, pb, pa) = (g.mutableFloats, squareAvg.mutableFloats, buffer?.mutableFloats, gradAvg?.mutableFloats)
                let weight = Float(1 - (try group.number("alpha")))
                updateInPlace(p) { x, n in
                    for i in 0..<n {
                        var gi = pg[i]
                        if decay != 0 { gi += decay * x[i] }
                        pv[i] = pv[i] * alpha + weight * gi * gi
                        var avg: Float
                        if let pa {
                            pa[i] = weight < 0.5 ? pa[i] + weight * (gi - pa[i]) : gi - (gi - pa[i]) * (1 - weight)
                            avg = (pv[i] + -1 * pa[i] * pa[i]).squareRoot()
                        } else {
                            avg = pv[i].squareRoot()
                        }
                        avg += eps
                        if let pb {
                            pb[i] = pb[i] * momentum + gi / avg
                            x[i] += -lr * pb[i]
                        } else {
                            x[i] += -lr * (gi / avg)
                        }
                    }
                }
                for tensor in [squareAvg, buffer, gradAvg].compactMap({ $0 }) { tensor.markModifiedInPlace() }
                withExtendedLifetime(g) {}
            }
        }
    }
}
