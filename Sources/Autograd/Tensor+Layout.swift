/// Rearranging elements: splitting (`chunk`, `split`, `unbind`, `narrow`),
/// repeating (`expand`, `repeat`, `tile`, `meshgrid`), reordering (`flip`,
/// `roll`, `movedim`), the triangular and diagonal parts (`tril`, `triu`,
/// `diag`, `diagonal`, `diagEmbed`), joining (`hstack`, `vstack`) and `cross`,
/// with PyTorch's checks, messages, views and backwards.
///
/// The kernels move elements byte for byte, so every operation here works on
/// tensors of any dtype; only `cross` computes.
extension Tensor {
    // MARK: Kernels

    /// Where the elements of a strided view lie in its storage.
    struct Geometry {
        var shape: [Int]
        var strides: [Int]
        var offset: Int
    }

    /// This tensor's geometry.
    var geometry: Geometry { Geometry(shape: shape, strides: strides, offset: offset) }

    /// The geometry of a dense row-major tensor of `shape`.
    static func denseGeometry(_ shape: [Int]) -> Geometry {
        Geometry(shape: shape, strides: contiguousStrides(for: shape), offset: 0)
    }

    /// Copies the elements of the strided view `source` of `from` to the
    /// corresponding elements of the view `target` of `to` (same shape, same
    /// element size), byte for byte. Strides may be zero or negative. Stops
    /// early, leaving `to` partly written, when the current work is cancelled.
    static func copyElements(_ source: Geometry, of from: Storage, to target: Geometry, of to: Storage) {
        precondition(source.shape == target.shape && from.dtype.elementSize == to.dtype.elementSize)
        switch from.dtype.elementSize {
        case 1: copyElements(UInt8.self, source, from, target, to)
        case 2: copyElements(UInt16.self, source, from, target, to)
        case 4: copyElements(UInt32.self, source, from, target, to)
        case 8: copyElements(UInt64.self, source, from, target, to)
        default: copyElements(UInt8.self, bytes: from.dtype.elementSize, source, from, target, to)
        }
    }

    private static func copyElements<Word: FixedWidthInteger>(
        _: Word.Type, bytes: Int = MemoryLayout<Word>.size,
        _ source: Geometry, _ from: Storage, _ target: Geometry, _ to: Storage
    ) {
        let shape = source.shape
        let n = saturatedCount(shape)
        if n == 0 { return }
        let words = bytes / MemoryLayout<Word>.size
        let src = from.raw, dst = to.raw
        @inline(__always) func move(_ s: Int, _ d: Int) {
            if words == 1 {
                (dst + d * bytes).storeBytes(of: (src + s * bytes).load(as: Word.self), as: Word.self)
            } else {
                (dst + d * bytes).copyMemory(from: src + s * bytes, byteCount: bytes)
            }
        }
        let rank = shape.count
        if rank == 0 { move(source.offset, target.offset); return }
        let last = rank - 1
        let size = shape[last], ss = source.strides[last], ts = target.strides[last]
        var index = [Int](repeating: 0, count: rank)
        var ps = source.offset, pt = target.offset
        let cancellation = Cancellation.current
        for row in 0..<(n / size) {
            if row & 255 == 0 && Cancellation.shouldStop(cancellation) { return }
            var qs = ps, qt = pt
            for _ in 0..<size {
                move(qs, qt)
                qs += ss; qt += ts
            }
            var d = last - 1
            while d >= 0 {
                index[d] += 1
                ps += source.strides[d]; pt += target.strides[d]
                if index[d] < shape[d] { break }
                ps -= source.strides[d] * shape[d]; pt -= target.strides[d] * shape[d]
                index[d] = 0
                d -= 1
            }
        }
    }

    /// A new dense tensor of this dtype holding the elements of the view
    /// `view` of this tensor's storage; records nothing.
    func copying(_ view: Geometry) -> Tensor {
        let out = Tensor.empty(view.shape, dtype: dtype)
        Tensor.copyElements(view, of: storage, to: Tensor.denseGeometry(view.shape), of: out.storage)
        return out
    }

    /// This tensor's elements in a new dense tensor of its dtype; records nothing.
    func denseCopy() -> Tensor { copying(geometry) }

