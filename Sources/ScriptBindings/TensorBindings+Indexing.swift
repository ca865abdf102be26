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

    /// The view `tensor[indices]`: an Int selects (removing the dimension), a range slices.
    static func index(_ tensor: Tensor, _ indices: [Value]) throws -> Tensor {
        if tensor.rank == 0 && !indices.isEmpty {
            throw TensorError("invalid index of a 0-dim tensor. Use `tensor.item()` to convert a 0-dim tensor to a number")
        }
        guard indices.count <= tensor.rank else {
            throw TensorError("too many indices for tensor of dimension \(tensor.rank)")
        }
        var result = tensor
        var dim = 0
        for index in indices {
            switch index.unwrapped {
            case .int(let i):
                result = try result.select(dim: dim, index: i)
            case .range(let range):
                let (start, end) = bounds(of: range)
                result = try result.slice(dim: dim, start: start, end: end)
                dim += 1
            case .host(let object as Tensor) where object.count == 1 && object.dtype == .int64:
                result = try result.select(dim: dim, index: Int(object.int64s[0]))
            default:
                throw HostError("a tensor index must be an Int or a range, not '\(describe(index))'")
            }
        }
        return result
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
