/// PyTorch's advanced indexing: integer tensors (and boolean masks) as indices,
/// reading (`x[i, j]`, a copy recording `IndexBackward0`) and writing in place
/// (`x[mask] = 0`, recording `IndexPutBackward0`). A nil index keeps its
/// dimension whole; integer and range indices are the views of `select` and `slice`.
extension Tensor {
    /// The elements at `indices`: one entry per leading dimension, nil to keep
    /// it whole, an int64 tensor of positions, or a bool mask over as many
    /// dimensions as it has. The index tensors broadcast together; their shape
    /// replaces the indexed dimensions (in place when those are adjacent,
    /// in front otherwise), as NumPy and PyTorch do.
    public func index(_ indices: [Tensor?]) throws -> Tensor {
        let plan = try IndexPlan(self, indices)
        let source = contiguousData()
        let out = Tensor(zeros: plan.shape, dtype: dtype)
        if dtype == .int64 {
            let s = source.storage.int64s + source.offset, d = out.storage.int64s
            for (k, i) in plan.positions.enumerated() { d[k] = s[i] }
        } else {
            let s = source.storage.floats + source.offset, d = out.storage.floats
            for (k, i) in plan.positions.enumerated() { d[k] = s[i] }
        }
        withExtendedLifetime(source) {}
        let original = shape, positions = plan.positions
        return out.recordOperation("IndexBackward0", inputs: [self], saving: plan.indexTensors) { g, _, _ in
            let grad = Tensor(zeros: original)
            let gc = g.contiguousData()
            let s = gc.floatPointer, d = grad.storage.floats
            for (k, i) in positions.enumerated() { d[i] += s[k] }
            withExtendedLifetime(gc) {}
            return [grad]
        }
    }

    /// Writes `values` (broadcast to the shape `index(indices)` has) at `indices`,
    /// in place (PyTorch's `index_put_`); with `accumulate`, adds them instead.
    public func indexPut_(_ indices: [Tensor?], _ values: Tensor, accumulate: Bool = false) throws {
        try checkInPlaceAllowed()
        let plan = try IndexPlan(self, indices)
        guard (try? Broadcasting.shape(plan.shape, values.shape)) == plan.shape else {
            throw TensorError("shape mismatch: value tensor of shape \(describe(shape: values.shape)) cannot be broadcast to indexing result of shape \(describe(shape: plan.shape))")
        }
        let valuesShape = values.shape
        let expanded = try values.expandData(to: plan.shape).contiguousData()
        let integers = dtype == .int64 ? (values.dtype == .int64 && valuesShape == plan.shape ? values.int64s : expanded.int64s) : []
        let floats = expanded.floats
        // Storage offsets of the written elements.
        let contiguous = Tensor.contiguousStrides(for: shape)
        let offsets = plan.positions.map { flat in
            var rest = flat, at = offset
            for d in 0..<rank {
                at += (rest / contiguous[d]) * strides[d]
                rest %= contiguous[d]
            }
            return at
        }
        let record = Tensor.shouldRecord([self, values])
        let edges = record ? [gradientEdge(), values.gradientEdge()] : []
        if dtype == .int64 {
            let p = storage.int64s
            for (k, o) in offsets.enumerated() { p[o] = accumulate ? p[o] &+ integers[k] : integers[k] }
        } else {
            let p = storage.floats
            for (k, o) in offsets.enumerated() { p[o] = accumulate ? p[o] + floats[k] : floats[k] }
        }
        storage.bumpVersion()
        guard record else { return }
        let positions = plan.positions, original = shape, resultShape = plan.shape
        gradFn = GradFn(name: "IndexPutBackward0", next: edges, outputShape: shape, saved: plan.indexTensors) { g, _, needs in
            let gc = g.contiguousData()
            var kept: Tensor?
            if needs[0] {
                let k = gc.dataCopy()
                if !accumulate { for i in positions { k.storage.floats[i] = 0 } }
                kept = k.reshapedData(original)
            }
            var written: Tensor?
            if needs[1] {
                let w = Tensor(zeros: resultShape)
                for (k, i) in positions.enumerated() { w.storage.floats[k] = gc.storage.floats[gc.offset + i] }
                written = w.sumToShape(valuesShape)
            }
            return [kept, written]
        }
    }
}

/// Where advanced indexing reads: the result's shape, and for each of its
/// elements (row-major) the flat row-major position in the indexed tensor.
struct IndexPlan {
    let shape: [Int]
    let positions: [Int]
    /// The int64 index tensors after masks became positions (saved for backward).
    let indexTensors: [Tensor]

