/// Sums, means, extrema and their backwards.
extension Tensor {
    // MARK: Kernels

    /// Sums over `dims` (each already non-negative), recording nothing.
    package func sumData(dims: [Int], keepDim: Bool) -> Tensor {
        var result = toFloat().contiguousData()
        for dim in Set(dims).sorted(by: >) { result = result.sumDataKeepingDim(dim) }
        if !keepDim {
            let removed = Set(dims)
            result = result.reshapedData(shape.indices.filter { !removed.contains($0) }.map { shape[$0] })
        }
        return result
    }

    /// Sums a contiguous float tensor along one dimension, keeping it with size 1.
    private func sumDataKeepingDim(_ dim: Int) -> Tensor {
        let (outer, size, inner) = Dimension.split(shape, at: dim)
        var outShape = shape
        if !outShape.isEmpty { outShape[dim] = 1 }
        let out = Tensor(zeros: outShape)
        let src = floatPointer, dst = out.storage.floats
        for o in 0..<outer {
            let d = dst + o * inner
            for k in 0..<size {
                let s = src + (o * size + k) * inner
                for i in 0..<inner { d[i] += s[i] }
            }
        }
        return out
    }

    /// The sum of every element, accumulated in double precision.
    func sumAllData() -> Tensor {
        let c = toFloat().contiguousData()
        var total = 0.0
        let p = c.floatPointer
        for i in 0..<count { total += Double(p[i]) }
        return Tensor(shape: [], floats: [Float(total)])
    }

    /// Expands a reduced gradient back over `shape` (the backward of a reduction).
    func expandData(to target: [Int], reducedDims dims: [Int], keptDim: Bool) -> Tensor {
        var g = self
        if !keptDim {
            var kept = target
            for d in dims { kept[d] = 1 }
            g = g.reshapedData(kept)
        }
        return (try? Tensor(zeros: target).zipData(g, +)) ?? g
    }

    // MARK: Differentiable reductions

    /// The sum of all elements, a scalar.
    public func sum() -> Tensor {
        let target = shape
        return sumAllData().recordOperation("SumBackward0", inputs: [self]) { g, _, _ in
            [g.expandData(to: target, reducedDims: Array(target.indices), keptDim: false)]
        }
    }

    /// The sum along `dim`, keeping it as size 1 when `keepDim`.
    public func sum(dim: Int, keepDim: Bool = false) throws -> Tensor {
        try sum(dims: [dim], keepDim: keepDim)
    }

    /// The sum along several dimensions.
    public func sum(dims: [Int], keepDim: Bool = false) throws -> Tensor {
        let wrapped = try dims.map { try Dimension.wrap($0, rank: rank) }
        let target = shape
        return sumData(dims: wrapped, keepDim: keepDim).recordOperation("SumBackward1", inputs: [self]) { g, _, _ in
            [g.expandData(to: target, reducedDims: wrapped, keptDim: keepDim)]
        }
    }

    /// The mean of all elements.
    public func mean() -> Tensor {
        let target = shape, n = Float(count)
        let out = sumAllData().mapData { $0 / n }
        return out.recordOperation("MeanBackward0", inputs: [self]) { g, _, _ in
            [g.mapData { $0 / n }.expandData(to: target, reducedDims: Array(target.indices), keptDim: false)]
        }
    }

    /// The mean along `dim`.
    public func mean(dim: Int, keepDim: Bool = false) throws -> Tensor {
        try mean(dims: [dim], keepDim: keepDim)
    }

    /// The mean along several dimensions.
    public func mean(dims: [Int], keepDim: Bool = false) throws -> Tensor {
        let wrapped = try dims.map { try Dimension.wrap($0, rank: rank) }
        let target = shape
        let n = Float(Set(wrapped).map { shape.isEmpty ? 1 : shape[$0] }.reduce(1, *))
        let out = sumData(dims: wrapped, keepDim: keepDim).mapData { $0 / n }
        return out.recordOperation("MeanBackward1", inputs: [self]) { g, _, _ in
            [g.mapData { $0 / n }.expandData(to: target, reducedDims: wrapped, keptDim: keepDim)]
        }
    }

    /// The largest element.
    public func max() throws -> Tensor { try extremum(isMax: true) }
    /// The smallest element.
    public func min() throws -> Tensor { try extremum(isMax: false) }

