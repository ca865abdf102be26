/// PyTorch's type promotion (`torch.result_type`) and the kernels that compute
/// in float64 and in exact integers. float32 keeps its own kernels
/// (`Tensor+Elementwise.swift`); the dtype is chosen once per operation, never
/// inside a loop.
extension Tensor {
    /// The kind of a number written next to a tensor (`x * 2`, `x * 2.5`),
    /// which PyTorch treats as a "wrapped number" of lower priority than tensors.
    public enum ScalarKind: Sendable {
        case bool, integer, floating
    }

    /// The dtype of an operation between `self` and `other`: tensors with
    /// dimensions decide, a zero-dimensional tensor only when its kind is higher.
    public func resultType(_ other: Tensor) -> DType {
        let (dim, zero): (DType?, DType?)
        switch (rank > 0, other.rank > 0) {
        case (true, true), (false, false): (dim, zero) = (DType.promote(dtype, other.dtype), nil)
        case (true, false): (dim, zero) = (dtype, other.dtype)
        case (false, true): (dim, zero) = (other.dtype, dtype)
        }
        return Tensor.combine(dim!, zero)
    }

    /// The dtype of an operation between `self` and a number of `kind`: an
    /// integer tensor with a Double gives float32, a bool tensor with an Int int64.
    public func resultType(_ kind: ScalarKind) -> DType {
        let scalar: DType = kind == .floating ? .float32 : kind == .integer ? .int64 : .bool
        return Tensor.combine(dtype, scalar)
    }

    /// ATen's `combine_categories`: `lower` counts only when its kind is higher.
    private static func combine(_ higher: DType, _ lower: DType?) -> DType {
        guard let lower else { return higher }
        if higher.isFloatingPoint { return higher }
        if higher == .bool || lower.isFloatingPoint { return DType.promote(higher, lower) }
        return higher
    }

    /// The dtype of true division (`/`): integer and bool results become float32.
    static func divisionType(_ type: DType) -> DType { type.isFloatingPoint ? type : .float32 }

    // MARK: Kernels

    /// Applies `f` to every element read as `T`, giving a tensor of `dtype`
    /// (whose elements are `T`); `self` is converted to `dtype` first.
    @inline(__always)
    func mapElements<T>(as dtype: DType, _ f: (T) -> T) -> Tensor {
        let src = convertedData(to: dtype)
        let out = Tensor.empty(shape, dtype: dtype)
        let s = src.storage.raw.assumingMemoryBound(to: T.self) + src.offset
        let d = out.storage.raw.assumingMemoryBound(to: T.self)
        for i in 0..<count { d[i] = f(s[i]) }
        withExtendedLifetime(src) {}
        return out
    }

    /// Combines two tensors of broadcastable shapes element by element, both
    /// read as `dtype` (whose elements are `T`).
    @inline(__always)
    static func zipElements<T>(_ a: Tensor, _ b: Tensor, as dtype: DType, _ f: (T, T) -> T) throws -> Tensor {
        let x = a.convertedData(to: dtype), y = b.convertedData(to: dtype)
        defer { withExtendedLifetime((x, y)) {} }
        let px = x.storage.raw.assumingMemoryBound(to: T.self) + x.offset
        let py = y.storage.raw.assumingMemoryBound(to: T.self) + y.offset
        if x.shape == y.shape {
            let out = Tensor.empty(x.shape, dtype: dtype)
            let d = out.storage.raw.assumingMemoryBound(to: T.self)
            for i in 0..<x.count { d[i] = f(px[i], py[i]) }
            return out
        }
        let shape = try Broadcasting.shape(x.shape, y.shape)
        try MemoryBudget.check(shape: shape, for: "the result of broadcasting")
        let out = Tensor.empty(shape, dtype: dtype)
        let d = out.storage.raw.assumingMemoryBound(to: T.self)
        Broadcasting.forEach(
            shape: shape,
            stridesA: Broadcasting.strides(of: x, expandedTo: shape), offsetA: 0,
            stridesB: Broadcasting.strides(of: y, expandedTo: shape), offsetB: 0
        ) { i, pa, pb in d[i] = f(px[pa], py[pb]) }
        return out
    }

    /// Three same-shaped tensors combined in float64 (backward formulas).
    static func zipDoubles(_ a: Tensor, _ b: Tensor, _ c: Tensor, _ f: (Double, Double, Double) -> Double) -> Tensor {
        precondition(a.shape == b.shape && a.shape == c.shape)
        let x = a.convertedData(to: .float64), y = b.convertedData(to: .float64), z = c.convertedData(to: .float64)
        let out = Tensor.empty(a.shape, dtype: .float64)
        let px = x.storage.doubles + x.offset, py = y.storage.doubles + y.offset, pz = z.storage.doubles + z.offset
        let d = out.storage.doubles
        for i in 0..<a.count { d[i] = f(px[i], py[i], pz[i]) }
        withExtendedLifetime((x, y, z)) {}
        return out
    }

    /// An integer operation computed exactly in int64 and stored as `dtype`
    /// (wrapping into int32 and uint8 as PyTorch's integer arithmetic does).
    static func integerData(_ a: Tensor, _ b: Tensor, as dtype: DType, _ f: (Int64, Int64) -> Int64) throws -> Tensor {
        let out = try zipElements(a, b, as: .int64, f)
        return dtype == .int64 ? out : out.convertedData(to: dtype)
    }

    /// `integerData` with a number on the right.
    func integerData(_ s: Int64, as dtype: DType, _ f: (Int64, Int64) -> Int64) -> Tensor {
        let out = mapElements(as: .int64) { f($0, s) }
        return dtype == .int64 ? out : out.convertedData(to: dtype)
    }

    /// The error PyTorch gives for an operation its kernels lack for this dtype
    /// (`"conv2d" not implemented for 'Double'`).
    func requireFloat32(_ name: String) throws {
        guard dtype == .float32 else {
            throw TensorError("\"\(name)\" not implemented for '\(dtype.scalarTypeName)'; convert with .float() first")
        }
    }
}