    init(_ tensor: Tensor, _ given: [Tensor?]) throws {
        // Masks become one int64 index per dimension they cover.
        var indices: [Tensor?] = []
        for index in given {
            guard let index else { indices.append(nil); continue }
            switch index.dtype {
            case .bool:
                let start = indices.count
                for k in 0..<index.rank {
                    guard start + k < tensor.rank, tensor.shape[start + k] == index.shape[k] else {
                        let at = Swift.min(start + k, Swift.max(tensor.rank - 1, 0))
                        throw TensorError("The shape of the mask \(describe(shape: index.shape)) at index \(k) does not match the shape of the indexed tensor \(describe(shape: tensor.shape)) at index \(at)")
                    }
                }
                let nonzero = index.nonzero()
                let rows = nonzero.int64s, n = nonzero.shape[0]
                for k in 0..<index.rank {
                    indices.append(Tensor(shape: [n], int64s: (0..<n).map { rows[$0 * index.rank + k] }))
                }
            case .int64:
                indices.append(index)
            default:
                throw TensorError("tensors used as indices must be long, int, byte or bool tensors")
            }
        }
        guard indices.count <= tensor.rank else {
            throw TensorError("too many indices for tensor of dimension \(tensor.rank)")
        }
        indices += [Tensor?](repeating: nil, count: tensor.rank - indices.count)
        let advanced = indices.indices.filter { indices[$0] != nil }
        let kept = indices.indices.filter { indices[$0] == nil }
        var broadcast: [Int] = []
        for d in advanced {
            let s = indices[d]!.shape
            do { broadcast = try Broadcasting.shape(broadcast, s) } catch {
                throw TensorError("shape mismatch: indexing tensors could not be broadcast together with shapes " + advanced.map { describe(shape: indices[$0]!.shape) }.joined(separator: ", "))
            }
        }
        // The positions each index gives, checked and wrapped, broadcast to `broadcast`.
        var values: [[Int]] = []
        // PyTorch's message numbers the dimension among the index tensors.
        for (j, d) in advanced.enumerated() {
            let size = tensor.shape[d]
            let expanded = try indices[d]!.expandData(to: broadcast).int64s
            values.append(try expanded.map { i in
                guard i >= -Int64(size) && i < Int64(size) else {
                    throw TensorError("index \(i) is out of bounds for dimension \(j) with size \(size)")
                }
                return Int(i < 0 ? i + Int64(size) : i)
            })
        }
        let adjacent = advanced.isEmpty || advanced.last! - advanced.first! == advanced.count - 1
        let before = adjacent ? kept.filter { $0 < (advanced.first ?? 0) } : []
        let after = kept.filter { !before.contains($0) }
        shape = before.map { tensor.shape[$0] } + broadcast + after.map { tensor.shape[$0] }
        let strides = Tensor.contiguousStrides(for: tensor.shape)
        let count = broadcast.reduce(1, *)
        let beforeShape = before.map { tensor.shape[$0] }, afterShape = after.map { tensor.shape[$0] }
        let beforeCount = beforeShape.reduce(1, *), afterCount = afterShape.reduce(1, *)
        /// The flat offset of the kept dimensions' coordinates `flat` over `dims`.
        func offset(_ flat: Int, _ dims: [Int], _ sizes: [Int]) -> Int {
            var rest = flat, total = 0
            for (d, size) in zip(dims, sizes).reversed() {
                total += (rest % size) * strides[d]
                rest /= size
            }
            return total
        }
        var positions: [Int] = []
        positions.reserveCapacity(beforeCount * count * afterCount)
        for b in 0..<beforeCount {
            let base = offset(b, before, beforeShape)
            for k in 0..<count {
                var at = base
                for (j, d) in advanced.enumerated() { at += values[j][k] * strides[d] }
                for a in 0..<afterCount { positions.append(at + offset(a, after, afterShape)) }
            }
        }
        self.positions = positions
        indexTensors = advanced.map { indices[$0]! }
    }
}

extension Tensor {
    /// The positions of the non-zero elements, one row of coordinates each
    /// (an int64 tensor of shape `[n, rank]`), PyTorch's `nonzero`.
    public func nonzero() -> Tensor {
        let values = floats
        let strides = Tensor.contiguousStrides(for: shape)
        var rows: [Int64] = []
        var n = 0
        for (flat, v) in values.enumerated() where v != 0 {
            var rest = flat
            for s in strides {
                rows.append(Int64(rest / s))
                rest %= s
            }
            n += 1
        }
        return Tensor(shape: [n, rank], int64s: rows)
    }
}