    private func extremum(isMax: Bool) throws -> Tensor {
        guard count > 0 else {
            throw TensorError("\(isMax ? "max" : "min")(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.")
        }
        let x = toFloat().contiguousData()
        let p = x.floatPointer
        var best = p[0]
        for i in 0..<count where (isMax ? p[i] > best : p[i] < best) || p[i].isNaN { best = p[i]; if best.isNaN { break } }
        let value = best
        let out = Tensor(shape: [], floats: [value])
        return out.recordOperation(isMax ? "MaxBackward1" : "MinBackward1", inputs: [self], saving: [self, out]) { g, saved, _ in
            // The gradient is shared evenly among the elements equal to the extremum.
            let (input, result) = (saved[0], saved[1].storage.floats[saved[1].offset])
            let mask = input.mapData { $0 == result ? 1 : 0 }
            let ties = mask.floats.reduce(0, +)
            let share = g.storage.floats[g.offset] / ties
            return [mask.mapData { $0 * share }]
        }
    }

    /// The largest values along `dim` and their indices.
    public func max(dim: Int, keepDim: Bool = false) throws -> (values: Tensor, indices: Tensor) {
        try extremum(dim: dim, keepDim: keepDim, isMax: true)
    }

    /// The smallest values along `dim` and their indices.
    public func min(dim: Int, keepDim: Bool = false) throws -> (values: Tensor, indices: Tensor) {
        try extremum(dim: dim, keepDim: keepDim, isMax: false)
    }

    private func extremum(dim: Int, keepDim: Bool, isMax: Bool) throws -> (values: Tensor, indices: Tensor) {
        let d = try Dimension.wrap(dim, rank: rank)
        let (outer, size, inner) = Dimension.split(shape, at: d)
        guard size > 0 else { throw TensorError("cannot perform reduction function \(isMax ? "max" : "min") on a tensor with no elements because the operation does not have an identity") }
        var keptShape = shape
        if !keptShape.isEmpty { keptShape[d] = 1 }
        let values = Tensor.empty(keptShape), indices = Tensor(zeros: keptShape, dtype: .int64)
        let x = toFloat().contiguousData()
        let src = x.floatPointer, pv = values.storage.floats, pi = indices.storage.int64s
        defer { withExtendedLifetime(x) {} }
        for o in 0..<outer {
            for i in 0..<inner {
                var best = src[o * size * inner + i], at = 0
                for k in 1..<Swift.max(size, 1) {
                    let v = src[(o * size + k) * inner + i]
                    if best.isNaN { break }
                    if v.isNaN || (isMax ? v > best : v < best) { best = v; at = k }
                }
                pv[o * inner + i] = best
                pi[o * inner + i] = Int64(at)
            }
        }
        let outShape = keepDim ? keptShape : shape.enumerated().filter { $0.offset != d }.map(\.element)
        let v = values.reshapedData(outShape), idx = indices.reshapedData(outShape)
        let inputShape = shape
        // The backward reads the indices the caller receives, so that changing them is detected.
        v.recordOperation(isMax ? "MaxBackward0" : "MinBackward0", inputs: [self], saving: [idx]) { g, saved, _ in
            let indices = saved[0].contiguousData()
            let pi = indices.storage.int64s + indices.offset
            let grad = Tensor(zeros: inputShape)
            let gk = g.contiguousData()
            let pg = gk.floatPointer, out = grad.storage.floats
            for o in 0..<outer {
                for i in 0..<inner {
                    let k = Int(pi[o * inner + i])
                    out[(o * size + k) * inner + i] += pg[o * inner + i]
                }
            }
            return [grad]
        }
        return (v, idx)
    }

    /// The index of the largest element of the flattened tensor (int64 scalar).
    public func argmax() throws -> Tensor {
        try reshapedData([count]).max(dim: 0).indices
    }

    /// The indices of the largest elements along `dim` (int64).
    public func argmax(dim: Int, keepDim: Bool = false) throws -> Tensor {
        try detach().max(dim: dim, keepDim: keepDim).indices
    }

    /// The indices of the smallest elements along `dim` (int64).
    public func argmin(dim: Int, keepDim: Bool = false) throws -> Tensor {
        try detach().min(dim: dim, keepDim: keepDim).indices
    }

    /// True (a bool scalar) when every element is non-zero.
    public func all() -> Tensor { Tensor(shape: [], bools: [floats.allSatisfy { $0 != 0 }]) }
    /// True (a bool scalar) when some element is non-zero.
    public func any() -> Tensor { Tensor(shape: [], bools: [floats.contains { $0 != 0 }]) }
}
