import Autograd
import Script

/// Sorting, selection and products in cells: `sort`, `argsort`, `topk`,
/// `unique`, `Tensor.where(cond, a, b)`, `maskedFill`, `gather`, `scatter`,
/// `scatterAdd`, `indexSelect`, `nonzero`, `dot`, `mv`, `bmm`, `outer`, `trace`.
extension TensorBindings {
    /// Products of two tensors, as methods and free functions.
    static let products: [String: (Tensor, Tensor) throws -> Tensor] = [
        "dot": { try $0.dot($1) }, "mv": { try $0.mv($1) }, "bmm": { try $0.bmm($1) }, "outer": { try $0.outer($1) },
        "mm": { try $0.mm($1) },
    ]

    static func registerSelection(_ tensor: HostType, in interpreter: Interpreter) {
        for (name, body) in products {
            tensor.method("\(name)(_ other: Tensor)") { (x: Tensor, y: Tensor) in try body(x, y) }
            interpreter.defineFunction("\(name)(_ a: Tensor, _ b: Tensor)") { (a: Tensor, b: Tensor) in try body(a, b) }
        }
        tensor.method("trace()") { (x: Tensor) in try x.trace() }
        for label in ["dim", "_ dim"] {
            tensor.method("sort(\(label): Int = -1, descending: Bool = false)") { (x: Tensor, dim: Int, descending: Bool) in
                valuesAndIndices(try x.sort(dim: dim, descending: descending))
            }
            tensor.method("argsort(\(label): Int = -1, descending: Bool = false)") { (x: Tensor, dim: Int, descending: Bool) in
                try x.argsort(dim: dim, descending: descending)
            }
            tensor.method("gather(\(label): Int, index: Tensor)") { (x: Tensor, dim: Int, index: Tensor) in try x.gather(dim: dim, index: index) }
            tensor.method("indexSelect(\(label): Int, index: Tensor)") { (x: Tensor, dim: Int, index: Tensor) in
                try x.indexSelect(dim: dim, index: index)
            }
            for name in ["scatter", "scatterAdd"] {
                tensor.method("\(name)(\(label): Int, index: Tensor, src: Any)") { (x: Tensor, dim: Int, index: Tensor, src: Value) -> Tensor in
                    let source = try EngineValues.tensor(in: src) ?? Tensor.full(index.shape, try Double.fromScript(src))
                    return name == "scatter" ? try x.scatter(dim: dim, index: index, source: source)
                        : try x.scatterAdd(dim: dim, index: index, source: source)
                }
            }
        }
        tensor.method("topk(_ k: Int, dim: Int = -1, largest: Bool = true)") { (x: Tensor, k: Int, dim: Int, largest: Bool) in
            valuesAndIndices(try x.topk(k, dim: dim, largest: largest))
        }
        tensor.method("unique(sorted: Bool = true, returnInverse: Bool = false, returnCounts: Bool = false)") {
            (x: Tensor, _: Bool, inverse: Bool, counts: Bool) -> Value in
            let result = x.unique(returnInverse: inverse, returnCounts: counts)
            var elements: [Value] = [.host(result.values)]
            if let i = result.inverse { elements.append(.host(i)) }
            if let c = result.counts { elements.append(.host(c)) }
            return elements.count == 1 ? elements[0] : .tuple(Tuple(elements, labels: elements.map { _ in nil }))
        }
        tensor.method("maskedFill(_ mask: Tensor, _ value: Double)") { (x: Tensor, mask: Tensor, value: Double) in
            try x.maskedFill(mask, value)
        }
        tensor.method("nonzero()") { (x: Tensor) in x.nonzero() }
        tensor.staticMethod("where(_ condition: Tensor, _ a: Any, _ b: Any)") { (condition: Tensor, a: Value, b: Value) -> Tensor in
            func operand(_ v: Value) throws -> Tensor { try EngineValues.tensor(in: v) ?? Tensor(try Double.fromScript(v)) }
            return try Tensor.where(condition, try operand(a), try operand(b))
        }
    }
}