    /// The gradient of a view of an input of `shape`: zeros, with `grad`
    /// written where `view` (applied to a dense tensor of `shape`) puts the
    /// view's elements.
    static func gradient(_ grad: Tensor, intoZeros shape: [Int], at view: (Geometry) -> Geometry) -> Tensor {
        let out = Tensor(zeros: shape, dtype: grad.dtype)
        copyElements(grad.geometry, of: grad.storage, to: view(denseGeometry(shape)), of: out.storage)
        return out
    }

    /// A view of this tensor's storage recording `name`'s backward, as output
    /// `outputIndex` of an operation with several outputs.
    private func layoutView(
        _ view: Geometry, name: String, outputIndex: Int = 0, backward: @escaping GradFn.Backward
    ) -> Tensor {
        let out = Tensor(storage: storage, shape: view.shape, strides: view.strides, offset: view.offset)
        out.recordOperation(name, inputs: [self], backward: backward)
        out.gradFn?.outputIndex = outputIndex
        return out
    }

    /// A view of elements `start..<start + length` of dimension `dim`.
    static func narrowed(_ g: Geometry, dim: Int, start: Int, length: Int) -> Geometry {
        var v = g
        v.shape[dim] = length
        v.offset += start * g.strides[dim]
        return v
    }

    /// The diagonal of dimensions `dim1` and `dim2` (distinct, non-negative)
    /// shifted by `offset`, as the last dimension of a view.
    static func diagonalGeometry(_ g: Geometry, offset: Int, dim1: Int, dim2: Int) -> Geometry {
        let (s1, s2) = (g.shape[dim1], g.shape[dim2])
        let length = Swift.max(offset >= 0 ? Swift.min(s1, s2 - offset) : Swift.min(s1 + offset, s2), 0)
        var v = g
        if length > 0 { v.offset += offset >= 0 ? offset * g.strides[dim2] : -offset * g.strides[dim1] }
        let diagonalStride = g.strides[dim1] + g.strides[dim2]
        for d in [dim1, dim2].sorted(by: >) {
            v.shape.remove(at: d)
            v.strides.remove(at: d)
        }
        v.shape.append(length)
        v.strides.append(diagonalStride)
        return v
    }

    /// The product of `shape`'s sizes, or PyTorch's error when it overflows.
    static func checkedCount(_ shape: [Int]) throws -> Int {
        var count = 1
        for d in shape {
            let (p, overflow) = count.multipliedReportingOverflow(by: d)
            guard !overflow else { throw TensorError("numel: integer multiplication overflow") }
            count = p
        }
        return count
    }

    // MARK: Splitting

    /// `chunks` views along `dim` of equal size (the last may be smaller),
    /// fewer when the dimension is too short (PyTorch's `chunk`).
    public func chunk(_ chunks: Int, dim: Int = 0) throws -> [Tensor] {
        guard rank > 0 else { throw TensorError("chunk expects at least a 1-dimensional tensor") }
        guard chunks > 0 else { throw TensorError("chunk expects `chunks` to be greater than 0, got: \(chunks)") }
        let d = try Dimension.wrap(dim, rank: rank)
        let size = shape[d]
        let splitSize = size / chunks + (size % chunks == 0 ? 0 : 1)
        if splitSize == 0 && size == 0 {
            return try split(sizes: [Int](repeating: 0, count: chunks), dim: d)
        }
        return try split(splitSize, dim: d)
    }

    /// Views along `dim` of `splitSize` elements each (the last may be smaller).
    public func split(_ splitSize: Int, dim: Int = 0) throws -> [Tensor] {
        guard rank > 0 else { throw TensorError("split expects at least a 1-dimensional tensor") }
        let d = try Dimension.wrap(dim, rank: rank)
        guard splitSize >= 0 else { throw TensorError("split expects split_size be non-negative, but got split_size=\(splitSize)") }
        let size = shape[d]
        guard splitSize != 0 || size == 0 else {
            throw TensorError("split_size can only be 0 if dimension size is 0, but got dimension size of \(size)")
        }
        let count = splitSize == 0 ? 1 : Swift.max(size / splitSize + (size % splitSize == 0 ? 0 : 1), 1)
        let sizes = (0..<count).map { Swift.min(splitSize, size - $0 * splitSize) }
        return pieces(sizes, dim: d, name: "SplitBackward0")
    }

