/// Conversions between dtypes: `x.to(.float64)`, `x.double()`, `x.long()`, as
/// PyTorch converts (floats to integers toward zero, integers wrapping into
/// narrower types, non-zero to `true`). A conversion between floating-point
/// types is differentiable; one to an integer or bool type ends the graph.
extension Tensor {
    /// This tensor as `dtype`: itself when it already has that dtype (as PyTorch's `to`).
    public func to(_ dtype: DType) -> Tensor {
        if dtype == self.dtype { return self }
        let out = convertedData(to: dtype)
        guard dtype.isFloatingPoint && self.dtype.isFloatingPoint else { return out }
        let source = self.dtype
        return out.recordOperation("ToCopyBackward0", inputs: [self]) { g, _, _ in [g.convertedData(to: source)] }
    }

    /// `to(.float32)`.
    public func float() -> Tensor { to(.float32) }
    /// `to(.float64)`.
    public func double() -> Tensor { to(.float64) }
    /// `to(.int64)`.
    public func long() -> Tensor { to(.int64) }
    /// `to(.int32)`.
    public func int() -> Tensor { to(.int32) }
    /// `to(.bool)`.
    public func bool() -> Tensor { to(.bool) }
    /// `to(.uint8)`.
    public func byte() -> Tensor { to(.uint8) }

    /// The data converted to `dtype`, contiguous and without history (itself
    /// when the dtype matches and the data is contiguous).
    package func convertedData(to dtype: DType) -> Tensor {
        if dtype == self.dtype { return contiguousData() }
        let src = contiguousData()
        let out = Tensor.empty(shape, dtype: dtype)
        let n = count
        func convert<S, D>(_: S.Type, _ dst: UnsafeMutablePointer<D>, _ f: (S) -> D) {
            let p = src.storage.raw.assumingMemoryBound(to: S.self) + src.offset
            for i in 0..<n { dst[i] = f(p[i]) }
        }
        func write<D>(_ dst: UnsafeMutablePointer<D>, fromFloat: (Float) -> D, fromDouble: (Double) -> D, fromInteger: (Int64) -> D) {
            switch self.dtype {
            case .float32, .bool: convert(Float.self, dst, fromFloat)
            case .float64: convert(Double.self, dst, fromDouble)
            case .int64: convert(Int64.self, dst) { fromInteger($0) }
            case .int32: convert(Int32.self, dst) { fromInteger(Int64($0)) }
            case .uint8: convert(UInt8.self, dst) { fromInteger(Int64($0)) }
            }
        }
        switch dtype {
        case .float32: write(out.storage.floats, fromFloat: { $0 }, fromDouble: { Float($0) }, fromInteger: { Float($0) })
        case .bool: write(out.storage.floats, fromFloat: { $0 != 0 ? 1 : 0 }, fromDouble: { $0 != 0 ? 1 : 0 }, fromInteger: { $0 != 0 ? 1 : 0 })
        case .float64: write(out.storage.doubles, fromFloat: { Double($0) }, fromDouble: { $0 }, fromInteger: { Double($0) })
        case .int64:
            write(out.storage.int64s, fromFloat: { self.dtype == .bool ? Int64($0) : Tensor.integer(Double($0)) },
                  fromDouble: { Tensor.integer($0) }, fromInteger: { $0 })
        case .int32:
            write(out.storage.int32s, fromFloat: { Int32(truncatingIfNeeded: Tensor.integer(Double($0))) },
                  fromDouble: { Int32(truncatingIfNeeded: Tensor.integer($0)) }, fromInteger: { Int32(truncatingIfNeeded: $0) })
        case .uint8:
            write(out.storage.uint8s, fromFloat: { UInt8(truncatingIfNeeded: Tensor.integer(Double($0))) },
                  fromDouble: { UInt8(truncatingIfNeeded: Tensor.integer($0)) }, fromInteger: { UInt8(truncatingIfNeeded: $0) })
        }
        withExtendedLifetime(src) {}
        return out
    }
}
