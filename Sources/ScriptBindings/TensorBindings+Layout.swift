import Autograd
import Script

/// Splitting, repeating, reordering, triangles, diagonals and `cross` in
/// cells: `x.chunk(2)`, `x.split([1, 3], dim: 1)`, `x.repeat(2, 3)`,
/// `x.flip(0)`, `x.roll(1, dims: 0)`, `x.tril()`, `x.diag()`, … Operations
/// with several results give an array of tensors. Where PyTorch has `torch.x`,
/// the operation is also a free function taking the tensor first
/// (`chunk(x, 2)`, `tril(x, diagonal: 1)`).
extension TensorBindings {
    /// A layout operation: its signature as a method, whether it is also a
    /// free function, and its body (the tensor and the bound arguments).
    struct LayoutOperation {
        var signature: String
        var isFunction: Bool
        var body: (Tensor, Arguments) throws -> Value
    }

    /// The layout methods, one entry per spelling.
    static let layoutOperations: [LayoutOperation] = {
        func op(_ signature: String, function: Bool = true, _ body: @escaping (Tensor, Arguments) throws -> Value) -> LayoutOperation {
            LayoutOperation(signature: signature, isFunction: function, body: body)
        }
        func tensors(_ result: [Tensor]) -> Value { [Tensor](result).scriptValue }
        func split(_ x: Tensor, _ size: Value, _ dim: Int) throws -> Value {
            if case .int(let n) = size.unwrapped { return tensors(try x.split(n, dim: dim)) }
            return tensors(try x.split(sizes: try EngineValues.integers(size), dim: dim))
        }
        func roll(_ x: Tensor, _ shifts: Value, _ dims: Value) throws -> Value {
            .host(try x.roll(try EngineValues.integers(shifts), dims: dims.isNil ? [] : try EngineValues.integers(dims)))
        }
        func movedim(_ x: Tensor, _ a: Arguments) throws -> Value {
            .host(try x.movedim(try EngineValues.integers(a["source"]), try EngineValues.integers(a["destination"])))
        }
        return [
            op("chunk(_ chunks: Int, dim: Int = 0)") { x, a in tensors(try x.chunk(try a.get("chunks"), dim: try a.get("dim"))) },
            op("chunk(_ chunks: Int, _ dim: Int)") { x, a in tensors(try x.chunk(try a.get("chunks"), dim: try a.get("dim"))) },
            op("split(_ splitSize: Any, dim: Int = 0)") { x, a in try split(x, a["splitSize"], try a.get("dim")) },
            op("split(_ splitSize: Any, _ dim: Int)") { x, a in try split(x, a["splitSize"], try a.get("dim")) },
            op("unbind(dim: Int = 0)") { x, a in tensors(try x.unbind(dim: try a.get("dim"))) },
            op("unbind(_ dim: Int)") { x, a in tensors(try x.unbind(dim: try a.get("dim"))) },
            op("narrow(_ dim: Int, _ start: Int, _ length: Int)") { x, a in
                .host(try x.narrow(dim: try a.get("dim"), start: try a.get("start"), length: try a.get("length")))
            },
            op("narrow(dim: Int, start: Int, length: Int)") { x, a in
                .host(try x.narrow(dim: try a.get("dim"), start: try a.get("start"), length: try a.get("length")))
            },
            op("expand(_ sizes: Any...)", function: false) { x, a in .host(try x.expand(try EngineValues.shape(from: a["sizes"]))) },
            op("expandAs(_ other: Tensor)", function: false) { x, a in .host(try x.expandAs(try a.get("other"))) },
            op("repeat(_ repeats: Any...)", function: false) { x, a in .host(try x.repeat(try EngineValues.shape(from: a["repeats"]))) },
            op("tile(_ dims: Any...)") { x, a in .host(try x.tile(try EngineValues.shape(from: a["dims"]))) },
            op("flip(_ dims: Any...)") { x, a in .host(try x.flip(try EngineValues.shape(from: a["dims"]))) },
            op("fliplr()") { x, _ in .host(try x.fliplr()) },
            op("flipud()") { x, _ in .host(try x.flipud()) },
            op("roll(_ shifts: Any, dims: Any? = nil)") { x, a in try roll(x, a["shifts"], a["dims"]) },
            op("roll(_ shifts: Any, _ dims: Any)") { x, a in try roll(x, a["shifts"], a["dims"]) },
            op("movedim(_ source: Any, _ destination: Any)") { x, a in try movedim(x, a) },
            op("moveaxis(_ source: Any, _ destination: Any)") { x, a in try movedim(x, a) },
            op("swapaxes(_ axis0: Int, _ axis1: Int)") { x, a in .host(try x.swapaxes(try a.get("axis0"), try a.get("axis1"))) },
            op("swapdims(_ dim0: Int, _ dim1: Int)") { x, a in .host(try x.swapaxes(try a.get("dim0"), try a.get("dim1"))) },
            op("unflatten(_ dim: Int, _ sizes: [Int])") { x, a in .host(try x.unflatten(dim: try a.get("dim"), sizes: try a.get("sizes"))) },
            op("unflatten(dim: Int, sizes: [Int])") { x, a in .host(try x.unflatten(dim: try a.get("dim"), sizes: try a.get("sizes"))) },
            op("tril(diagonal: Int = 0)") { x, a in .host(try x.tril(diagonal: try a.get("diagonal"))) },
            op("tril(_ diagonal: Int)") { x, a in .host(try x.tril(diagonal: try a.get("diagonal"))) },
            op("triu(diagonal: Int = 0)") { x, a in .host(try x.triu(diagonal: try a.get("diagonal"))) },
            op("triu(_ diagonal: Int)") { x, a in .host(try x.triu(diagonal: try a.get("diagonal"))) },
            op("diag(diagonal: Int = 0)") { x, a in .host(try x.diag(diagonal: try a.get("diagonal"))) },
            op("diag(_ diagonal: Int)") { x, a in .host(try x.diag(diagonal: try a.get("diagonal"))) },
            op("diagonal(offset: Int = 0, dim1: Int = 0, dim2: Int = 1)") { x, a in
                .host(try x.diagonal(offset: try a.get("offset"), dim1: try a.get("dim1"), dim2: try a.get("dim2")))
            },
            op("diagonal(_ offset: Int, _ dim1: Int = 0, _ dim2: Int = 1)") { x, a in
                .host(try x.diagonal(offset: try a.get("offset"), dim1: try a.get("dim1"), dim2: try a.get("dim2")))
            },
            op("diagEmbed(offset: Int = 0, dim1: Int = -2, dim2: Int = -1)") { x, a in
                .host(try x.diagEmbed(offset: try a.get("offset"), dim1: try a.get("dim1"), dim2: try a.get("dim2")))
            },
            op("diagEmbed(_ offset: Int, _ dim1: Int = -2, _ dim2: Int = -1)") { x, a in
                .host(try x.diagEmbed(offset: try a.get("offset"), dim1: try a.get("dim1"), dim2: try a.get("dim2")))
            },
            op("cross(_ other: Tensor, dim: Int? = nil)") { x, a in .host(try x.cross(try a.get("other"), dim: try a.get("dim"))) },
        ]
    }()