    /// Views along `dim` of the given sizes, which must add up to its size.
    public func split(sizes: [Int], dim: Int = 0) throws -> [Tensor] {
        guard rank > 0 else { throw TensorError("split expects at least a 1-dimensional tensor") }
        let d = try Dimension.wrap(dim, rank: rank)
        guard sizes.allSatisfy({ $0 >= 0 }) else {
            throw TensorError("split_with_sizes expects split_sizes have only non-negative entries, but got split_sizes=\(describe(shape: sizes))")
        }
        var total = 0
        for s in sizes {
            let (t, overflow) = total.addingReportingOverflow(s)
            total = overflow ? Int.max : t
        }
        guard total == shape[d] else {
            throw TensorError("split_with_sizes expects split_sizes to sum exactly to \(shape[d]) (input tensor's size at dimension \(d)), but got split_sizes=\(describe(shape: sizes))")
        }
        return pieces(sizes, dim: d, name: "SplitWithSizesBackward0")
    }

    /// Consecutive views of `sizes` elements along `dim`, output `i` of `name`.
    private func pieces(_ sizes: [Int], dim d: Int, name: String) -> [Tensor] {
        let original = shape
        var start = 0
        return sizes.enumerated().map { i, length in
            let from = start
            start += length
            return layoutView(Tensor.narrowed(geometry, dim: d, start: from, length: length), name: name, outputIndex: i) { g, _, _ in
                [Tensor.gradient(g, intoZeros: original) { Tensor.narrowed($0, dim: d, start: from, length: length) }]
            }
        }
    }

    /// The slices along `dim`, each without that dimension (PyTorch's `unbind`).
    public func unbind(dim: Int = 0) throws -> [Tensor] {
        guard rank > 0 else { throw TensorError("Dimension specified as \(dim) but tensor has no dimensions") }
        let d = try Dimension.wrap(dim, rank: rank)
        let original = shape
        func selected(_ g: Geometry, _ i: Int) -> Geometry {
            var v = g
            v.offset += i * g.strides[d]
            v.shape.remove(at: d)
            v.strides.remove(at: d)
            return v
        }
        return (0..<shape[d]).map { i in
            layoutView(selected(geometry, i), name: "UnbindBackward0", outputIndex: i) { g, _, _ in
                [Tensor.gradient(g, intoZeros: original) { selected($0, i) }]
            }
        }
    }

    /// Elements `start..<start + length` along `dim` (a view); `start` may be negative.
    public func narrow(dim: Int, start: Int, length: Int) throws -> Tensor {
        guard rank > 0 else { throw TensorError("narrow() cannot be applied to a 0-dim tensor.") }
        guard length >= 0 else { throw TensorError("narrow(): length must be non-negative.") }
        let d = try Dimension.wrap(dim, rank: rank)
        let size = shape[d]
        guard start >= -size && start <= size else {
            throw TensorError("start out of range (expected to be in range of [\(-size), \(size)], but got \(start))")
        }
        let from = start < 0 ? start + size : start
        guard length <= size - from else {
            throw TensorError("start (\(from)) + length (\(length)) exceeds dimension size (\(size)).")
        }
        return try slice(dim: d, start: from, end: from + length)
    }

    // MARK: Repeating

