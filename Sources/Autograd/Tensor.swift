/// An n-dimensional array with reverse-mode automatic differentiation,
/// PyTorch's `torch.Tensor`: a reference type whose views share storage.
public final class Tensor {
    /// The memory this tensor views.
    public internal(set) var storage: Storage
    /// Size of each dimension; `[]` for a scalar.
    public internal(set) var shape: [Int]
    /// Elements to skip in storage to move one step along each dimension.
    public internal(set) var strides: [Int]
    /// Index in storage of the first element.
    public internal(set) var offset: Int

    /// The node that created this tensor, for tensors computed from ones that require grad.
    public internal(set) var gradFn: GradFn?
    /// The accumulated gradient of a leaf after `backward()`.
    public var grad: Tensor?
    /// Whether a leaf requires grad (non-leaves derive it from `gradFn`).
    var leafRequiresGrad = false
    /// The node that accumulates into this leaf's `grad`, shared by every graph that uses it.
    weak var gradAccumulator: GradFn?
    /// A name for pictures of the graph (`graph(of:)`), such as the variable name in a cell.
    public var label: String?
    /// Whether the tensor is a module's parameter (PyTorch's `nn.Parameter`), which
    /// prints as `Parameter containing:` before the tensor.
    public var isParameter = false

    /// Wraps existing storage; the designated initializer every other one ends in.
    init(storage: Storage, shape: [Int], strides: [Int]? = nil, offset: Int = 0) {
        self.storage = storage
        self.shape = shape
        self.strides = strides ?? Tensor.contiguousStrides(for: shape)
        self.offset = offset
    }

    /// A new tensor of the given shape, zero-filled.
    convenience init(zeros shape: [Int], dtype: DType = .float32) {
        self.init(storage: Storage(count: Tensor.saturatedCount(shape), dtype: dtype), shape: shape)
    }

    /// The element count of `shape`, `Int.max` when the product overflows (which
    /// no storage can hold, so the memory budget refuses it).
    static func saturatedCount(_ shape: [Int]) -> Int {
        var count = 1
        for d in shape {
            let (p, overflow) = count.multipliedReportingOverflow(by: d)
            if overflow { return Int.max }
            count = p
        }
        return count
    }

    /// A new uninitialised tensor, for kernels that write every element.
    static func empty(_ shape: [Int], dtype: DType = .float32) -> Tensor {
        Tensor(storage: Storage(count: saturatedCount(shape), dtype: dtype, zeroed: false), shape: shape)
    }

    // MARK: Creation from Swift values

    /// A float32 tensor of `shape` holding `floats` in row-major order.
    public convenience init(shape: [Int], floats: [Float], requiresGrad: Bool = false) {
        precondition(shape.reduce(1, *) == floats.count, "shape \(shape) does not hold \(floats.count) elements")
        self.init(zeros: shape)
        floats.withUnsafeBufferPointer { storage.floats.update(from: $0.baseAddress!, count: $0.count) }
        leafRequiresGrad = requiresGrad
    }

    /// An int64 tensor of `shape` holding `int64s`.
    public convenience init(shape: [Int], int64s: [Int64]) {
        precondition(shape.reduce(1, *) == int64s.count, "shape \(shape) does not hold \(int64s.count) elements")
        self.init(zeros: shape, dtype: .int64)
        int64s.withUnsafeBufferPointer { storage.int64s.update(from: $0.baseAddress!, count: $0.count) }
    }

    /// A bool tensor of `shape` holding `bools`.
    public convenience init(shape: [Int], bools: [Bool]) {
        precondition(shape.reduce(1, *) == bools.count, "shape \(shape) does not hold \(bools.count) elements")
        self.init(zeros: shape, dtype: .bool)
        for (i, b) in bools.enumerated() { storage.floats[i] = b ? 1 : 0 }
    }

