/// Element-wise comparisons giving bool tensors, and whole-tensor checks.
extension Tensor {
    private func compare(_ other: Tensor, _ f: (Float, Float) -> Bool, _ d: (Double, Double) -> Bool) throws -> Tensor {
        if resultType(other) != .float32 {
            // float64 and integers compare in double precision.
            let out = try Tensor.zipElements(self, other, as: .float64) { d($0, $1) ? 1 : 0 }
            return out.convertedData(to: .bool)
        }
        let out = try toFloat().zipData(other.toFloat()) { f($0, $1) ? 1 : 0 }
        return Tensor(storage: Storage(copyingFloats: out, as: .bool), shape: out.shape)
    }

    private func compare(_ s: Double, _ f: (Float, Float) -> Bool, _ d: (Double, Double) -> Bool) -> Tensor {
        if dtype != .float32 && dtype != .bool {
            return mapElements(as: .float64) { d($0, s) ? 1 : 0 }.convertedData(to: .bool)
        }
        let v = Float(s)
        let out = toFloat().mapData { f($0, v) ? 1 : 0 }
        return Tensor(storage: Storage(copyingFloats: out, as: .bool), shape: out.shape)
    }

    public static func == (a: Tensor, b: Tensor) throws -> Tensor { try a.compare(b, ==, ==) }
    public static func != (a: Tensor, b: Tensor) throws -> Tensor { try a.compare(b, !=, !=) }
    public static func < (a: Tensor, b: Tensor) throws -> Tensor { try a.compare(b, <, <) }
    public static func <= (a: Tensor, b: Tensor) throws -> Tensor { try a.compare(b, <=, <=) }
    public static func > (a: Tensor, b: Tensor) throws -> Tensor { try a.compare(b, >, >) }
    public static func >= (a: Tensor, b: Tensor) throws -> Tensor { try a.compare(b, >=, >=) }

    public static func == (a: Tensor, s: Double) -> Tensor { a.compare(s, ==, ==) }
    public static func != (a: Tensor, s: Double) -> Tensor { a.compare(s, !=, !=) }
    public static func < (a: Tensor, s: Double) -> Tensor { a.compare(s, <, <) }
    public static func <= (a: Tensor, s: Double) -> Tensor { a.compare(s, <=, <=) }
    public static func > (a: Tensor, s: Double) -> Tensor { a.compare(s, >, >) }
    public static func >= (a: Tensor, s: Double) -> Tensor { a.compare(s, >=, >=) }

    /// Whether `|self - other| <= atol + rtol * |other|` everywhere (PyTorch's `allclose`).
    public func allClose(_ other: Tensor, rtol: Double = 1e-5, atol: Double = 1e-8) throws -> Bool {
        let close = try toFloat().zipData(other.toFloat()) { a, b in
            (a == b || Swift.abs(Double(a) - Double(b)) <= atol + rtol * Swift.abs(Double(b))) ? 1 : 0
        }
        return close.floats.allSatisfy { $0 == 1 }
    }

    /// Whether both tensors have the same shape and elements (PyTorch's `equal`).
    public func equal(_ other: Tensor) -> Bool { shape == other.shape && floats == other.floats }
}

extension Storage {
    /// A storage of `dtype` holding a float tensor's contiguous values.
    convenience init(copyingFloats source: Tensor, as dtype: DType) {
        self.init(count: source.count, dtype: dtype, zeroed: false)
        let c = source.contiguousData()
        floats.update(from: c.floatPointer, count: source.count)
    }
}