    /// A view that repeats dimensions of size 1 (and new leading ones) to
    /// `sizes`; -1 keeps a size. No memory is copied (PyTorch's `expand`).
    public func expand(_ sizes: [Int]) throws -> Tensor {
        guard sizes.count >= rank else {
            throw TensorError("expand(\(dtype.legacyName){\(describe(shape: shape))}, size=\(describe(shape: sizes))): the number of sizes provided (\(sizes.count)) must be greater or equal to the number of dimensions in the tensor (\(rank))")
        }
        let n = sizes.count
        var outShape = [Int](repeating: 0, count: n), outStrides = [Int](repeating: 0, count: n)
        for i in stride(from: n - 1, through: 0, by: -1) {
            let d = rank - n + i
            var size = d >= 0 ? shape[d] : 1
            var step = d >= 0 ? strides[d] : (i + 1 < n ? outStrides[i + 1] &* outShape[i + 1] : 1)
            var target = sizes[i]
            if target == -1 {
                guard d >= 0 else {
                    throw TensorError("The expanded size of the tensor (-1) isn't allowed in a leading, non-existing dimension \(i)")
                }
                target = size
            }
            if size != target {
                guard size == 1 else {
                    throw TensorError("The expanded size of the tensor (\(target)) must match the existing size (\(size)) at non-singleton dimension \(i).  Target sizes: \(describe(shape: sizes)).  Tensor sizes: \(describe(shape: shape))")
                }
                size = target
                step = 0
            }
            outShape[i] = size
            outStrides[i] = step
        }
        guard outShape.allSatisfy({ $0 >= 0 }) else { throw TensorError("numel: integer multiplication overflow") }
        _ = try Tensor.checkedCount(outShape)
        let original = shape
        return layoutView(Geometry(shape: outShape, strides: outStrides, offset: offset), name: "ExpandBackward0") { g, _, _ in
            [g.sumToShape(original)]
        }
    }

    /// `expand` to the shape of `other`.
    public func expandAs(_ other: Tensor) throws -> Tensor { try expand(other.shape) }

    /// This tensor tiled `repeats[i]` times along each dimension, with new
    /// leading dimensions when `repeats` is longer than the shape (a copy).
    public func `repeat`(_ repeats: [Int]) throws -> Tensor {
        guard repeats.count >= rank else {
            throw TensorError("Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor")
        }
        let padded = [Int](repeating: 1, count: repeats.count - rank) + shape
        let paddedStrides = [Int](repeating: 0, count: repeats.count - rank) + strides
        let outShape = zip(padded, repeats).map { $0.multipliedReportingOverflow(by: $1).partialValue }
        for (p, r) in zip(padded, repeats) where p.multipliedReportingOverflow(by: r).overflow {
            throw TensorError("out of memory: the result of repeat has more elements than fit in an Int")
        }
        try MemoryBudget.check(shape: outShape, dtype: dtype, for: "the result of repeat")
        // Read as [r0, s0, r1, s1, …] with the repeated dimensions of stride 0.
        let interleaved = zip(repeats, padded).flatMap { [$0, $1] }
        let view = Geometry(shape: interleaved, strides: paddedStrides.flatMap { [0, $0] }, offset: offset)
        let tiled = copying(view)
        let out = Tensor(storage: tiled.storage, shape: outShape)
        let original = shape
        return out.recordOperation("RepeatBackward0", inputs: [self]) { g, _, _ in
            let dims = stride(from: 0, to: interleaved.count, by: 2).map { $0 }
            return [g.reshapedData(interleaved).sumData(dims: dims, keepDim: false).reshapedData(original)]
        }
    }

    /// `repeat` with `repeats` padded with leading 1s to this tensor's rank (PyTorch's `tile`).
    public func tile(_ repeats: [Int]) throws -> Tensor {
        try self.repeat([Int](repeating: 1, count: Swift.max(rank - repeats.count, 0)) + repeats)
    }

    /// Coordinate grids: one tensor per 0- or 1-dimensional input, each the
    /// input expanded over the shape of all their sizes (PyTorch's `meshgrid`).
    /// `indexing: "xy"` swaps the first two dimensions, as NumPy's default does.
    public static func meshgrid(_ tensors: [Tensor], indexing: String = "ij") throws -> [Tensor] {
        guard let first = tensors.first else { throw TensorError("meshgrid expects a non-empty TensorList") }
        for t in tensors where t.rank > 1 {
            throw TensorError("torch.meshgrid: Expected 0D or 1D tensor in the tensor list but got: [ \(t.dtype.legacyName){\(t.shape.map(String.init).joined(separator: ","))} ]")
        }
        guard tensors.allSatisfy({ $0.dtype == first.dtype }) else {
            throw TensorError("meshgrid expects all tensors to have the same dtype")
        }
        guard indexing == "ij" || indexing == "xy" else {
            throw TensorError("torch.meshgrid: indexing must be one of \"xy\" or \"ij\", but received: \(indexing)")
        }
        var inputs = tensors
        let swap = indexing == "xy" && tensors.count >= 2
        if swap { inputs.swapAt(0, 1) }
        let sizes = inputs.map(\.count)
        var grids = try inputs.enumerated().map { i, t -> Tensor in
            var viewShape = [Int](repeating: 1, count: inputs.count)
            viewShape[i] = -1
            return try t.reshape(viewShape).expand(sizes)
        }
        if swap { grids.swapAt(0, 1) }
        return grids
    }

