import Autograd
import Script

/// Indexing and slicing with PyTorch's semantics and Swift's syntax: `x[0]`,
/// `x[0, 1]`, `x[-1]`, `x[1..<3]`, `x[0...1]`, `x[..., 0]`; the result is a view.
/// Assigning through a subscript (`x[0] = 5`, `x[1..<3] = y`) copies into the view
/// in place, with PyTorch's autograd rules.
extension TensorBindings {
    static func registerSubscripts(_ tensor: HostType) {
        tensor.subscripts(get: { receiver, indices in
            .host(try index(try Tensor.fromScript(receiver), indices))
        }, set: { receiver, indices, value in
            try assign(value, to: try Tensor.fromScript(receiver), at: indices)
        })
    }

    /// `tensor[indices]`: an Int selects (removing the dimension), a range slices,
    /// `nil` inserts a new dimension of size 1 (Python's `None`); these give a view.
    /// An array of Ints or Bools, an int64 tensor or a bool mask is PyTorch's
    /// advanced indexing (`input[Array(0..<n), target]`, `x[x > 0]`), a copy.
    /// A step is written with `stride(from:to:by:)`, which gives the positions.
    static func index(_ tensor: Tensor, _ indices: [Value]) throws -> Tensor {
        let (view, advanced) = try basicIndex(tensor, indices)
        guard let advanced else { return view }
        return try view.index(advanced)
    }

    /// The view the integer, range and `nil` indices give, and the advanced
    /// indices (one entry per dimension of that view, nil where none) if any.
    static func basicIndex(_ tensor: Tensor, _ indices: [Value]) throws -> (Tensor, [Tensor?]?) {
        let consumed = try indices.reduce(0) { total, index in
            if index.isNil { return total }
            if let t = try advancedIndex(index) { return total + (t.dtype == .bool ? Swift.max(t.rank, 1) : 1) }
            return total + 1
        }
        if tensor.rank == 0 && consumed > 0 {
            throw TensorError("invalid index of a 0-dim tensor. Use `tensor.item()` to convert a 0-dim tensor to a number")
        }
        guard consumed <= tensor.rank else {
            throw TensorError("too many indices for tensor of dimension \(tensor.rank)")
        }
        var result = tensor
        // `dim` counts the view's dimensions, `source` those of `tensor` (for messages).
        var dim = 0, source = 0
        var advanced: [(Int, Tensor)] = []
        for index in indices {
            if index.isNil {
                result = try result.unsqueeze(dim: dim)
                dim += 1
                continue
            }
            switch index.unwrapped {
            case .int(let i):
                result = try result.select(dim: dim, index: i, reportedDimension: source)
                source += 1
            case .range(let range):
                let (start, end) = bounds(of: range)
                result = try result.slice(dim: dim, start: start, end: end)
                dim += 1
                source += 1
            case .host(let object as Tensor) where object.rank == 0 && object.dtype == .int64:
                result = try result.select(dim: dim, index: Int(object.int64s[0]), reportedDimension: source)
                source += 1
            default:
                guard let t = try advancedIndex(index) else {
                    throw HostError("a tensor index must be an Int, a range, nil, an array or a tensor of positions, or a Bool mask, not '\(describe(index))'")
                }
                advanced.append((dim, t))
                dim += t.dtype == .bool ? t.rank : 1
                source += t.dtype == .bool ? t.rank : 1
            }
        }
        guard !advanced.isEmpty else { return (result, nil) }
        var list = [Tensor?](repeating: nil, count: dim)
        var removed = 0
        for (d, t) in advanced {
            // A mask covers as many dimensions as it has; it takes the first one's place.
            list[d - removed] = t
            if t.dtype == .bool && t.rank > 1 {
                list.removeSubrange((d - removed + 1)...(d - removed + t.rank - 1))
                removed += t.rank - 1
            }
        }
        while let last = list.last, last == nil { list.removeLast() }
        return (result, list)
    }

    /// An index that selects by positions or by a mask: a tensor of rank ≥ 1
    /// (or a bool scalar), or an array literal of Ints or Bools.
    private static func advancedIndex(_ value: Value) throws -> Tensor? {
        switch value.unwrapped {
        case .host(let object as Tensor):
            return object.rank == 0 && object.dtype == .int64 ? nil : object
        case .array:
            let t = try TensorLiteral.tensor(from: value, requiresGrad: false)
            if t.count == 0 { return Tensor(shape: t.shape, int64s: []) }
            return t
        default:
            return nil
        }
    }