    /// A float64 tensor of `shape` holding `doubles`.
    public convenience init(shape: [Int], doubles: [Double], requiresGrad: Bool = false) {
        precondition(shape.reduce(1, *) == doubles.count, "shape \(shape) does not hold \(doubles.count) elements")
        self.init(zeros: shape, dtype: .float64)
        doubles.withUnsafeBufferPointer { storage.doubles.update(from: $0.baseAddress!, count: $0.count) }
        leafRequiresGrad = requiresGrad
    }

    /// A tensor of `dtype` holding `values` converted as `Tensor.to(_:)` converts
    /// (floats to integers toward zero, integers wrapping into narrower types).
    public convenience init(shape: [Int], values: [Double], dtype: DType) {
        precondition(shape.reduce(1, *) == values.count, "shape \(shape) does not hold \(values.count) elements")
        self.init(zeros: shape, dtype: dtype)
        let n = values.count
        switch dtype {
        case .float32: for i in 0..<n { storage.floats[i] = Float(values[i]) }
        case .bool: for i in 0..<n { storage.floats[i] = values[i] != 0 ? 1 : 0 }
        case .float64: for i in 0..<n { storage.doubles[i] = values[i] }
        case .int64: for i in 0..<n { storage.int64s[i] = Tensor.integer(values[i]) }
        case .int32: for i in 0..<n { storage.int32s[i] = Int32(truncatingIfNeeded: Tensor.integer(values[i])) }
        case .uint8: for i in 0..<n { storage.uint8s[i] = UInt8(truncatingIfNeeded: Tensor.integer(values[i])) }
        }
    }

    /// A tensor of an integer or bool `dtype` holding `values`, wrapping into narrower types.
    public convenience init(shape: [Int], integers values: [Int64], dtype: DType) {
        precondition(shape.reduce(1, *) == values.count, "shape \(shape) does not hold \(values.count) elements")
        self.init(zeros: shape, dtype: dtype)
        let n = values.count
        switch dtype {
        case .float32: for i in 0..<n { storage.floats[i] = Float(values[i]) }
        case .bool: for i in 0..<n { storage.floats[i] = values[i] != 0 ? 1 : 0 }
        case .float64: for i in 0..<n { storage.doubles[i] = Double(values[i]) }
        case .int64: values.withUnsafeBufferPointer { storage.int64s.update(from: $0.baseAddress!, count: n) }
        case .int32: for i in 0..<n { storage.int32s[i] = Int32(truncatingIfNeeded: values[i]) }
        case .uint8: for i in 0..<n { storage.uint8s[i] = UInt8(truncatingIfNeeded: values[i]) }
        }
    }

    /// A float converted to an integer toward zero; NaN, infinities and values
    /// beyond int64 give int64's minimum, as PyTorch's CPU conversion does.
    @inline(__always)
    static func integer(_ v: Double) -> Int64 {
        v.isFinite && v > -9.223372036854775808e18 && v < 9.223372036854775808e18 ? Int64(v) : Int64.min
    }

    /// A one-dimensional float32 tensor: `Tensor([2.0, 3.0], requiresGrad: true)`.
    public convenience init(_ values: [Double], requiresGrad: Bool = false) {
        self.init(shape: [values.count], floats: values.map { Float($0) }, requiresGrad: requiresGrad)
    }

    /// A two-dimensional float32 tensor from nested arrays; rows must have equal lengths.
    public convenience init(_ rows: [[Double]], requiresGrad: Bool = false) throws {
        let width = rows.first?.count ?? 0
        guard rows.allSatisfy({ $0.count == width }) else {
            throw TensorError("expected sequence of length \(width) at dim 1 (got \(rows.first { $0.count != width }!.count))")
        }
        self.init(shape: [rows.count, width], floats: rows.flatMap { $0.map { Float($0) } }, requiresGrad: requiresGrad)
    }

    /// A zero-dimensional float32 tensor holding `value`.
    public convenience init(_ value: Double, requiresGrad: Bool = false) {
        self.init(shape: [], floats: [Float(value)], requiresGrad: requiresGrad)
    }