    // MARK: Reordering

    /// The elements in reverse order along each of `dims` (a copy).
    public func flip(_ dims: [Int]) throws -> Tensor {
        let wrapped = try dims.map { try Dimension.wrap($0, rank: rank) }
        var seen = Set<Int>()
        for d in wrapped where !seen.insert(d).inserted {
            throw TensorError("dim \(d) appears multiple times in the list of dims")
        }
        let flipped = wrapped.filter { $0 < rank }
        func reversed(_ g: Geometry) -> Geometry {
            var v = g
            for d in flipped where v.shape[d] > 0 {
                v.offset += (v.shape[d] - 1) * v.strides[d]
                v.strides[d] = -v.strides[d]
            }
            return v
        }
        return copying(reversed(geometry)).recordOperation("FlipBackward0", inputs: [self]) { g, _, _ in
            [g.copying(reversed(g.geometry))]
        }
    }

    /// `flip` of the last dimension of a tensor of at least two (PyTorch's `fliplr`).
    public func fliplr() throws -> Tensor {
        guard rank >= 2 else { throw TensorError("Input must be >= 2-d.") }
        return try flip([1])
    }

    /// `flip` of the first dimension (PyTorch's `flipud`).
    public func flipud() throws -> Tensor {
        guard rank >= 1 else { throw TensorError("Input must be >= 1-d.") }
        return try flip([0])
    }

    /// The elements shifted `shifts[i]` places along `dims[i]`, those that
    /// fall off one end coming back at the other; without `dims`, the
    /// flattened tensor is shifted by the one shift and keeps its shape.
    public func roll(_ shifts: [Int], dims: [Int] = []) throws -> Tensor {
        guard !shifts.isEmpty else { throw TensorError("`shifts` required") }
        guard dims.isEmpty ? shifts.count == 1 : shifts.count == dims.count else {
            throw TensorError("shifts and dimensions must align. shifts: \(shifts.count), dims:\(dims.count)")
        }
        let wrapped = try dims.map { try Dimension.wrap($0, rank: rank) }
        let out = rolled(shifts, dims: wrapped)
        return out.recordOperation("RollBackward0", inputs: [self]) { g, _, _ in
            [g.rolled(shifts.map { 0 &- $0 }, dims: wrapped)]
        }
    }

    /// `roll`'s kernel: a dense copy of this tensor rolled along each dimension in turn.
    private func rolled(_ shifts: [Int], dims: [Int]) -> Tensor {
        if dims.isEmpty {
            let flat = Tensor(storage: denseCopy().storage, shape: [count])
            return Tensor(storage: flat.rolled(shifts, dims: [0]).storage, shape: shape)
        }
        var current = self
        for (shift, d) in zip(shifts, dims) where rank > 0 {
            let size = current.shape[d]
            let s = size == 0 ? 0 : ((shift % size) + size) % size
            let out = Tensor.empty(current.shape, dtype: dtype)
            let dense = Tensor.denseGeometry(current.shape)
            // The last `s` elements go to the front, the others after them.
            Tensor.copyElements(Tensor.narrowed(current.geometry, dim: d, start: size - s, length: s), of: current.storage,
                                to: Tensor.narrowed(dense, dim: d, start: 0, length: s), of: out.storage)
            Tensor.copyElements(Tensor.narrowed(current.geometry, dim: d, start: 0, length: size - s), of: current.storage,
                                to: Tensor.narrowed(dense, dim: d, start: s, length: size - s), of: out.storage)
            current = out
        }
        return current === self ? denseCopy() : current
    }

