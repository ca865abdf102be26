/// Reshaping, transposing, squeezing, indexing and slicing. Where PyTorch
/// returns a view, so do we: the result shares this tensor's storage.
extension Tensor {
    // MARK: Kernels

    /// This tensor's data in a new shape of the same count, as a view when
    /// contiguous and a copy otherwise; records nothing.
    package func reshapedData(_ newShape: [Int]) -> Tensor {
        precondition(newShape.reduce(1, *) == count, "reshape \(shape) to \(newShape)")
        let c = contiguousData()
        return Tensor(storage: c.storage, shape: newShape, offset: c.offset)
    }

    /// Resolves one `-1` in a requested shape, or throws PyTorch's error.
    func inferShape(_ requested: [Int]) throws -> [Int] {
        let invalid = TensorError("shape '\(describe(shape: requested))' is invalid for input of size \(count)")
        let unknown = requested.indices.filter { requested[$0] == -1 }
        guard unknown.count <= 1, requested.allSatisfy({ $0 >= -1 }) else {
            throw unknown.count > 1 ? TensorError("only one dimension can be inferred") : invalid
        }
        let known = requested.filter { $0 != -1 }.reduce(1, *)
        var result = requested
        if let u = unknown.first {
            guard known != 0, count % known == 0 else { throw invalid }
            result[u] = count / known
        }
        guard result.reduce(1, *) == count else { throw invalid }
        return result
    }

    /// A view with other strides over the same storage, recording `name`'s backward.
    private func view(shape: [Int], strides: [Int], offset: Int, name: String, backward: @escaping GradFn.Backward) -> Tensor {
        Tensor(storage: storage, shape: shape, strides: strides, offset: offset)
            .recordOperation(name, inputs: [self], backward: backward)
    }

    // MARK: Shape changes

    /// The same elements in a new shape (one dimension may be -1).
    public func reshape(_ newShape: [Int]) throws -> Tensor {
        let target = try inferShape(newShape)
        let original = shape
        let out = reshapedData(target)
        return out.recordOperation("ViewBackward0", inputs: [self]) { g, _, _ in [g.reshapedData(original)] }
    }

    /// PyTorch's `view`: `reshape` for our purposes.
    public func view(_ newShape: [Int]) throws -> Tensor { try reshape(newShape) }

    /// Flattens dimensions `startDim` through `endDim` into one.
    public func flatten(startDim: Int = 0, endDim: Int = -1) throws -> Tensor {
        if rank == 0 { return try reshape([1]) }
        let s = try Dimension.wrap(startDim, rank: rank), e = try Dimension.wrap(endDim, rank: rank)
        guard s <= e else { throw TensorError("flatten() has invalid args: start_dim cannot come after end_dim") }
        if s == e { return self }
        let merged = shape[s...e].reduce(1, *)
        return try reshape(Array(shape[..<s]) + [merged] + Array(shape[(e + 1)...]))
    }

    /// Removes every dimension of size 1.
    public func squeeze() -> Tensor {
        let original = shape
        let keep = shape.indices.filter { shape[$0] != 1 }
        return view(shape: keep.map { shape[$0] }, strides: keep.map { strides[$0] }, offset: offset, name: "SqueezeBackward0") { g, _, _ in
            [g.reshapedData(original)]
        }
    }

    /// Removes dimension `dim` if its size is 1.
    public func squeeze(dim: Int) throws -> Tensor {
        let d = try Dimension.wrap(dim, rank: rank)
        guard rank > 0, shape[d] == 1 else { return try reshape(shape) }
        let original = shape
        var s = shape, st = strides
        s.remove(at: d); st.remove(at: d)
        return view(shape: s, strides: st, offset: offset, name: "SqueezeBackward1") { g, _, _ in [g.reshapedData(original)] }
    }

    /// Inserts a dimension of size 1 at `dim`.
    public func unsqueeze(dim: Int) throws -> Tensor {
        let d = try Dimension.wrap(dim, rank: rank + 1)
        let original = shape
        var s = shape, st = strides
        s.insert(1, at: d)
        st.insert(d < rank ? strides[d] * shape[d] : 1, at: d)
        return view(shape: s, strides: st, offset: offset, name: "UnsqueezeBackward0") { g, _, _ in [g.reshapedData(original)] }
    }

    /// Swaps dimensions `dim0` and `dim1` (a view).
    public func transpose(_ dim0: Int, _ dim1: Int) throws -> Tensor {
        let a = try Dimension.wrap(dim0, rank: rank), b = try Dimension.wrap(dim1, rank: rank)
        var s = shape, st = strides
        s.swapAt(a, b); st.swapAt(a, b)
        return view(shape: s, strides: st, offset: offset, name: "TransposeBackward0") { g, _, _ in
            [try g.transpose(a, b)]
        }
    }

    /// The transpose of a matrix (`t()`); vectors and scalars are returned as they are.
    public func t() throws -> Tensor {
        guard rank <= 2 else { throw TensorError("t() expects a tensor with <= 2 dimensions, but self is \(rank)D") }
        if rank < 2 { return self }
        return view(shape: shape.reversed(), strides: strides.reversed(), offset: offset, name: "TBackward0") { g, _, _ in [try g.t()] }
    }