    // MARK: Properties

    /// The element type.
    public var dtype: DType { storage.dtype }
    /// Number of elements.
    public var count: Int { shape.reduce(1, *) }
    /// Number of dimensions.
    public var rank: Int { shape.count }
    /// Whether this tensor was created by the user rather than by an operation that records a graph.
    public var isLeaf: Bool { gradFn == nil }
    /// Whether gradients flow to this tensor: a leaf the user marked, or the output of an operation on one.
    public var requiresGrad: Bool { gradFn != nil || leafRequiresGrad }

    /// Sets `requiresGrad` with PyTorch's rules: only on leaves and floating-point tensors.
    public func setRequiresGrad(_ flag: Bool) throws {
        guard isLeaf else {
            throw TensorError(
                "you can only change requires_grad flags of leaf variables. If you want to use a computed variable in a subgraph that doesn't require differentiation use var_no_grad = var.detach().")
        }
        if flag && !dtype.isFloatingPoint {
            throw TensorError("only Tensors of floating point and complex dtype can require gradients")
        }
        leafRequiresGrad = flag
    }

    /// Marks a leaf as requiring grad and returns it (PyTorch's `requires_grad_()`).
    @discardableResult
    public func requiresGrad(_ flag: Bool) throws -> Tensor {
        try setRequiresGrad(flag)
        return self
    }

    /// Whether the elements are laid out densely in row-major order.
    public var isContiguous: Bool {
        var expected = 1
        for d in stride(from: rank - 1, through: 0, by: -1) where shape[d] != 1 {
            if strides[d] != expected { return false }
            expected *= shape[d]
        }
        return true
    }

    static func contiguousStrides(for shape: [Int]) -> [Int] {
        var strides = [Int](repeating: 1, count: shape.count)
        var s = 1
        for d in stride(from: shape.count - 1, through: 0, by: -1) {
            strides[d] = s
            // Wraps rather than traps: only a shape with a zero dimension (no
            // element to address) can get this far with a product this large.
            s = s &* shape[d]
        }
        return strides
    }

    // MARK: Reading data

    /// The value of a one-element tensor.
    public func item() throws -> Double {
        guard count == 1 else {
            throw TensorError("a Tensor with \(count) elements cannot be converted to Scalar")
        }
        return element(at: offset)
    }

    /// The element at storage position `position`, as a double.
    @inline(__always)
    func element(at position: Int) -> Double {
        switch dtype {
        case .float32, .bool: return Double(storage.floats[position])
        case .float64: return storage.doubles[position]
        case .int64: return Double(storage.int64s[position])
        case .int32: return Double(storage.int32s[position])
        case .uint8: return Double(storage.uint8s[position])
        }
    }

    /// The elements of this tensor's contiguous data read as `Source` and converted by `f`.
    private func mapElements<Source, Result>(_: Source.Type, _ f: (Source) -> Result) -> [Result] {
        let c = contiguousData()
        let p = c.storage.raw.assumingMemoryBound(to: Source.self) + c.offset
        let n = count
        return withExtendedLifetime(c) { (0..<n).map { f(p[$0]) } }
    }

    /// The elements in row-major order as floats (other dtypes converted).
    public var floats: [Float] {
        switch dtype {
        case .float32, .bool:
            let c = contiguousData()
            return withExtendedLifetime(c) { Array(UnsafeBufferPointer(start: c.storage.floats + c.offset, count: count)) }
        case .float64: return mapElements(Double.self) { Float($0) }
        case .int64: return mapElements(Int64.self) { Float($0) }
        case .int32: return mapElements(Int32.self) { Float($0) }
        case .uint8: return mapElements(UInt8.self) { Float($0) }
        }
    }

