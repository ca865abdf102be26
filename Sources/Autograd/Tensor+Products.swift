/// Vector and matrix products beyond `matmul` and `mm`: `dot`, `mv`, `bmm`,
/// `outer` and `trace`, with PyTorch's checks and backwards.
extension Tensor {
    /// The dot product of two vectors of equal length.
    public func dot(_ other: Tensor) throws -> Tensor {
        guard rank == 1 && other.rank == 1 else {
            throw TensorError("1D tensors expected, but got \(rank)D and \(other.rank)D tensors")
        }
        guard count == other.count else {
            throw TensorError("inconsistent tensor size, expected tensor [\(count)] and src [\(other.count)] to have the same number of elements, but got \(count) and \(other.count) elements respectively")
        }
        let out = try zipData(other, *).sumAllData()
        return out.recordOperation("DotBackward0", inputs: [self, other], saving: [self, other]) { g, saved, needs in
            [needs[0] ? try saved[1].zipData(g, *) : nil, needs[1] ? try saved[0].zipData(g, *) : nil]
        }
    }

    /// A matrix times a vector.
    public func mv(_ vector: Tensor) throws -> Tensor {
        guard rank == 2 && vector.rank == 1 else {
            throw TensorError("vector + matrix @ vector expected, got 1, \(rank), \(vector.rank)")
        }
        guard shape[1] == vector.shape[0] else {
            throw TensorError("size mismatch, got input (\(shape[0])), mat (\(shape[0])x\(shape[1])), vec (\(vector.shape[0]))")
        }
        let out = toFloat().mmData(vector.toFloat().reshapedData([vector.count, 1])).reshapedData([shape[0]])
        let n = shape[0], m = shape[1]
        return out.recordOperation("MvBackward0", inputs: [self, vector], saving: [self, vector]) { g, saved, needs in
            let g2 = g.reshapedData([n, 1])
            return [needs[0] ? g2.mmData(saved[1].reshapedData([1, m])) : nil,
                    needs[1] ? (try saved[0].transpose(0, 1)).mmData(g2).reshapedData([m]) : nil]
        }
    }

    /// Batched matrix products of `[B, n, m]` and `[B, m, p]` (no broadcasting).
    public func bmm(_ other: Tensor) throws -> Tensor {
        guard rank == 3 else { throw TensorError("batch1 must be a 3D tensor") }
        guard other.rank == 3 else { throw TensorError("batch2 must be a 3D tensor") }
        guard shape[0] == other.shape[0] && shape[2] == other.shape[1] else {
            throw TensorError("Expected size for first two dimensions of batch2 tensor to be: [\(shape[0]), \(shape[2])] but got: [\(other.shape[0]), \(other.shape[1])].")
        }
        let out = toFloat().bmmData(other.toFloat())
        return out.recordOperation("BmmBackward0", inputs: [self, other], saving: [self, other]) { g, saved, needs in
            [needs[0] ? g.bmmData(try saved[1].transpose(1, 2).contiguousData()) : nil,
             needs[1] ? (try saved[0].transpose(1, 2).contiguousData()).bmmData(g) : nil]
        }
    }

    /// The outer product of two vectors: `self[i] * other[j]`.
    public func outer(_ other: Tensor) throws -> Tensor {
        guard rank == 1 && other.rank == 1 else {
            throw TensorError("outer: Expected 1-D argument self, but got \(rank)-D")
        }
        return try reshape([count, 1]).mul(other)
    }

    /// The sum of the main diagonal of a matrix.
    public func trace() throws -> Tensor {
        guard rank == 2 else { throw TensorError("trace: expected a matrix, but got tensor with dim \(rank)") }
        let (n, m) = (shape[0], shape[1])
        let values = floats
        var total = 0.0
        for i in 0..<Swift.min(n, m) { total += Double(values[i * m + i]) }
        let out = Tensor(shape: [], floats: [Float(total)])
        return out.recordOperation("TraceBackward0", inputs: [self]) { g, _, _ in
            var grad = [Float](repeating: 0, count: n * m)
            let v = g.floats[0]
            for i in 0..<Swift.min(n, m) { grad[i * m + i] = v }
            return [Tensor(shape: [n, m], floats: grad)]
        }
    }
}