    /// Dimensions `source` moved to positions `destination`, the others
    /// keeping their order (a view, PyTorch's `movedim`).
    public func movedim(_ source: [Int], _ destination: [Int]) throws -> Tensor {
        guard source.count == destination.count else {
            throw TensorError("movedim: Invalid source or destination dims: source (\(describe(shape: source)) dims) should contain the same number of dims as destination (\(describe(shape: destination)) dims)")
        }
        let src = try source.map { try Dimension.wrap($0, rank: rank) }
        let dst = try destination.map { try Dimension.wrap($0, rank: rank) }
        guard Set(src).count == src.count else { throw TensorError("movedim: repeated dim in `source` (\(describe(shape: source)))") }
        guard Set(dst).count == dst.count else { throw TensorError("movedim: repeated dim in `destination` (\(describe(shape: destination)))") }
        guard rank > 0 else { return try permute([]) }
        var order = [Int](repeating: -1, count: rank)
        for (s, d) in zip(src, dst) { order[d] = s }
        var rest = (0..<rank).filter { !src.contains($0) }.makeIterator()
        for i in 0..<rank where order[i] == -1 { order[i] = rest.next()! }
        return try permute(order)
    }

    /// `movedim` of one dimension.
    public func movedim(_ source: Int, _ destination: Int) throws -> Tensor { try movedim([source], [destination]) }

    /// The view with dimensions `dim0` and `dim1` swapped (PyTorch's `swapaxes`, `transpose`).
    public func swapaxes(_ dim0: Int, _ dim1: Int) throws -> Tensor { try transpose(dim0, dim1) }

    /// Dimension `dim` split into `sizes` (one may be -1), a view where possible.
    public func unflatten(dim: Int, sizes: [Int]) throws -> Tensor {
        let d = try Dimension.wrap(dim, rank: rank)
        guard !sizes.isEmpty else { throw TensorError("unflatten: sizes must be non-empty") }
        let size = rank == 0 ? 1 : shape[d]
        let known = try Tensor.checkedCount(sizes.filter { $0 != -1 })
        let unknown = sizes.filter { $0 == -1 }.count
        let fits = unknown == 0 ? known == size : unknown == 1 && known != 0 && size % known == 0
        guard fits, sizes.allSatisfy({ $0 >= -1 }) else {
            throw TensorError("unflatten: Provided sizes \(describe(shape: sizes)) don't multiply up to the size of dim \(d) (\(size)) in the input tensor")
        }
        let resolved = sizes.map { $0 == -1 ? size / known : $0 }
        return try reshape(Array(shape[..<d]) + resolved + Array(shape[Swift.min(d + 1, rank)...]))
    }

    // MARK: Triangles and diagonals

    /// The lower triangle of the last two dimensions: elements on and below
    /// diagonal `diagonal` (above the main one when positive), zeros elsewhere.
    public func tril(diagonal: Int = 0) throws -> Tensor {
        try triangle(diagonal, lower: true)
    }

    /// The upper triangle of the last two dimensions: elements on and above
    /// diagonal `diagonal`, zeros elsewhere.
    public func triu(diagonal: Int = 0) throws -> Tensor {
        try triangle(diagonal, lower: false)
    }

    private func triangle(_ k: Int, lower: Bool) throws -> Tensor {
        guard rank >= 2 else { throw TensorError("\(lower ? "tril" : "triu"): input tensor must have at least 2 dimensions") }
        return triangleData(k, lower: lower).recordOperation(lower ? "TrilBackward0" : "TriuBackward0", inputs: [self]) { g, _, _ in
            [g.triangleData(k, lower: lower)]
        }
    }

    /// `tril`'s and `triu`'s kernel: a zero tensor with each row's kept part copied.
    private func triangleData(_ diagonal: Int, lower: Bool) -> Tensor {
        let out = Tensor(zeros: shape, dtype: dtype)
        let (n, m) = (shape[rank - 2], shape[rank - 1])
        let batch = Array(shape.dropLast(2))
        let rows = Tensor.saturatedCount(batch) * n
        guard m > 0 && rows > 0 else { return out }
        // Beyond n + m every element is kept or none is: clamping changes nothing and cannot overflow.
        let k = Swift.max(Swift.min(diagonal, n + m), -(n + m))
        let batchStrides = Tensor.contiguousStrides(for: batch)
        let (rowStride, columnStride) = (strides[rank - 2], strides[rank - 1])
        let cancellation = Cancellation.current
        for row in 0..<rows {
            if row & 255 == 0 && Cancellation.shouldStop(cancellation) { break }
            let i = row % n
            // Columns j with j - i <= k (lower) or j - i >= k (upper).
            let (lo, hi) = lower ? (0, Swift.min(m, Swift.max(0, i + k + 1))) : (Swift.min(m, Swift.max(0, i + k)), m)
            guard hi > lo else { continue }
            var source = offset + i * rowStride
            var rest = row / n
            for (d, s) in batchStrides.enumerated() {
                source += (rest / s) * strides[d]
                rest %= s
            }
            Tensor.copyElements(
                Geometry(shape: [hi - lo], strides: [columnStride], offset: source + lo * columnStride), of: storage,
                to: Geometry(shape: [hi - lo], strides: [1], offset: row * m + lo), of: out.storage)
        }
        return out
    }