    /// The elements in row-major order as doubles (other dtypes converted).
    public var doubles: [Double] {
        switch dtype {
        case .float32, .bool: return mapElements(Float.self) { Double($0) }
        case .float64: return mapElements(Double.self) { $0 }
        case .int64: return mapElements(Int64.self) { Double($0) }
        case .int32: return mapElements(Int32.self) { Double($0) }
        case .uint8: return mapElements(UInt8.self) { Double($0) }
        }
    }

    /// The elements in row-major order as 64-bit integers (floats truncated toward zero).
    public var int64s: [Int64] {
        switch dtype {
        case .int64: return mapElements(Int64.self) { $0 }
        case .float32, .bool: return mapElements(Float.self) { Tensor.integer(Double($0)) }
        case .float64: return mapElements(Double.self) { Tensor.integer($0) }
        case .int32: return mapElements(Int32.self) { Int64($0) }
        case .uint8: return mapElements(UInt8.self) { Int64($0) }
        }
    }

    /// The elements in row-major order as booleans (non-zero is true).
    public var bools: [Bool] {
        switch dtype {
        case .float32, .bool: return floats.map { $0 != 0 }
        default: return doubles.map { $0 != 0 }
        }
    }

    /// This tensor's data laid out contiguously: itself when already so, else a copy.
    /// Records no graph; kernels use it to read their inputs.
    func contiguousData() -> Tensor {
        if isContiguous { return self }
        let out = Tensor.empty(shape, dtype: dtype)
        func copy<T>(_: T.Type) {
            let dst = out.storage.raw.assumingMemoryBound(to: T.self), src = storage.raw.assumingMemoryBound(to: T.self)
            var i = 0
            forEachOffset { dst[i] = src[$0]; i += 1 }
        }
        switch dtype.elementSize {
        case 8: copy(UInt64.self)
        case 4: copy(UInt32.self)
        default: copy(UInt8.self)
        }
        return out
    }

    /// A pointer to contiguous float data of this tensor (valid while the returned owner lives).
    @inline(__always) var floatPointer: UnsafeMutablePointer<Float> { storage.floats + offset }

    /// Calls `body` with the storage offset of every element, in row-major order.
    @inline(__always)
    func forEachOffset(_ body: (Int) -> Void) {
        let n = count
        if n == 0 { return }
        if rank == 0 { body(offset); return }
        var index = [Int](repeating: 0, count: rank)
        var position = offset
        let last = rank - 1
        let lastSize = shape[last], lastStride = strides[last]
        var done = 0
        while done < n {
            var p = position
            for _ in 0..<lastSize { body(p); p += lastStride }
            done += lastSize
            // Carry into the outer dimensions.
            var d = last - 1
            while d >= 0 {
                index[d] += 1
                position += strides[d]
                if index[d] < shape[d] { break }
                position -= strides[d] * shape[d]
                index[d] = 0
                d -= 1
            }
        }
    }

    /// A new tensor sharing this one's data but with no history (`detach()`).
    public func detach() -> Tensor {
        Tensor(storage: storage, shape: shape, strides: strides, offset: offset)
    }

    /// Whether `tensor` is a dense floating-point tensor with no history that nothing else
    /// refers to: neither the tensor nor its storage has another reference, so it
    /// can be handed on without a defensive copy.
    static func isSoleOwner(_ tensor: inout Tensor) -> Bool {
        guard isKnownUniquelyReferenced(&tensor), isKnownUniquelyReferenced(&tensor.storage) else { return false }
        return tensor.gradFn == nil && tensor.dtype.isFloatingPoint && tensor.offset == 0
            && tensor.storage.count == tensor.count && tensor.isContiguous
    }

    /// A contiguous copy of the data with no history.
    func dataCopy() -> Tensor {
        let c = contiguousData()
        if c !== self { return c }
        let out = Tensor.empty(shape, dtype: dtype)
        out.storage.raw.copyMemory(from: storage.raw + offset * dtype.elementSize, byteCount: count * dtype.elementSize)
        return out
    }
}
