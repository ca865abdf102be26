import Autograd

/// Adadelta, with `torch.optim.Adadelta`'s single-tensor update, per parameter group:
///
///     g = grad + weightDecay · p
///     v = ρ v + (1 − ρ) g²
///     δ = √(u + eps) / √(v + eps) · g;  u = ρ u + (1 − ρ) δ²
///     p = p − lr · δ
///
/// Each parameter's state is `step`, `square_avg` and `acc_delta`.
public final class Adadelta: Optimizer {
    /// An optimizer over `parameters`; throws `ModuleError` for PyTorch's invalid settings.
    public convenience init(
        _ parameters: [Tensor], lr: Double = 1, rho: Double = 0.9, eps: Double = 1e-6, weightDecay: Double = 0,
        maximize: Bool = false
    ) throws {
        try self.init(Optimizer.groups(parameters), lr: lr, rho: rho, eps: eps, weightDecay: weightDecay, maximize: maximize)
    }

    /// An optimizer over parameter groups, whose options override these defaults.
    public init(
        _ groups: [ParameterGroup], lr: Double = 1, rho: Double = 0.9, eps: Double = 1e-6, weightDecay: Double = 0,
        maximize: Bool = false
    ) throws {
        guard lr >= 0 else { throw ModuleError("Invalid learning rate: \(Python.float(lr))") }
        guard rho >= 0 && rho <= 1 else { throw ModuleError("Invalid rho value: \(Python.float(rho))") }
        guard eps >= 0 else { throw ModuleError("Invalid epsilon value: \(Python.float(eps))") }
        guard weightDecay >= 0 else { throw ModuleError("Invalid weight_decay value: \(Python.float(weightDecay))") }
        try super.init(groups, defaults: [
            ("lr", .float(lr)), ("rho", .float(rho)), ("eps", .float(eps)), ("weight_decay", .number(weightDecay)),
            ("maximize", .bool(maximize)), ("capturable", false), ("foreach", .none), ("differentiable", false),
        ])
    }

    public override func step() throws {
        for group in paramGroups {
            let lr = Float(try group.number("lr")), rho = Float(try group.number("rho")), eps = Float(try group.number("eps"))
            let decay = Float(try group.number("weight_decay")), maximize = try group.flag("maximize")
            for p in group.params {
                guard let g = try gradient(of: p, maximize: maximize) else { continue }
                _ = incrementStep(of: p)
                let squareAvg = state(of: p, "square_avg") { Tensor.zeros(p.shape) }
                let accDelta = state(of: p, "acc_delta") { Tensor.zeros(p.shape) }
                let (pg, pv, pu) = (g.mutableFloats, squareAvg.mutableFloats, accDelta.mutableFloats)
                let weight = Float(1 - (try group.number("rho")))
                updateInPlace(p) { x, n in
                    for i in 0..<n {
                        var gi = pg[i]
                        if decay != 0 { gi += decay * x[i] }
                        pv[i] = pv[i] * rho + weight * gi * gi
                        let std = (pv[i] + eps).squareRoot()
                        var delta = (pu[i] + eps).squareRoot()
                        delta = delta / std
                        delta = delta * gi
                        pu[i] = pu[i] * rho + weight * delta * delta
                        x[i] += -lr * delta
                    }
                }
                squareAvg.markModifiedInPlace()
                accDelta.markModifiedInPlace()
                withExtendedLifetime(g) {}
            }
        }
    }
}
