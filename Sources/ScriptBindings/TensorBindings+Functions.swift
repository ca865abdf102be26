import Autograd
import Script

/// PyTorch's `torch.x` functions in cells. Each creation function of `Tensor`
/// is also a global function (`zeros(2, 3)`, `linspace(0, 1, 5)`), and each
/// operator below is also a function of its tensor (`gather(x, 1, index)`,
/// `sort(x)`), with the method's labels and defaults. `max` and `min` take
/// tensors as PyTorch's do (`max(x)`, `max(x, 1)`, `max(a, b)`) and numbers as
/// Swift's do. The positional forms of selection (`x.gather(1, index)`,
/// `x.scatter(1, index, src)`) and the in-place forms (`scatter_`, `relu_`)
/// are here too.
extension TensorBindings {
    /// `Tensor`'s static methods that PyTorch also has as `torch.x`.
    static let creationFunctions = [
        "zeros", "ones", "rand", "randn", "full", "arange", "empty", "eye", "linspace", "logspace",
        "randint", "randperm", "normal", "bernoulli", "multinomial",
        "zerosLike", "onesLike", "randLike", "randnLike", "fullLike", "emptyLike", "randintLike",
        "cat", "stack",
    ]

    /// Methods that PyTorch also has as `torch.x(input, …)`. Names the standard
    /// library defines for numbers (`sin`, `abs`, `max`) are registered apart.
    static let methodFunctions = [
        "sum", "mean", "prod", "argmax", "argmin", "std", "norm", "logsumexp", "cumsum", "cumprod",
        "fmod", "remainder", "clamp", "clip", "topk", "sort", "argsort", "unique", "maskedFill", "gather", "scatter",
        "scatterAdd", "indexSelect", "nonzero", "trace", "numel", "t", "reshape", "transpose", "squeeze",
        "unsqueeze", "permute", "softmax", "logSoftmax", "allClose", "equal",
    ]

    /// One-tensor operators that get an in-place form `name_()`, as PyTorch's.
    static let inPlaceForms: [String: (Tensor) throws -> Tensor] = [
        "relu": { $0.relu() }, "sigmoid": { $0.sigmoid() }, "tanh": { $0.tanh() }, "exp": { $0.exp() },
        "log": { $0.log() }, "sqrt": { $0.sqrt() }, "abs": { try $0.abs() }, "neg": { $0.neg() },
        "reciprocal": { $0.reciprocal() }, "sin": { $0.sin() }, "cos": { $0.cos() }, "square": { $0.square() },
        "floor": { $0.floor() }, "ceil": { $0.ceil() }, "round": { $0.round(decimals: 0) }, "trunc": { $0.trunc() },
        "sign": { $0.sign() }, "rsqrt": { $0.rsqrt() },
    ]

    static func registerFunctions(_ tensor: HostType, in interpreter: Interpreter) {
        registerPositionalSelection(tensor, in: interpreter)
        for name in creationFunctions { interpreter.defineFunctions(forStaticMethod: name, of: tensor) }
        for name in methodFunctions { interpreter.defineFunctions(forMethod: name, of: tensor) }
        registerExtrema(in: interpreter)
    }

    // MARK: Positional forms and in-place forms

