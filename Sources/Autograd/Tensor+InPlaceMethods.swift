/// PyTorch's in-place methods with a trailing underscore that are not compound
/// assignments: `zero_`, `copy_`, `clamp_`, `detach_`. Each checks PyTorch's
/// leaf rule, bumps the version counter and rewires the tensor's history.
extension Tensor {
    /// Sets every element to zero in place; its gradient is zero (`zero_`).
    @discardableResult
    public func zero_() throws -> Tensor {
        let original = shape
        try updateInPlace(nil, name: "ZeroBackward0", { Tensor(zeros: original, dtype: dtype) }) { _, _, _ in
            [Tensor(zeros: original)]
        }
        return self
    }

    /// Fills every element with `value` in place (`fill_`).
    @discardableResult
    public func fill_(_ value: Double) throws -> Tensor {
        try fill(value)
        return self
    }

    /// Copies `source` (broadcast to this shape, converted to this dtype) into this
    /// tensor in place (`copy_`); the gradient flows to `source`.
    @discardableResult
    public func copy_(_ source: Tensor) throws -> Tensor {
        let target = shape, sourceShape = source.shape
        let broadcast = try Broadcasting.shape(target, sourceShape)
        guard broadcast == target else {
            throw TensorError("output with shape \(describe(shape: target)) doesn't match the broadcast shape \(describe(shape: broadcast))")
        }
        try updateInPlace(source, name: "CopyBackwards", { sourceShape == target ? source : try source.expandData(to: target) }) { g, _, needs in
            [needs[0] ? Tensor(zeros: target) : nil, needs[1] ? g.sumToShape(sourceShape) : nil]
        }
        return self
    }

    /// Limits every element to `[min, max]` in place (`clamp_`).
    @discardableResult
    public func clamp_(min: Double? = nil, max: Double? = nil) throws -> Tensor {
        let clamped = try noGrad { try clamp(min: min, max: max) }
        let lo = min ?? -.infinity, hi = max ?? .infinity
        // Which elements were inside the bounds, kept before they are overwritten.
        let inside = mapData { $0 >= Float(lo) && $0 <= Float(hi) ? 1 : 0 }
        try updateInPlace(nil, name: "ClampBackward1", { clamped }) { g, _, _ in [try g.zipData(inside, *)] }
        return self
    }

    /// Makes this tensor a leaf that does not require grad, in place (`detach_`).
    @discardableResult
    public func detach_() -> Tensor {
        gradFn = nil
        leafRequiresGrad = false
        return self
    }

    /// `self += other * alpha` in place (`add_(other, alpha:)`).
    @discardableResult
    public func add_(_ other: Tensor, alpha: Double = 1) throws -> Tensor {
        try addInPlace(alpha == 1 ? other : other * alpha)
        return self
    }

    /// `self -= other * alpha` in place (`sub_(other, alpha:)`).
    @discardableResult
    public func sub_(_ other: Tensor, alpha: Double = 1) throws -> Tensor {
        try subInPlace(alpha == 1 ? other : other * alpha)
        return self
    }

    /// Replaces this tensor's values by `operation(self)` in place, PyTorch's
    /// in-place form of an operator (`scatter_`, `relu_`): the leaf rule is
    /// checked, the version counter bumped, and the operation's node becomes
    /// this tensor's history, so its `gradFn` is the operator's (`ScatterBackward0`).
    /// The operation reads a copy of the values before the change, as PyTorch's
    /// in-place backwards read the original `self`.
    @discardableResult
    public func replaceInPlace(_ operation: (Tensor) throws -> Tensor) throws -> Tensor {
        try checkInPlaceAllowed()
        let input = Tensor.shouldRecord([self]) ? clone() : detach()
        let result = try operation(input)
        guard result.shape == shape else {
            throw TensorError("output with shape \(describe(shape: shape)) doesn't match the broadcast shape \(describe(shape: result.shape))")
        }
        try copyData(from: result)
        if let node = result.gradFn {
            node.resave(result, as: self)
            gradFn = node
        }
        return self
    }
}