    static func registerLayout(_ tensor: HostType, in interpreter: Interpreter) {
        for operation in layoutOperations {
            tensor.method(operation.signature) { a in try operation.body(try a.receiver(), a) }
            guard operation.isFunction else { continue }
            // `chunk(_ chunks: Int, …)` as a function: `chunk(_ input: Tensor, _ chunks: Int, …)`.
            let open = operation.signature.firstIndex(of: "(")!
            let rest = operation.signature[operation.signature.index(after: open)...]
            let signature = operation.signature[...open] + (rest.hasPrefix(")") ? "_ input: Tensor" : "_ input: Tensor, ") + rest
            interpreter.defineFunction(String(signature)) { a in try operation.body(try a.get("input"), a) }
        }
        let joins: [String: ([Tensor]) throws -> Tensor] = ["hstack": Tensor.hstack, "vstack": Tensor.vstack]
        for (name, join) in joins {
            tensor.staticMethod("\(name)(_ tensors: [Tensor])") { (tensors: [Tensor]) in try join(tensors) }
            interpreter.defineFunction("\(name)(_ tensors: [Tensor])") { (tensors: [Tensor]) in try join(tensors) }
        }
        let meshgrid: (Arguments) throws -> Value = { a in
            // `meshgrid(x, y)` or `meshgrid([x, y])`.
            var values = a["tensors"]
            if case .array(let list) = values.unwrapped, list.count == 1, case .array = list[0].unwrapped { values = list[0] }
            return [Tensor](try Tensor.meshgrid(try [Tensor].fromScript(values), indexing: try a.get("indexing"))).scriptValue
        }
        tensor.staticMethod("meshgrid(_ tensors: Any..., indexing: String = \"ij\")", meshgrid)
        interpreter.defineFunction("meshgrid(_ tensors: Any..., indexing: String = \"ij\")", meshgrid)
    }
}

extension TensorBindings {
    /// `einsum("ij,jk->ik", a, b)` (or the operands as one array), as a free
    /// function and a `Tensor` static method.
    static func registerEinsum(_ tensor: HostType, in interpreter: Interpreter) {
        let einsum: (Arguments) throws -> Value = { a in
            var values = a["operands"]
            if case .array(let list) = values.unwrapped, list.count == 1, case .array = list[0].unwrapped { values = list[0] }
            return .host(try Tensor.einsum(try a.get("equation"), try [Tensor].fromScript(values)))
        }
        tensor.staticMethod("einsum(_ equation: String, _ operands: Any...)", einsum)
        interpreter.defineFunction("einsum(_ equation: String, _ operands: Any...)", einsum)
    }
}