    private static func registerPositionalSelection(_ tensor: HostType, in interpreter: Interpreter) {
        func source(_ value: Value, _ index: Tensor) throws -> Tensor {
            try EngineValues.tensor(in: value) ?? Tensor.full(index.shape, try Double.fromScript(value))
        }
        let scatters: [String: (Tensor, Int, Tensor, Tensor) throws -> Tensor] = [
            "scatter": { try $0.scatter(dim: $1, index: $2, source: $3) },
            "scatterAdd": { try $0.scatterAdd(dim: $1, index: $2, source: $3) },
        ]
        for (name, body) in scatters {
            for signature in ["\(name)(_ dim: Int, _ index: Tensor, _ src: Any)", "\(name)(dim: Int, index: Tensor, value: Double)",
                              "\(name)(_ dim: Int, _ index: Tensor, value: Double)"] {
                tensor.method(signature) { (x: Tensor, dim: Int, index: Tensor, src: Value) in try body(x, dim, index, try source(src, index)) }
            }
            for signature in ["\(name)_(_ dim: Int, _ index: Tensor, _ src: Any)", "\(name)_(dim: Int, index: Tensor, src: Any)",
                              "\(name)_(_ dim: Int, _ index: Tensor, value: Double)", "\(name)_(dim: Int, index: Tensor, value: Double)"] {
                tensor.method(signature) { (x: Tensor, dim: Int, index: Tensor, src: Value) in
                    try x.replaceInPlace { try body($0, dim, index, try source(src, index)) }
                }
            }
        }
        tensor.method("gather(_ dim: Int, _ index: Tensor)") { (x: Tensor, dim: Int, index: Tensor) in try x.gather(dim: dim, index: index) }
        tensor.method("indexSelect(_ dim: Int, _ index: Tensor)") { (x: Tensor, dim: Int, index: Tensor) in
            try x.indexSelect(dim: dim, index: index)
        }
        tensor.method("maskedFill(mask: Tensor, value: Double)") { (x: Tensor, mask: Tensor, value: Double) in try x.maskedFill(mask, value) }
        for signature in ["maskedFill_(_ mask: Tensor, _ value: Double)", "maskedFill_(mask: Tensor, value: Double)"] {
            tensor.method(signature) { (x: Tensor, mask: Tensor, value: Double) in try x.replaceInPlace { try $0.maskedFill(mask, value) } }
        }
        for (name, body) in inPlaceForms {
            tensor.method("\(name)_()") { (x: Tensor) in try x.replaceInPlace(body) }
        }
        tensor.method("pow_(_ exponent: Double)") { (x: Tensor, e: Double) in try x.replaceInPlace { $0.pow(e) } }
        // `torch.where(condition)` is `nonzero(as_tuple=True)`; `x.where(condition, y)` keeps x where it holds.
        tensor.staticMethod("where(_ condition: Tensor)") { (condition: Tensor) in positions(condition) }
        tensor.method("where(_ condition: Tensor, _ other: Any)") { (x: Tensor, condition: Tensor, other: Value) in
            try Tensor.where(condition, x, try EngineValues.tensor(in: other) ?? Tensor(try Double.fromScript(other)))
        }
        tensor.method("nonzero(asTuple: Bool)") { (x: Tensor, asTuple: Bool) -> Value in
            asTuple ? positions(x) : .host(x.nonzero())
        }
        for label in ["", "_ "] {
            tensor.staticMethod("randint(_ low: Int, _ high: Int, \(label)size: Any)") { (low: Int, high: Int, shape: Value) in
                try Tensor.randint(low: low, high: high, try EngineValues.shape(from: shape))
            }
        }
        tensor.staticMethod("randint(_ high: Int, size: Any)") { (high: Int, shape: Value) in
            try Tensor.randint(high: high, try EngineValues.shape(from: shape))
        }
        tensor.staticMethod("randint(low: Int = 0, high: Int, size: Any)") { (low: Int, high: Int, shape: Value) in
            try Tensor.randint(low: low, high: high, try EngineValues.shape(from: shape))
        }
        tensor.staticMethod("normal(mean: Double = 0, std: Double = 1, size: Any)") { (mean: Double, std: Double, shape: Value) in
            try Tensor.normal(mean: mean, std: std, try EngineValues.shape(from: shape))
        }
        tensor.staticMethod("cat(_ tensors: [Tensor], _ dim: Int)") { (tensors: [Tensor], dim: Int) in try Tensor.cat(tensors, dim: dim) }
        tensor.staticMethod("stack(_ tensors: [Tensor], _ dim: Int)") { (tensors: [Tensor], dim: Int) in try Tensor.stack(tensors, dim: dim) }
        interpreter.defineFunction("nonzero(_ input: Tensor, asTuple: Bool)") { (x: Tensor, asTuple: Bool) -> Value in
            asTuple ? positions(x) : .host(x.nonzero())
        }
    }

    /// `nonzero(as_tuple=True)`: one int64 tensor of coordinates per dimension.
    private static func positions(_ x: Tensor) -> Value {
        let rows = x.nonzero(), n = rows.shape[0], rank = x.rank
        let coordinates = rows.int64s
        let columns = (0..<rank).map { k in Value.host(Tensor(shape: [n], int64s: (0..<n).map { coordinates[$0 * rank + k] })) }
        return .tuple(Tuple(columns, labels: columns.map { _ in nil }))
    }

    // MARK: max and min

    /// `max(x)` (the largest element), `max(x, 1)` (values and indices along a
    /// dimension) and `max(a, b)` (element-wise) on tensors; numbers keep the
    /// standard library's `max(_:_:_:)`.
    private static func registerExtrema(in interpreter: Interpreter) {
        let pairs: [(String, (Tensor, Tensor) throws -> Tensor)] = [("max", { try $0.maximum($1) }), ("min", { try $0.minimum($1) })]
        for (name, pair) in pairs {
            let reduction = reductions[name]!
            interpreter.defineFunction("\(name)(_ input: Tensor)") { (x: Tensor) in try reduction.whole(x) }
            for signature in ["\(name)(_ input: Tensor, dim: Int, keepDim: Bool = false)", "\(name)(_ input: Tensor, _ dim: Int, keepDim: Bool)"] {
                interpreter.defineFunction(signature) { (x: Tensor, dim: Int, keepDim: Bool) in try reduction.alongDim(x, dim, keepDim) }
            }
            guard let numbers = interpreter.global(name) else { continue }
            interpreter.defineFunction("\(name)(_ x: Any, _ y: Any, _ rest: Any...)") { a in
                guard case .array(let rest) = a[2] else { return .nil }
                if rest.isEmpty, let x = EngineValues.tensor(in: a[0]) {
                    if let y = EngineValues.tensor(in: a[1]) { return .host(try pair(x, y)) }
                    if case .int(let dim) = a[1].unwrapped { return try reduction.alongDim(x, dim, false) }
                    if let y = EngineValues.number(in: a[1]) { return .host(try pair(x, Tensor(y))) }
                }
                return try a.interpreter.call(numbers, [a[0], a[1]] + rest)
            }
        }
    }
}
