import Autograd

/// Adagrad, with `torch.optim.Adagrad`'s single-tensor update, per parameter group:
///
///     g = grad + weightDecay · p
///     clr = lr / (1 + (t − 1) · lrDecay)
///     sum = sum + g²;  p = p − clr · g / (√sum + eps)
///
/// Each parameter's state, `step` and `sum` (filled with `initialAccumulatorValue`),
/// exists from the optimizer's creation, as in PyTorch.
public final class Adagrad: Optimizer {
    /// An optimizer over `parameters`; throws `ModuleError` for PyTorch's invalid settings.
    public convenience init(
        _ parameters: [Tensor], lr: Double = 1e-2, lrDecay: Double = 0, weightDecay: Double = 0,
        initialAccumulatorValue: Double = 0, eps: Double = 1e-10, maximize: Bool = false
    ) throws {
        try self.init(Optimizer.groups(parameters), lr: lr, lrDecay: lrDecay, weightDecay: weightDecay,
                      initialAccumulatorValue: initialAccumulatorValue, eps: eps, maximize: maximize)
    }

    /// An optimizer over parameter groups, whose options override these defaults.
    public init(
        _ groups: [ParameterGroup], lr: Double = 1e-2, lrDecay: Double = 0, weightDecay: Double = 0,
        initialAccumulatorValue: Double = 0, eps: Double = 1e-10, maximize: Bool = false
    ) throws {
        guard lr >= 0 else { throw ModuleError("Invalid learning rate: \(Python.float(lr))") }
        guard lrDecay >= 0 else { throw ModuleError("Invalid lr_decay value: \(Python.float(lrDecay))") }
        guard weightDecay >= 0 else { throw ModuleError("Invalid weight_decay value: \(Python.float(weightDecay))") }
        guard initialAccumulatorValue >= 0 else {
            throw ModuleError("Invalid initial_accumulator_value value: \(Python.float(initialAccumulatorValue))")
        }
        guard eps >= 0 else { throw ModuleError("Invalid epsilon value: \(Python.float(eps))") }
        try super.init(groups, defaults: [
            ("lr", .float(lr)), ("lr_decay", .number(lrDecay)), ("eps", .float(eps)), ("weight_decay", .number(weightDecay)),
            ("initial_accumulator_value", .number(initialAccumulatorValue)), ("foreach", .none),
            ("maximize", .bool(maximize)), ("differentiable", false), ("fused", .none),
        ])
    }

    public override func initializeState(for group: ParameterGroup) {
        let initial = group["initial_accumulator_value"]?.doubleValue ?? 0
        for p in group.params {
            setState(of: p, "step", Tensor(shape: [], floats: [0]))
            setState(of: p, "sum", Tensor.full(p.shape, initial))
        }
    }

    public override func step() throws {
        for group in paramGroups {
            let lr = try group.number("lr"), lrDecay = try group.number("lr_decay"), eps = Float(try group.number("eps"))
            let decay = Float(try group.number("weight_decay")), maximize = try group.flag("maximize")
            for p in group.params {
                guard let g = try gradient(of: p, maximize: maximize) else { continue }
                let sum = state(of: p, "sum") { Tensor.zeros(p.shape) }
                let t = incrementStep(of: p)
                let clr = Float(lr / (1 + (t - 1) * lrDecay))
                let (pg, ps) = (g.mutableFloats, sum.mutableFloats)
                updateInPlace(p) { x, n in
                    for i in 0..<n {
                        var gi = pg[i]
                        if decay != 0 { gi += decay * x[i] }
                        ps[i] = ps[i] + 1 * gi * gi
                        let std = ps[i].squareRoot() + eps
                        x[i] += -clr * (gi / std)
                    }
                }
                sum.markModifiedInPlace()
                withExtendedLifetime(g) {}
            }
        }
    }
}
