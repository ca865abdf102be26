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
        if dtype == .int64, min.map({ $0 == $0.rounded() }) ?? true, max.map({ $0 == $0.rounded() }) ?? true {
            let l = min.map { Int64($0) } ?? .min, h = max.map { Int64($0) } ?? .max
            return Tensor(shape: shape, int64s: int64s.map { Swift.min(Swift.max($0, l), h) })
        }
        return mapData { Swift.min(Swift.max($0, lo), hi) }
            .recordOperation("ClampBackward1", inputs: [self], saving: [self]) { g, saved, _ in
                [try g.zipData(saved[0]) { g, x in x >= lo && x <= hi ? g : 0 }]
            }
    }

    /// PyTorch's `clip`, another name for `clamp`.
    public func clip(min: Double? = nil, max: Double? = nil) throws -> Tensor { try clamp(min: min, max: max) }

    /// The larger of the two elements, with broadcasting; NaN wins. A tie sends
    /// half the gradient each way, as PyTorch does.
    public func maximum(_ other: Tensor) throws -> Tensor {
        try extremum(other, name: "MaximumBackward0") { a, b in a > b }
    }

    /// The smaller of the two elements, with broadcasting; NaN wins.
    public func minimum(_ other: Tensor) throws -> Tensor {
        try extremum(other, name: "MinimumBackward0") { a, b in a < b }
    }

    private func extremum(_ other: Tensor, name: String, _ wins: @escaping (Float, Float) -> Bool) throws -> Tensor {
        let (sa, sb) = (shape, other.shape)
        if dtype == .int64 && other.dtype == .int64 {
            let shape = try Broadcasting.shape(sa, sb)
            let a = try expandData(to: shape), b = try other.expandData(to: shape)
            return Tensor(shape: shape, int64s: zip(a.int64s, b.int64s).map { wins(Float($0), Float($1)) || $0 == $1 ? $0 : $1 })
        }
        let out = try zipData(other) { a, b in a.isNaN || b.isNaN ? .nan : (wins(a, b) || a == b ? a : b) }
        return out.recordOperation(name, inputs: [self, other], saving: [self, other]) { g, saved, needs in
            let (a, b) = (saved[0], saved[1])
            return [needs[0] ? try g.zipData(try a.zipData(b) { a, b in wins(a, b) ? 1 : a == b ? 0.5 : 0 }, *).sumToShape(sa) : nil,
             needs[1] ? try g.zipData(try a.zipData(b) { a, b in wins(b, a) ? 1 : a == b ? 0.5 : 0 }, *).sumToShape(sb) : nil]
        }
    }
}
