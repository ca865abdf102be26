/// Limiting values: `clamp` to bounds, and the element-wise `maximum` and
/// `minimum` of two tensors, with PyTorch's backwards.
extension Tensor {
    /// Each element limited to `[min, max]` (either bound may be nil, not both);
    /// NaN stays NaN. The gradient flows where the element was inside the bounds.
    public func clamp(min: Double? = nil, max: Double? = nil) throws -> Tensor {
        guard min != nil || max != nil else {
            throw TensorError("torch.clamp: At least one of 'min' or 'max' must not be None")
        }
        let lo = min.map { Float($0) } ?? -.infinity, hi = max.map { Float($0) } ?? .infinity
        if dtype.isInteger, min.map({ $0 == $0.rounded() }) ?? true, max.map({ $0 == $0.rounded() }) ?? true {
            let l = min.map { Tensor.integer($0) } ?? .min, h = max.map { Tensor.integer($0) } ?? .max
            return Tensor(shape: shape, integers: int64s.map { Swift.min(Swift.max($0, l), h) }, dtype: dtype)
        }
        return mapData({ Swift.min(Swift.max($0, lo), hi) }, double: { Swift.min(Swift.max($0, (min ?? -.infinity)), (max ?? .infinity)) })
            .recordOperation("ClampBackward1", inputs: [self], saving: [self]) { g, saved, _ in
                [try g.zipData(saved[0], { g, x in x >= lo && x <= hi ? g : 0 }, double: { g, x in x >= (min ?? -.infinity) && x <= (max ?? .infinity) ? g : 0 })]
            }
    }

    /// PyTorch's `clip`, another name for `clamp`.
    public func clip(min: Double? = nil, max: Double? = nil) throws -> Tensor { try clamp(min: min, max: max) }

    /// The larger of the two elements, with broadcasting; NaN wins. A tie sends
    /// half the gradient each way, as PyTorch does.
    public func maximum(_ other: Tensor) throws -> Tensor {
        try extremum(other, name: "MaximumBackward0", { a, b in a > b }, double: { a, b in a > b })
    }

    /// The smaller of the two elements, with broadcasting; NaN wins.
    public func minimum(_ other: Tensor) throws -> Tensor {
        try extremum(other, name: "MinimumBackward0", { a, b in a < b }, double: { a, b in a < b })
    }

    private func extremum(_ other: Tensor, name: String, _ wins: @escaping (Float, Float) -> Bool,
                          double winsD: @escaping (Double, Double) -> Bool) throws -> Tensor {
        let (sa, sb) = (shape, other.shape)
        let type = resultType(other)
        if !type.isFloatingPoint {
            return try Tensor.integerData(self, other, as: type) { a, b in winsD(Double(a), Double(b)) || a == b ? a : b }
        }
        let out = try zipData(other, { a, b in a.isNaN || b.isNaN ? .nan : (wins(a, b) || a == b ? a : b) }, double: { a, b in a.isNaN || b.isNaN ? .nan : (winsD(a, b) || a == b ? a : b) })
        return out.recordOperation(name, inputs: [self, other], saving: [self, other]) { g, saved, needs in
            let (a, b) = (saved[0], saved[1])
            return [needs[0] ? try g.zipData(try a.zipData(b, { a, b in wins(a, b) ? 1 : a == b ? 0.5 : 0 }, double: { a, b in winsD(a, b) ? 1 : a == b ? 0.5 : 0 }), *, double: *).sumToShape(sa) : nil,
             needs[1] ? try g.zipData(try a.zipData(b, { a, b in wins(b, a) ? 1 : a == b ? 0.5 : 0 }, double: { a, b in winsD(b, a) ? 1 : a == b ? 0.5 : 0 }), *, double: *).sumToShape(sb) : nil]
        }
    }
}
