/// Looking rows up in a table, PyTorch's `embedding`.
extension Tensor {
    /// The rows of this `[numEmbeddings, embeddingDim]` table at `indices` (an
    /// int64 tensor of any shape): a tensor of shape `indices.shape + [embeddingDim]`.
    /// The gradient adds each output row into the table row it came from, except
    /// for the row `paddingIndex`, which gets none. Records `EmbeddingBackward0`.
    public func embedding(_ indices: Tensor, paddingIndex: Int? = nil) throws -> Tensor {
        guard indices.dtype == .int64 else {
            throw TensorError("Expected tensor for argument #1 'indices' to have one of the following scalar types: Long, Int; but got \(indices.dtype == .bool ? "torch.BoolTensor" : "torch.FloatTensor") instead (while checking arguments for embedding)")
        }
        guard rank == 2 else { throw TensorError("'weight' must be 2-D") }
        let rows = shape[0], width = shape[1]
        let positions = indices.int64s
        for p in positions where p < 0 || p >= Int64(rows) { throw TensorError("index out of range in self") }
        let table = toFloat().contiguousData().floats
        var values = [Float](repeating: 0, count: positions.count * width)
        for (k, p) in positions.enumerated() {
            let row = Int(p) * width
            for j in 0..<width { values[k * width + j] = table[row + j] }
        }
        let out = Tensor(shape: indices.shape + [width], floats: values)
        return out.recordOperation("EmbeddingBackward0", inputs: [self], saving: [indices]) { g, saved, _ in
            let gv = g.contiguousData().floats, rowsOf = saved[0].int64s
            var grad = [Float](repeating: 0, count: rows * width)
            for (k, p) in rowsOf.enumerated() where p != Int64(paddingIndex ?? -1) {
                let row = Int(p) * width
                for j in 0..<width { grad[row + j] += gv[k * width + j] }
            }
            return [Tensor(shape: [rows, width], floats: grad)]
        }
    }
}
