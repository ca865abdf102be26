/// The affine map of a fully connected layer, PyTorch's `linear`.
extension Tensor {
    /// `self · weightᵀ + bias` for a `[out, in]` weight over the last dimension.
    ///
    /// A matrix input records `AddmmBackward0` (`MmBackward0` without bias); higher
    /// ranks are flattened to a matrix and viewed back, as PyTorch does.
    public func linear(weight: Tensor, bias: Tensor? = nil) throws -> Tensor {
        guard weight.rank == 2 else {
            throw TensorError("linear(): expected a 2-D weight, but got weight of size \(describe(shape: weight.shape))")
        }
        switch rank {
        case 0:
            throw TensorError("both arguments to linear need to be at least 1D, but they are 0D and 2D")
        case 1:
            return try unsqueeze(dim: 0).linear(weight: weight, bias: bias).squeeze(dim: 0)
        case 2:
            return try addmm(weight: weight, bias: bias)
        default:
            let features = shape[rank - 1]
            let flat = try reshape([-1, features])
            let out = try flat.linear(weight: weight, bias: bias)
            return try out.reshape(Array(shape.dropLast()) + [weight.shape[0]])
        }
    }

    /// `bias + self · weightᵀ` for a matrix input, in one GEMM.
    private func addmm(weight: Tensor, bias: Tensor?) throws -> Tensor {
        let (rows, features) = (shape[0], shape[1])
        let outFeatures = weight.shape[0]
        guard weight.shape[1] == features else {
            throw TensorError("mat1 and mat2 shapes cannot be multiplied (\(rows)x\(features) and \(weight.shape[1])x\(outFeatures))")
        }
        if let bias, bias.count != outFeatures || bias.rank > 1 {
            throw TensorError("The size of tensor a (\(bias.shape.last ?? 1)) must match the size of tensor b (\(outFeatures)) at non-singleton dimension 1")
        }
        let x = toFloat().contiguousData(), w = weight.toFloat().contiguousData()
        let out = Tensor.empty([rows, outFeatures])
        let po = out.storage.floats
        if let bias {
            let b = bias.floats
            for r in 0..<rows { for o in 0..<outFeatures { po[r * outFeatures + o] = b[o] } }
        }
        if rows > 0 && outFeatures > 0 {
            if features > 0 {
                Tensor.gemm(x.floatPointer, transposeA: false, w.floatPointer, transposeB: true, po,
                            m: rows, n: outFeatures, k: features, accumulate: bias != nil)
            } else if bias == nil {
                po.update(repeating: 0, count: rows * outFeatures)
            }
        }
        withExtendedLifetime((x, w)) {}

        let xShape = shape, wShape = weight.shape
        let inputs = (bias.map { [$0] } ?? []) + [self, weight]
        let name = bias == nil ? "MmBackward0" : "AddmmBackward0"
        return out.recordOperation(name, inputs: inputs, saving: [self, weight]) { g, saved, needs in
            let go = g.contiguousData()
            let x = saved[0].toFloat().contiguousData(), w = saved[1].toFloat().contiguousData()
            let first = bias == nil ? 0 : 1
            var grads: [Tensor?] = []
            if bias != nil {
                grads.append(needs[0] ? go.sumData(dims: [0], keepDim: false) : nil)
            }
            /// The `m × n` product `go · other` (`goᵀ · other` when `transposeGo`), zeros when a size is 0.
            func product(_ shape: [Int], transposeGo: Bool, _ other: UnsafePointer<Float>, m: Int, n: Int, k: Int) -> Tensor {
                guard m > 0 && n > 0 && k > 0 else { return Tensor(zeros: shape) }
                let result = Tensor.empty(shape)
                Tensor.gemm(go.floatPointer, transposeA: transposeGo, other, transposeB: false, result.storage.floats,
                            m: m, n: n, k: k)
                return result
            }
            grads.append(needs[first] ? product(xShape, transposeGo: false, w.floatPointer, m: rows, n: features, k: outFeatures) : nil)
            grads.append(needs[first + 1] ? product(wShape, transposeGo: true, x.floatPointer, m: outFeatures, n: features, k: rows) : nil)
            withExtendedLifetime((go, x, w)) {}
            return grads
        }
    }
}