    /// Reorders the dimensions (a view).
    public func permute(_ dims: [Int]) throws -> Tensor {
        guard dims.count == rank else {
            throw TensorError("permute(sparse_coo): number of dimensions in the tensor input does not match the length of the desired ordering of dimensions i.e. input.dim() = \(rank) is not equal to len(dims) = \(dims.count)")
        }
        let order = try dims.map { try Dimension.wrap($0, rank: rank) }
        guard Set(order).count == rank else { throw TensorError("permute(): duplicate dims are not allowed.") }
        var inverse = [Int](repeating: 0, count: rank)
        for (i, d) in order.enumerated() { inverse[d] = i }
        return view(shape: order.map { shape[$0] }, strides: order.map { strides[$0] }, offset: offset, name: "PermuteBackward0") { g, _, _ in
            [try g.permute(inverse)]
        }
    }

    /// A contiguous tensor with the same values (itself when already contiguous).
    public func contiguous() -> Tensor {
        if isContiguous { return self }
        return contiguousData().recordOperation("CloneBackward0", inputs: [self]) { g, _, _ in [g] }
    }

    /// A copy with its own storage that stays in the graph.
    public func clone() -> Tensor {
        dataCopy().recordOperation("CloneBackward0", inputs: [self]) { g, _, _ in [g] }
    }

    // MARK: Indexing

    /// The slice at `index` along `dim`, removing that dimension (a view): `x[i]`.
    public func select(dim: Int, index: Int) throws -> Tensor {
        try select(dim: dim, index: index, reportedDimension: nil)
    }

    /// `select`, whose out-of-range message names `reportedDimension` (the
    /// dimension of the tensor a subscript started from, as PyTorch's does).
    package func select(dim: Int, index: Int, reportedDimension: Int?) throws -> Tensor {
        guard rank > 0 else { throw TensorError("select() cannot be applied to a 0-dim tensor.") }
        let d = try Dimension.wrap(dim, rank: rank)
        let size = shape[d]
        guard index >= -size && index < size else {
            throw TensorError("index \(index) is out of bounds for dimension \(reportedDimension ?? d) with size \(size)")
        }
        let i = index < 0 ? index + size : index
        var s = shape, st = strides
        s.remove(at: d); st.remove(at: d)
        let original = shape
        return view(shape: s, strides: st, offset: offset + i * strides[d], name: "SelectBackward0") { g, _, _ in
            let grad = Tensor(zeros: original)
            try grad.select(dim: d, index: i).copyData(from: g)
            return [grad]
        }
    }

    /// Elements `start..<end` (clamped, as Python slicing) with `step` along `dim` (a view): `x[1..<3]`.
    public func slice(dim: Int, start: Int? = nil, end: Int? = nil, step: Int = 1) throws -> Tensor {
        guard rank > 0 else { throw TensorError("slice() cannot be applied to a 0-dim tensor.") }
        guard step > 0 else { throw TensorError("slice step must be positive") }
        let d = try Dimension.wrap(dim, rank: rank)
        let size = shape[d]
        func clamp(_ v: Int) -> Int { Swift.min(Swift.max(v < 0 ? v + size : v, 0), size) }
        let lo = clamp(start ?? 0), hi = Swift.max(clamp(end ?? size), clamp(start ?? 0))
        var s = shape, st = strides
        s[d] = (hi - lo + step - 1) / step
        st[d] = strides[d] * step
        let original = shape
        return view(shape: s, strides: st, offset: offset + lo * strides[d], name: "SliceBackward0") { g, _, _ in
            let grad = Tensor(zeros: original)
            try grad.slice(dim: d, start: lo, end: hi, step: step).copyData(from: g)
            return [grad]
        }
    }

    /// Writes `source`'s values (broadcast to this shape) into this tensor's memory; records nothing.
    package func copyData(from source: Tensor) throws {
        let shape = try Broadcasting.shape(self.shape, source.shape)
        guard shape == self.shape else {
            throw TensorError("output with shape \(describe(shape: self.shape)) doesn't match the broadcast shape \(describe(shape: shape))")
        }
        if dtype == .int64 && source.dtype == .int64 {
            let d = storage.int64s, s = source.storage.int64s
            Broadcasting.forEach(
                shape: shape, stridesA: strides, offsetA: offset,
                stridesB: Broadcasting.strides(of: source, expandedTo: shape), offsetB: source.offset
            ) { _, pd, ps in d[pd] = s[ps] }
            storage.bumpVersion()
            return
        }
        let src = source.toFloat()
        let s = src.storage.floats
        let stridesB = Broadcasting.strides(of: src, expandedTo: shape)
        if dtype == .int64 {
            // Floats written into an integer tensor are truncated toward zero, as PyTorch does.
            let d = storage.int64s
            Broadcasting.forEach(shape: shape, stridesA: strides, offsetA: offset, stridesB: stridesB, offsetB: src.offset) { _, pd, ps in
                d[pd] = Int64(exactly: s[ps].rounded(.towardZero)) ?? 0
            }
        } else {
            let d = storage.floats
            Broadcasting.forEach(shape: shape, stridesA: strides, offsetA: offset, stridesB: stridesB, offsetB: src.offset) { _, pd, ps in
                d[pd] = s[ps]
            }
        }
        storage.bumpVersion()
    }
}
