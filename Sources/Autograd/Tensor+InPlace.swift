/// In-place arithmetic (`+=` and friends), with PyTorch's autograd rules: not on
/// a leaf that requires grad (except under `noGrad`, which is how optimizers
/// update), and every change bumps the storage's version counter.
extension Tensor {
    /// Checks that this tensor may be changed in place now.
    package func checkInPlaceAllowed() throws {
        if GradMode.isEnabled && isLeaf && leafRequiresGrad {
            throw TensorError("a leaf Variable that requires grad is being used in an in-place operation.")
        }
    }

    /// Replaces this tensor's values by `f(self, other)` in place, and rewires its
    /// history so that gradients flow through `name`'s backward.
    func updateInPlace(
        _ other: Tensor?, name: String, saving: [Tensor] = [], _ compute: () throws -> Tensor,
        backward: @escaping GradFn.Backward
    ) throws {
        try checkInPlaceAllowed()
        let result = try compute()
        guard result.shape == shape else {
            throw TensorError("output with shape \(describe(shape: shape)) doesn't match the broadcast shape \(describe(shape: result.shape))")
        }
        let inputs = [self] + (other.map { [$0] } ?? [])
        let record = Tensor.shouldRecord(inputs)
        // The node must point at this tensor's history before the update.
        let edges = record ? inputs.map { $0.gradientEdge() } : []
        // Saved before the update, as PyTorch does: `a.mul_(a)` then fails its backward.
        let node = record ? GradFn(name: name, next: edges, outputShape: shape, saved: saving, backward: backward) : nil
        try copyData(from: result)
        if let node { gradFn = node }
    }

    /// `self += other`.
    public func addInPlace(_ other: Tensor) throws {
        let (sa, sb) = (shape, other.shape)
        try updateInPlace(other, name: "AddBackward0", { try zipData(other, +) }) { g, _, _ in [g.sumToShape(sa), g.sumToShape(sb)] }
    }

    /// `self -= other`.
    public func subInPlace(_ other: Tensor) throws {
        let (sa, sb) = (shape, other.shape)
        try updateInPlace(other, name: "SubBackward0", { try zipData(other, -) }) { g, _, _ in [g.sumToShape(sa), g.negData().sumToShape(sb)] }
    }

    /// `self *= other`.
    public func mulInPlace(_ other: Tensor) throws {
        let (sa, sb) = (shape, other.shape)
        // The factor is saved when this tensor needs its gradient; the original values
        // (a private copy, as PyTorch's `original_self`) when the factor needs one.
        let (savesOther, savesBefore) = (requiresGrad, other.requiresGrad)
        let saving = (savesOther ? [other] : []) + (savesBefore ? [dataCopy()] : [])
        try updateInPlace(other, name: "MulBackward0", saving: saving, { try zipData(other, *) }) { g, saved, needs in
            let b = savesOther ? saved[0] : nil, before = savesBefore ? saved[saved.count - 1] : nil
            return [needs[0] ? try g.zipData(b!, *).sumToShape(sa) : nil, needs[1] ? try g.zipData(before!, *).sumToShape(sb) : nil]
        }
    }

    /// `self /= other`.
    public func divInPlace(_ other: Tensor) throws {
        let (sa, sb) = (shape, other.shape)
        let savesBefore = other.requiresGrad
        try updateInPlace(other, name: "DivBackward0", saving: [other] + (savesBefore ? [dataCopy()] : []), { try zipData(other, /) }) { g, saved, needs in
            let b = saved[0]
            return [needs[0] ? try g.zipData(b, /).sumToShape(sa) : nil,
                    needs[1] ? try g.zipData(saved[1], *).zipData(b) { x, y in -x / (y * y) }.sumToShape(sb) : nil]
        }
    }

    /// `self += s`.
    public func addInPlace(_ s: Double) throws {
        let v = Float(s)
        try updateInPlace(nil, name: "AddBackward0", { mapData { $0 + v } }) { g, _, _ in [g] }
    }

    /// `self -= s`.
    public func subInPlace(_ s: Double) throws { try addInPlace(-s) }

    /// `self *= s`.
    public func mulInPlace(_ s: Double) throws {
        let v = Float(s)
        try updateInPlace(nil, name: "MulBackward0", { mapData { $0 * v } }) { g, _, _ in [g.mapData { $0 * v }] }
    }

    /// `self /= s`.
    public func divInPlace(_ s: Double) throws {
        let v = Float(s)
        try updateInPlace(nil, name: "DivBackward0", { mapData { $0 / v } }) { g, _, _ in [g.mapData { $0 / v }] }
    }

    /// Fills every element with `value` in place (`fill_`).
    public func fill(_ value: Double) throws {
        try checkInPlaceAllowed()
        try copyData(from: Tensor(value))
        if Tensor.shouldRecord([self]) {
            gradFn = GradFn(name: "FillBackward0", next: [gradientEdge()], outputShape: shape, saved: []) { g, _, _ in [g.mapData { _ in 0 }] }
        }
    }

    /// Sets the gradient to nil (what `zero_grad()` does by default in PyTorch).
    public func zeroGrad() { grad = nil }

    public static func += (a: Tensor, b: Tensor) throws { try a.addInPlace(b) }
    public static func -= (a: Tensor, b: Tensor) throws { try a.subInPlace(b) }
    public static func *= (a: Tensor, b: Tensor) throws { try a.mulInPlace(b) }
    public static func /= (a: Tensor, b: Tensor) throws { try a.divInPlace(b) }
    public static func += (a: Tensor, s: Double) throws { try a.addInPlace(s) }
    public static func -= (a: Tensor, s: Double) throws { try a.subInPlace(s) }
    public static func *= (a: Tensor, s: Double) throws { try a.mulInPlace(s) }
    public static func /= (a: Tensor, s: Double) throws { try a.divInPlace(s) }
}
