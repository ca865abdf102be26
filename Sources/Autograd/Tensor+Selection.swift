/// Choosing elements: `where`, `maskedFill`, `gather`, `scatter`, `scatterAdd`
/// and `indexSelect`, with PyTorch's backwards and index checks.
extension Tensor {
    /// `condition ? a : b` element-wise, with broadcasting (PyTorch's `torch.where`).
    public static func `where`(_ condition: Tensor, _ a: Tensor, _ b: Tensor) throws -> Tensor {
        guard condition.dtype == .bool else {
            throw TensorError("where expected condition to be a boolean tensor, but got a tensor with dtype \(condition.dtype == .int64 ? "Long" : "Float")")
        }
        let shape = try Broadcasting.shape(condition.shape, try Broadcasting.shape(a.shape, b.shape))
        let c = try condition.expandData(to: shape), x = try a.expandData(to: shape), y = try b.expandData(to: shape)
        let picked = c.zipData(x, y) { c, x, y in c != 0 ? x : y }
        let out = a.dtype == .int64 && b.dtype == .int64 ? Tensor(shape: shape, int64s: picked.int64s) : picked
        let (sa, sb) = (a.shape, b.shape)
        return out.recordOperation("WhereBackward0", inputs: [a, b], saving: [condition]) { g, saved, needs in
            let c = try saved[0].expandData(to: shape)
            return [needs[0] ? try g.zipData(c) { g, c in c != 0 ? g : 0 }.sumToShape(sa) : nil,
                    needs[1] ? try g.zipData(c) { g, c in c != 0 ? 0 : g }.sumToShape(sb) : nil]
        }
    }

    /// This tensor with `value` where `mask` (a bool tensor broadcasting to this shape) is true.
    public func maskedFill(_ mask: Tensor, _ value: Double) throws -> Tensor {
        guard mask.dtype == .bool else {
            throw TensorError("masked_fill_ only supports boolean masks, but got mask with dtype \(mask.dtype == .int64 ? "long int" : "float")")
        }
        let m = try mask.expandData(to: shape)
        guard try Broadcasting.shape(shape, mask.shape) == shape else {
            throw TensorError("The expanded size of the tensor (\(shape.last ?? 0)) must match the existing size (\(mask.shape.last ?? 0)) at non-singleton dimension \(Swift.max(rank - 1, 0)).")
        }
        let v = Float(value)
        let filled = try zipData(m) { x, m in m != 0 ? v : x }
        let out = dtype == .int64 ? Tensor(shape: shape, int64s: try zip(int64s, m.floats).map { x, m in m != 0 ? Int64(value) : x }) : filled
        let target = shape
        return out.recordOperation("MaskedFillBackward0", inputs: [self], saving: [mask]) { g, saved, _ in
            [try g.zipData(try saved[0].expandData(to: target)) { g, m in m != 0 ? 0 : g }]
        }
    }

    /// Flat positions in a tensor of `shape` of each element of `index`, read
    /// along `dim` (`gather`'s and `scatter`'s addressing), after PyTorch's checks.
    static func gatherPositions(_ shape: [Int], _ index: Tensor, dim d: Int, name: String = "gather") throws -> [Int] {
        guard index.dtype == .int64 else { throw TensorError("\(name)(): Expected dtype int64 for index") }
        guard index.rank == shape.count || (index.rank <= 1 && shape.count <= 1) else {
            throw TensorError("Index tensor must have the same number of dimensions as \(name == "gather" ? "input" : "self") tensor")
        }
        for k in 0..<index.rank where k != d && index.shape[k] > shape[k] {
            throw TensorError("Size does not match at dimension \(k) expected index \(describe(shape: index.shape)) to be no larger than self \(describe(shape: shape)) apart from dimension \(d)")
        }
        let strides = contiguousStrides(for: shape), indexStrides = contiguousStrides(for: index.shape)
        let size = shape.isEmpty ? 1 : shape[d]
        return try index.int64s.enumerated().map { flat, i in
            guard i >= 0 && i < Int64(size) else { throw TensorError("index \(i) is out of bounds for dimension \(d) with size \(size)") }
            var rest = flat, at = 0
            for k in 0..<index.rank {
                let coordinate = rest / indexStrides[k]
                rest %= indexStrides[k]
                at += (k == d ? Int(i) : coordinate) * strides[k]
            }
            return at
        }
    }

