/// Sorting along a dimension: `sort`, `argsort`, `topk`, and `unique`.
/// Sorts are stable, with NaN above every number, as PyTorch's CPU sort.
extension Tensor {
    /// The values along `dim` in order and where each came from (int64).
    public func sort(dim: Int = -1, descending: Bool = false) throws -> (values: Tensor, indices: Tensor) {
        let d = try Dimension.wrap(dim, rank: rank)
        return try ordered(dim: d, count: size(along: d), descending: descending, name: "SortBackward0")
    }

    /// The indices that sort the values along `dim` (`argsort`).
    public func argsort(dim: Int = -1, descending: Bool = false) throws -> Tensor {
        try noGrad { try sort(dim: dim, descending: descending) }.indices
    }

    /// The `k` largest (or smallest) values along `dim`, in order, and their indices.
    public func topk(_ k: Int, dim: Int = -1, largest: Bool = true) throws -> (values: Tensor, indices: Tensor) {
        let d = try Dimension.wrap(dim, rank: rank)
        guard k >= 0 && k <= size(along: d) else { throw TensorError("selected index k out of range") }
        return try ordered(dim: d, count: k, descending: largest, name: "TopkBackward0")
    }

    private func ordered(dim d: Int, count k: Int, descending: Bool, name: String) throws -> (values: Tensor, indices: Tensor) {
        func before(_ a: Float, _ b: Float) -> Bool {
            if a.isNaN || b.isNaN { return descending ? a.isNaN && !b.isNaN : !a.isNaN && b.isNaN }
            return descending ? a > b : a < b
        }
        let order = mapLanes(dim: d, outSize: k) { lane in
            // A stable sort: ties keep their order.
            Array(lane.indices.sorted { before(lane[$0], lane[$1]) || (!before(lane[$1], lane[$0]) && $0 < $1) }.prefix(k).map(Float.init))
        }
        let indices = Tensor(shape: order.shape, int64s: order.floats.map { Int64($0) })
        let values: Tensor
        if dtype == .int64 {
            values = Tensor(shape: indices.shape, int64s: try gatherInt64(d, indices))
        } else {
            values = Tensor.mapLanes([self, order], dim: d, outSize: k) { lanes in lanes[1].map { lanes[0][Int($0)] } }
        }
        let inputSize = size(along: d)
        values.recordOperation(name, inputs: [self], saving: [indices]) { g, saved, _ in
            [Tensor.mapLanes([g, saved[0]], dim: d, outSize: inputSize) { lanes in
                var grad = [Float](repeating: 0, count: inputSize)
                for (value, at) in zip(lanes[0], lanes[1]) { grad[Int(at)] += value }
                return grad
            }]
        }
        return (values, indices)
    }

    /// The int64 elements along `dim` at `indices` (same shape as indices), exactly.
    private func gatherInt64(_ d: Int, _ indices: Tensor) throws -> [Int64] {
        let values = int64s, positions = try Tensor.gatherPositions(shape, indices, dim: d)
        return positions.map { values[$0] }
    }

    /// The distinct elements in ascending order, with, when asked, where each
    /// element went (`inverse`) and how often each value occurs (`counts`).
    public func unique(returnInverse: Bool = false, returnCounts: Bool = false) -> (values: Tensor, inverse: Tensor?, counts: Tensor?) {
        let isInteger = dtype == .int64
        let keys: [Double] = isInteger ? int64s.map(Double.init) : floats.map(Double.init)
        let distinct = Array(Set(keys)).sorted()
        let position = Dictionary(uniqueKeysWithValues: distinct.enumerated().map { ($1, $0) })
        let values = isInteger ? Tensor(shape: [distinct.count], int64s: distinct.map { Int64($0) })
            : dtype == .bool ? Tensor(shape: [distinct.count], bools: distinct.map { $0 != 0 })
            : Tensor(shape: [distinct.count], floats: distinct.map { Float($0) })
        let inverse = returnInverse ? Tensor(shape: shape, int64s: keys.map { Int64(position[$0]!) }) : nil
        var counts: Tensor?
        if returnCounts {
            var c = [Int64](repeating: 0, count: distinct.count)
            for k in keys { c[position[k]!] += 1 }
            counts = Tensor(shape: [distinct.count], int64s: c)
        }
        return (values, inverse, counts)
    }
}
