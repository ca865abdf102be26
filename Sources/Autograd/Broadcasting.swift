/// NumPy broadcasting: shapes align on the right, and a dimension of size 1
/// (or a missing one) stretches to match the other.
enum Broadcasting {
    /// The shape two operands broadcast to, or PyTorch's error when they can't.
    static func shape(_ a: [Int], _ b: [Int]) throws -> [Int] {
        let rank = max(a.count, b.count)
        var out = [Int](repeating: 1, count: rank)
        for i in 0..<rank {
            let da = i < rank - a.count ? 1 : a[i - (rank - a.count)]
            let db = i < rank - b.count ? 1 : b[i - (rank - b.count)]
            if da == db || db == 1 {
                out[i] = da
            } else if da == 1 {
                out[i] = db
            } else {
                throw TensorError(
                    "The size of tensor a (\(da)) must match the size of tensor b (\(db)) at non-singleton dimension \(i)")
            }
        }
        return out
    }

    /// Strides that read `tensor` as if it had shape `target` (0 along stretched dimensions).
    static func strides(of tensor: Tensor, expandedTo target: [Int]) -> [Int] {
        let lead = target.count - tensor.rank
        return (0..<target.count).map { i in
            i < lead || tensor.shape[i - lead] == 1 ? 0 : tensor.strides[i - lead]
        }
    }

    /// Calls `body(i, offsetA, offsetB)` for each element `i` of `shape` in row-major order,
    /// with the storage offsets of the corresponding elements of two strided operands.
    @inline(__always)
    static func forEach(
        shape: [Int], stridesA: [Int], offsetA: Int, stridesB: [Int], offsetB: Int,
        _ body: (Int, Int, Int) -> Void
    ) {
        let n = shape.reduce(1, *)
        if n == 0 { return }
        let rank = shape.count
        if rank == 0 { body(0, offsetA, offsetB); return }
        var index = [Int](repeating: 0, count: rank)
        var pa = offsetA, pb = offsetB
        let last = rank - 1
        let size = shape[last], sa = stridesA[last], sb = stridesB[last]
        var i = 0
        while i < n {
            var qa = pa, qb = pb
            for _ in 0..<size {
                body(i, qa, qb)
                qa += sa; qb += sb; i += 1
            }
            var d = last - 1
            while d >= 0 {
                index[d] += 1
                pa += stridesA[d]; pb += stridesB[d]
                if index[d] < shape[d] { break }
                pa -= stridesA[d] * shape[d]; pb -= stridesB[d] * shape[d]
                index[d] = 0
                d -= 1
            }
        }
    }
}

extension Tensor {
    /// Sums a broadcast gradient back down to `shape` (the backward of broadcasting).
    package func sumToShape(_ target: [Int]) -> Tensor {
        if shape == target { return self }
        let lead = rank - target.count
        var dims = Array(0..<lead)
        for i in 0..<target.count where target[i] == 1 && shape[i + lead] != 1 { dims.append(i + lead) }
        var reduced = dims.isEmpty ? self : sumData(dims: dims, keepDim: true)
        if lead > 0 || reduced.shape != target { reduced = reduced.reshapedData(target) }
        return reduced
    }
}