    /// The elements along `dim` at `index` (of this rank), PyTorch's `gather`.
    public func gather(dim: Int, index: Tensor) throws -> Tensor {
        let d = try Dimension.wrap(dim, rank: rank)
        let positions = try Tensor.gatherPositions(shape, index, dim: d)
        let values = floats
        let out = dtype == .int64 ? Tensor(shape: index.shape, int64s: { let v = int64s; return positions.map { v[$0] } }())
            : Tensor(shape: index.shape, floats: positions.map { values[$0] })
        let original = shape
        return out.recordOperation("GatherBackward0", inputs: [self], saving: [index]) { g, saved, _ in
            let at = try Tensor.gatherPositions(original, saved[0], dim: d)
            var grad = [Float](repeating: 0, count: original.reduce(1, *))
            for (k, value) in g.floats.enumerated() { grad[at[k]] += value }
            return [Tensor(shape: original, floats: grad)]
        }
    }

    /// A copy with `source`'s elements written along `dim` at `index` (`scatter`).
    public func scatter(dim: Int, index: Tensor, source: Tensor) throws -> Tensor {
        try scattered(dim: dim, index: index, source: source, add: false)
    }

    /// A copy with `source`'s elements added along `dim` at `index` (`scatter_add`).
    public func scatterAdd(dim: Int, index: Tensor, source: Tensor) throws -> Tensor {
        try scattered(dim: dim, index: index, source: source, add: true)
    }

    private func scattered(dim: Int, index: Tensor, source: Tensor, add: Bool) throws -> Tensor {
        let d = try Dimension.wrap(dim, rank: rank)
        let name = add ? "scatter_add" : "scatter"
        let positions = try Tensor.gatherPositions(shape, index, dim: d, name: name)
        for k in 0..<index.rank where index.shape[k] > (k < source.rank ? source.shape[k] : 0) {
            throw TensorError("Expected index \(describe(shape: index.shape)) to be no larger than self \(describe(shape: shape)) apart from dimension \(d) and to be no larger size than src \(describe(shape: source.shape))")
        }
        // The source's elements at the index's coordinates.
        let indexStrides = Tensor.contiguousStrides(for: index.shape), strides = Tensor.contiguousStrides(for: source.shape)
        let sourcePositions = (0..<index.count).map { flat -> Int in
            var rest = flat, at = 0
            for k in 0..<index.rank {
                at += (rest / indexStrides[k]) * strides[k]
                rest %= indexStrides[k]
            }
            return at
        }
        var values = floats
        let src = source.floats
        for (k, at) in positions.enumerated() { values[at] = add ? values[at] + src[sourcePositions[k]] : src[sourcePositions[k]] }
        let out = Tensor(shape: shape, floats: values)
        let sourceShape = source.shape
        return out.recordOperation(add ? "ScatterAddBackward0" : "ScatterBackward0", inputs: [self, source], saving: [index]) { g, _, needs in
            let gv = g.floats
            var kept: Tensor?
            if needs[0] {
                var k = gv
                if !add { for at in positions { k[at] = 0 } }
                kept = Tensor(shape: g.shape, floats: k)
            }
            var written: Tensor?
            if needs[1] {
                var w = [Float](repeating: 0, count: sourceShape.reduce(1, *))
                for (k, at) in positions.enumerated() { w[sourcePositions[k]] = gv[at] }
                written = Tensor(shape: sourceShape, floats: w)
            }
            return [kept, written]
        }
    }

    /// The slices along `dim` at the positions `index` (a vector of int64), `index_select`.
    public func indexSelect(dim: Int, index: Tensor) throws -> Tensor {
        let d = try Dimension.wrap(dim, rank: rank)
        guard index.dtype == .int64 else { throw TensorError("index_select(): Expected dtype int64 for index") }
        guard index.rank <= 1 else { throw TensorError("index_select(): Index is supposed to be a vector") }
        let plan = try IndexPlan(self, [Tensor?](repeating: nil, count: d) + [index.reshapedData([index.count])])
        let out = try noGrad { try detach().index([Tensor?](repeating: nil, count: d) + [index.reshapedData([index.count])]) }
        let original = shape, positions = plan.positions
        return out.recordOperation("IndexSelectBackward0", inputs: [self], saving: [index]) { g, _, _ in
            var grad = [Float](repeating: 0, count: original.reduce(1, *))
            for (k, value) in g.floats.enumerated() { grad[positions[k]] += value }
            return [Tensor(shape: original, floats: grad)]
        }
    }
}