    /// The diagonal of a matrix as a vector, or a vector as the diagonal of a
    /// square matrix; `diagonal` shifts it above (positive) or below the main one.
    public func diag(diagonal k: Int = 0) throws -> Tensor {
        switch rank {
        case 1:
            return try diagEmbed(offset: k, dim1: 0, dim2: 1)
        case 2:
            let view = Tensor.diagonalGeometry(geometry, offset: k, dim1: 0, dim2: 1)
            let original = shape
            return copying(view).recordOperation("DiagonalBackward0_copy", inputs: [self]) { g, _, _ in
                [Tensor.gradient(g, intoZeros: original) { Tensor.diagonalGeometry($0, offset: k, dim1: 0, dim2: 1) }]
            }
        default:
            throw TensorError("diag(): Supports 1D or 2D tensors. Got \(rank)D")
        }
    }

    /// The diagonal of dimensions `dim1` and `dim2`, shifted by `offset`, as
    /// the last dimension of a view (PyTorch's `diagonal`).
    public func diagonal(offset: Int = 0, dim1: Int = 0, dim2: Int = 1) throws -> Tensor {
        let d1 = try Dimension.wrap(dim1, rank: rank), d2 = try Dimension.wrap(dim2, rank: rank)
        guard d1 != d2 else { throw TensorError("diagonal dimensions cannot be identical \(dim1), \(dim2)") }
        let original = shape
        return layoutView(Tensor.diagonalGeometry(geometry, offset: offset, dim1: d1, dim2: d2), name: "DiagonalBackward0") { g, _, _ in
            [Tensor.gradient(g, intoZeros: original) { Tensor.diagonalGeometry($0, offset: offset, dim1: d1, dim2: d2) }]
        }
    }

    /// Matrices over dimensions `dim1` and `dim2` of the result whose diagonal
    /// `offset` holds this tensor's last dimension, zeros elsewhere (PyTorch's `diag_embed`).
    public func diagEmbed(offset: Int = 0, dim1: Int = -2, dim2: Int = -1) throws -> Tensor {
        let d1 = try Dimension.wrap(dim1, rank: rank + 1), d2 = try Dimension.wrap(dim2, rank: rank + 1)
        guard d1 != d2 else { throw TensorError("diagonal dimensions cannot be identical \(dim1), \(dim2)") }
        let (length, overflow) = (shape.last ?? 1).addingReportingOverflow(Int(offset.magnitude))
        guard !overflow, offset != Int.min else { throw TensorError("numel: integer multiplication overflow") }
        var outShape = Array(shape.dropLast())
        outShape.insert(length, at: Swift.min(d1, d2))
        outShape.insert(length, at: Swift.max(d1, d2))
        try MemoryBudget.check(shape: outShape, dtype: dtype, for: "the result of diag_embed")
        let out = Tensor(zeros: outShape, dtype: dtype)
        let diagonalView = Tensor.diagonalGeometry(Tensor.denseGeometry(outShape), offset: offset, dim1: d1, dim2: d2)
        Tensor.copyElements(geometry, of: storage, to: diagonalView, of: out.storage)
        let original = shape
        return out.recordOperation("DiagEmbedBackward0", inputs: [self]) { g, _, _ in
            let view = Tensor.diagonalGeometry(g.geometry, offset: offset, dim1: d1, dim2: d2)
            return [Tensor(storage: g.copying(view).storage, shape: original)]
        }
    }