    /// A range's start and end as a Python slice: `a...b` ends after `b`, and a
    /// closed range ending at -1 (or at `Int.max`, which has no successor) runs to the end.
    static func bounds(of range: RangeValue) -> (Int?, Int?) {
        if range.isClosed && range.upper == -1 { return (range.lower, nil) }
        return (range.lower, range.end)
    }

    /// `tensor[indices] = value`: copies `value` (a tensor or a number, broadcast)
    /// into the view, recording `CopySlices` when gradients flow.
    static func assign(_ value: Value, to tensor: Tensor, at indices: [Value]) throws {
        let source: Tensor
        if let t = EngineValues.tensor(in: value) {
            source = t
        } else if let s = EngineValues.number(in: value) {
            source = Tensor(s)
        } else {
            throw ConversionError(expected: "Tensor", value: value)
        }
        if GradMode.isEnabled && tensor.isLeaf && tensor.requiresGrad {
            throw TensorError("a view of a leaf Variable that requires grad is being used in an in-place operation.")
        }
        let (base, advanced) = try noGrad { try basicIndex(tensor, indices) }
        if let advanced {
            // `x[mask] = 0`, `x[positions] = values`: written through index_put_,
            // into the tensor itself when no other index came first.
            let target = base.storage === tensor.storage && base.shape == tensor.shape && base.strides == tensor.strides ? tensor : base
            try target.indexPut_(advanced, source.dtype == tensor.dtype || tensor.dtype != .int64 ? source : Tensor(shape: source.shape, int64s: try EngineValues.integers(of: source)))
            return
        }
        let view = try noGrad { try index(tensor, indices) }
        let shape = try expandableShape(source.shape, to: view.shape)
        var expanded = try source.reshape(shape).detach().expandData(to: view.shape)
        if tensor.dtype == .int64 {
            expanded = Tensor(shape: expanded.shape, int64s: try EngineValues.integers(of: expanded))
        }
        // The region, as a mask over the whole tensor, for the backward.
        let mask = Tensor.zeros(tensor.shape)
        try noGrad { try index(mask, indices) }.copyValues(from: Tensor.ones(view.shape))
        view.copyValues(from: expanded)
        let sourceShape = source.shape
        tensor.recordOperation("CopySlices", inputs: [tensor, source]) { g, _, needs in
            let kept = needs[0] ? try g.zipData(mask) { grad, m in m == 0 ? grad : 0 } : nil
            let copied = needs[1]
                ? try noGrad { try index(g, indices) }.contiguous().sumToShape(shape).reshapedData(sourceShape) : nil
            return [kept, copied]
        }
    }

    /// The shape of a value assigned through a subscript, without the leading
    /// dimensions of size 1 the target lacks (as PyTorch strips them), after
    /// checking that it broadcasts to the target (PyTorch's `expand` message otherwise).
    static func expandableShape(_ source: [Int], to target: [Int]) throws -> [Int] {
        var shape = source
        while shape.count > target.count, shape.first == 1 { shape.removeFirst() }
        guard shape.count <= target.count else {
            throw TensorError("expand(torch.FloatTensor{\(EngineValues.describe(source))}, size=\(EngineValues.describe(target))): the number of sizes provided (\(target.count)) must be greater or equal to the number of dimensions in the tensor (\(source.count))")
        }
        let lead = target.count - shape.count
        for (i, size) in shape.enumerated() where size != 1 && size != target[lead + i] {
            throw TensorError("The expanded size of the tensor (\(target[lead + i])) must match the existing size (\(size)) at non-singleton dimension \(lead + i).  Target sizes: \(EngineValues.describe(target)).  Tensor sizes: \(EngineValues.describe(shape))")
        }
        return shape
    }

    private static func describe(_ value: Value) -> String {
        switch value.unwrapped {
        case .double: return "Double"
        case .string: return "String"
        case .bool: return "Bool"
        case .host(let object as Tensor): return "Tensor of shape \(EngineValues.describe(object.shape))"
        case .array: return "Array"
        case .tuple: return "tuple"
        default: return "value"
        }
    }
}
