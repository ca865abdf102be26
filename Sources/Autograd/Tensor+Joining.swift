/// Concatenating and stacking.
extension Tensor {
    /// Joins tensors of equal shape except along `dim` (PyTorch's `torch.cat`).
    public static func cat(_ tensors: [Tensor], dim: Int = 0) throws -> Tensor {
        guard let first = tensors.first else { throw TensorError("torch.cat(): expected a non-empty list of Tensors") }
        let d = try Dimension.wrap(dim, rank: first.rank)
        guard first.rank > 0 else { throw TensorError("zero-dimensional tensor (at position 0) cannot be concatenated") }
        for (i, t) in tensors.enumerated() {
            guard t.rank == first.rank else {
                throw TensorError("Tensors must have same number of dimensions: got \(first.rank) and \(t.rank)")
            }
            for k in 0..<first.rank where k != d && t.shape[k] != first.shape[k] {
                throw TensorError("Sizes of tensors must match except in dimension \(d). Expected size \(first.shape[k]) but got size \(t.shape[k]) for tensor number \(i) in the list.")
            }
        }
        var outShape = first.shape
        outShape[d] = tensors.map { $0.shape[d] }.reduce(0, +)
        let out = Tensor(zeros: outShape)
        var start = 0
        var ranges: [Range<Int>] = []
        for t in tensors {
            let size = t.shape[d]
            try out.slice(dim: d, start: start, end: start + size).copyData(from: t)
            ranges.append(start..<(start + size))
            start += size
        }
        out.storage.version = 0
        return out.recordOperation("CatBackward0", inputs: tensors) { g, _, needs in
            try ranges.enumerated().map { i, r in
                needs[i] ? try g.slice(dim: d, start: r.lowerBound, end: r.upperBound).contiguousData() : nil
            }
        }
    }

    /// Stacks tensors of equal shape along a new dimension `dim` (PyTorch's `torch.stack`).
    public static func stack(_ tensors: [Tensor], dim: Int = 0) throws -> Tensor {
        guard let first = tensors.first else { throw TensorError("stack expects a non-empty TensorList") }
        for (i, t) in tensors.enumerated() where t.shape != first.shape {
            throw TensorError("stack expects each tensor to be equal size, but got \(describe(shape: first.shape)) at entry 0 and \(describe(shape: t.shape)) at entry \(i)")
        }
        let d = try Dimension.wrap(dim, rank: first.rank + 1)
        let out = try noGrad { try cat(try tensors.map { try $0.detach().unsqueeze(dim: d) }, dim: d) }
        return out.recordOperation("StackBackward0", inputs: tensors) { g, _, needs in
            try (0..<tensors.count).map { i in needs[i] ? try g.select(dim: d, index: i).contiguousData() : nil }
        }
    }
}