    // MARK: Joining

    /// `cat` along the first dimension of 1-dimensional tensors, the second otherwise (PyTorch's `hstack`).
    public static func hstack(_ tensors: [Tensor]) throws -> Tensor {
        guard let first = tensors.first else { throw TensorError("hstack expects a non-empty TensorList") }
        let atLeast1d = try tensors.map { $0.rank == 0 ? try $0.reshape([1]) : $0 }
        return try cat(atLeast1d, dim: first.rank <= 1 ? 0 : 1)
    }

    /// `cat` along the first dimension, vectors and scalars becoming rows (PyTorch's `vstack`).
    public static func vstack(_ tensors: [Tensor]) throws -> Tensor {
        guard !tensors.isEmpty else { throw TensorError("vstack expects a non-empty TensorList") }
        let atLeast2d = try tensors.map { $0.rank < 2 ? try $0.reshape([1, $0.count]) : $0 }
        return try cat(atLeast2d, dim: 0)
    }

    // MARK: Cross product

    /// The cross product of the 3-vectors along `dim` (the first dimension of
    /// size 3 when nil, as `torch.cross` does), the other dimensions broadcasting.
    public func cross(_ other: Tensor, dim: Int? = nil) throws -> Tensor {
        guard rank == other.rank else { throw TensorError("linalg.cross: inputs must have the same number of dimensions.") }
        let d: Int
        if let dim {
            d = try Dimension.wrap(dim, rank: rank)
        } else {
            guard let first = shape.firstIndex(of: 3) else { throw TensorError("no dimension of size 3 in input") }
            d = first
        }
        guard rank > 0, shape[d] == 3, other.shape[d] == 3 else {
            throw TensorError("linalg.cross: inputs dimension \(d) must have length 3. Got \(rank > 0 ? shape[d] : 1) and \(other.rank > 0 ? other.shape[d] : 1)")
        }
        let outShape = try Broadcasting.shape(shape, other.shape)
        let out = try Tensor.crossData(self, other, dim: d, shape: outShape)
        let (sa, sb) = (shape, other.shape)
        return out.recordOperation("LinalgCrossBackward0", inputs: [self, other], saving: [self, other]) { g, saved, needs in
            [needs[0] ? try Tensor.crossData(saved[1], g, dim: d, shape: outShape).sumToShape(sa) : nil,
             needs[1] ? try Tensor.crossData(g, saved[0], dim: d, shape: outShape).sumToShape(sb) : nil]
        }
    }

    /// `cross`'s kernel over `a` and `b` broadcast to `shape`: exact for two
    /// int64 tensors, float32 otherwise.
    private static func crossData(_ a: Tensor, _ b: Tensor, dim d: Int, shape: [Int]) throws -> Tensor {
        let integers = a.dtype == .int64 && b.dtype == .int64
        let out = Tensor(zeros: shape, dtype: integers ? .int64 : .float32)
        func component(_ t: Tensor, _ k: Int) throws -> Tensor { try t.detach().select(dim: d, index: k) }
        for k in 0..<3 {
            let (i, j) = ((k + 1) % 3, (k + 2) % 3)
            let ai = try component(a, i), aj = try component(a, j), bi = try component(b, i), bj = try component(b, j)
            let target = try out.select(dim: d, index: k)
            if integers {
                var rest = shape
                rest.remove(at: d)
                let x = try ai.integerData(rest), y = try bj.integerData(rest), z = try aj.integerData(rest), w = try bi.integerData(rest)
                let values = (0..<x.count).map { (k: Int) -> Int64 in
                    let first: Int64 = x[k] &* y[k], second: Int64 = z[k] &* w[k]
                    return first &- second
                }
                try target.copyData(from: Tensor(shape: rest, int64s: values))
            } else {
                try target.copyData(from: try ai.zipData(bj, *).zipData(try aj.zipData(bi, *), -))
            }
        }
        out.storage.version = 0
        return out
    }

    /// The int64 elements of this tensor broadcast to `shape`.
    private func integerData(_ shape: [Int]) throws -> [Int64] {
        let out = Tensor(zeros: shape, dtype: .int64)
        try out.copyData(from: self)
        return out.int64s
    }
}
