import Autograd
import Script

/// `Tensor` in cells: creation, properties and methods. Operators are in
/// `TensorBindings+Operators.swift`, subscripts in `TensorBindings+Indexing.swift`.
///
/// Adding an engine operation to cells is one line in one of the tables below.
enum TensorBindings {
    /// Methods without arguments: `x.exp()`.
    static let unaryMethods: [String: (Tensor) throws -> Tensor] = [
        "exp": { $0.exp() },
        "log": { $0.log() },
        "sqrt": { $0.sqrt() },
        "abs": { try $0.abs() },
        "neg": { $0.neg() },
        "reciprocal": { $0.reciprocal() },
        "relu": { $0.relu() },
        "sigmoid": { $0.sigmoid() },
        "tanh": { $0.tanh() },
        "detach": { $0.detach() },
        "clone": { $0.clone() },
        "contiguous": { $0.contiguous() },
        "t": { try $0.t() },
        "squeeze": { $0.squeeze() },
        "all": { $0.all() },
        "any": { $0.any() },
    ]

    /// Methods taking one `dim:` argument: `x.softmax(dim: 1)`.
    static let dimMethods: [String: (Tensor, Int) throws -> Tensor] = [
        "softmax": { try $0.softmax(dim: $1) },
        "logSoftmax": { try $0.logSoftmax(dim: $1) },
        "squeeze": { try $0.squeeze(dim: $1) },
        "unsqueeze": { try $0.unsqueeze(dim: $1) },
    ]

    /// Methods taking one tensor: `x.matmul(y)`.
    static let binaryMethods: [String: (Tensor, Tensor) throws -> Tensor] = [
        "matmul": { try $0.matmul($1) },
        "mm": { try $0.mm($1) },
    ]

    /// Reductions, over the whole tensor (`x.sum()`) or along a dimension
    /// (`x.sum(dim: 1, keepDim: true)`).
    static let reductions: [String: ReductionMethod] = [
        "sum": ReductionMethod(whole: { $0.sum() }, alongDim: { .host(try $0.sum(dim: $1, keepDim: $2)) }),
        "mean": ReductionMethod(whole: { try $0.mean() }, alongDim: { .host(try $0.mean(dim: $1, keepDim: $2)) }),
        "max": ReductionMethod(whole: { try $0.max() }, alongDim: { valuesAndIndices(try $0.max(dim: $1, keepDim: $2)) }),
        "min": ReductionMethod(whole: { try $0.min() }, alongDim: { valuesAndIndices(try $0.min(dim: $1, keepDim: $2)) }),
        "argmax": ReductionMethod(whole: { try $0.argmax() }, alongDim: { .host(try $0.argmax(dim: $1, keepDim: $2)) }),
        "prod": ReductionMethod(whole: { try $0.prod() }, alongDim: { .host(try $0.prod(dim: $1, keepDim: $2)) }),
        "argmin": ReductionMethod(whole: { try $0.reshape([-1]).argmin(dim: 0) }, alongDim: { .host(try $0.argmin(dim: $1, keepDim: $2)) }),
    ]

    /// A reduction's two forms.
    struct ReductionMethod {
        /// Over every element.
        var whole: (Tensor) throws -> Tensor
        /// Along `dim`, keeping it with size 1 when `keepDim`.
        var alongDim: (Tensor, Int, Bool) throws -> Value
    }

    /// `max(dim:)`'s result: a tuple with `.values` and `.indices`, as PyTorch's named tuple.
    static func valuesAndIndices(_ result: (values: Tensor, indices: Tensor)) -> Value {
        .tuple(Tuple([.host(result.values), .host(result.indices)], labels: ["values", "indices"]))
    }

    /// Registers `Tensor`, its creation functions, properties and methods.
    @discardableResult
    static func register(in interpreter: Interpreter) -> HostType {
        let tensor = interpreter.defineType("Tensor", for: Tensor.self)
        registerCreation(tensor)
        registerProperties(tensor)
        registerMethods(tensor)
        registerOperators(tensor)
        registerSubscripts(tensor)
        registerMath(tensor, in: interpreter)
        registerInPlace(tensor, in: interpreter)
        registerSelection(tensor, in: interpreter)
        registerLayout(tensor, in: interpreter)
        registerEinsum(tensor, in: interpreter)
        registerFunctions(tensor, in: interpreter)
        let gradFn = interpreter.defineType("GradFn", for: GradFn.self)
        gradFn.property("name") { (node: GradFn) in node.name }
        gradFn.property("next") { (node: GradFn) in node.next }
        gradFn.property("variable") { (node: GradFn) in node.variable }
        gradFn.property("nextFunctions") { (node: GradFn) in node.next }
        return tensor
    }

    // MARK: Creation

    private static func registerCreation(_ tensor: HostType) {
        tensor.initializer("init(_ data: Any, requiresGrad: Bool = false)") { (data: Value, requiresGrad: Bool) in
            try TensorLiteral.tensor(from: data, requiresGrad: requiresGrad)
        }
        tensor.initializer("init(_ data: Any, dtype: DType, requiresGrad: Bool = false)") { (data: Value, dtype: DTypeValue, requiresGrad: Bool) in
            try TensorLiteral.tensor(from: data, requiresGrad: requiresGrad, dtype: dtype.dtype)
        }
        let factories: [String: ([Int], DType?, Bool) throws -> Tensor] = [
            "rand": { try Tensor.rand($0, dtype: $1 ?? .float32, requiresGrad: $2) },
            "randn": { try Tensor.randn($0, dtype: $1 ?? .float32, requiresGrad: $2) },
            "zeros": { try Tensor.full($0, 0, dtype: $1 ?? .float32, requiresGrad: $2) },
            "ones": { try Tensor.full($0, 1, dtype: $1 ?? .float32, requiresGrad: $2) },
        ]
        for (name, make) in factories {
            for signature in ["(_ shape: Any..., dtype: Any? = nil, requiresGrad: Bool = false, device: Any? = nil)",
                              "(_ shape: Any..., dtype: Any? = nil, device: Any? = nil, requiresGrad: Bool = false)"] {
                tensor.staticMethod(name + signature) { a in
                    let dims = try EngineValues.shape(from: a[0])
                    try EngineValues.checkShape(dims)
                    try DeviceBindings.check(a["device"])
                    return .host(try make(dims, try DTypeBindings.optionalDType(a["dtype"]), try a.get("requiresGrad")))
                }
            }
            // The `…Like` forms keep the other tensor's dtype unless given one.
            tensor.staticMethod("\(name)Like(_ other: Tensor, dtype: Any? = nil, requiresGrad: Bool = false, device: Any? = nil)") {
                (other: Tensor, dtype: Value, requiresGrad: Bool, device: Value) in
                try DeviceBindings.check(device)
                return try make(other.shape, try DTypeBindings.optionalDType(dtype) ?? other.dtype, requiresGrad)
            }
        }
        tensor.staticMethod("full(_ shape: [Int], _ value: Any, dtype: Any? = nil, requiresGrad: Bool = false)") {
            (shape: [Int], value: Value, dtype: Value, requiresGrad: Bool) in
            try EngineValues.checkShape(shape)
            return try full(shape, value, dtype: try DTypeBindings.optionalDType(dtype), requiresGrad: requiresGrad)
        }
        tensor.staticMethod("fullLike(_ other: Tensor, _ value: Any, dtype: Any? = nil, requiresGrad: Bool = false)") {
            (other: Tensor, value: Value, dtype: Value, requiresGrad: Bool) in
            try full(other.shape, value, dtype: try DTypeBindings.optionalDType(dtype) ?? other.dtype, requiresGrad: requiresGrad)
        }
        tensor.staticMethod("arange(_ end: Any, dtype: Any? = nil)") { (end: Value, dtype: Value) in
            try arange(.int(0), end, .int(1), dtype: try DTypeBindings.optionalDType(dtype))
        }
        tensor.staticMethod("arange(_ start: Any, _ end: Any, step: Any = 1, dtype: Any? = nil)") { (start: Value, end: Value, step: Value, dtype: Value) in
            try arange(start, end, step, dtype: try DTypeBindings.optionalDType(dtype))
        }
        tensor.staticMethod("cat(_ tensors: [Tensor], dim: Int = 0)") { (tensors: [Tensor], dim: Int) in
            try Tensor.cat(tensors, dim: dim)
        }
        tensor.staticMethod("stack(_ tensors: [Tensor], dim: Int = 0)") { (tensors: [Tensor], dim: Int) in
            try Tensor.stack(tensors, dim: dim)
        }
    }

    /// PyTorch's `full`: the dtype follows the value (Int gives int64, Bool
    /// bool, Double float32) unless one is given.
    static func full(_ shape: [Int], _ value: Value, dtype: DType?, requiresGrad: Bool) throws -> Tensor {
        switch value.unwrapped {
        case .int(let i): return try Tensor.full(shape, integer: Int64(i), dtype: dtype ?? .int64, requiresGrad: requiresGrad)
        case .bool(let b): return try Tensor.full(shape, b ? 1 : 0, dtype: dtype ?? .bool, requiresGrad: requiresGrad)
        case .double(let d): return try Tensor.full(shape, d, dtype: dtype ?? .float32, requiresGrad: requiresGrad)
        default:
            if let t = EngineValues.tensor(in: value), t.count == 1 {
                return try Tensor.full(shape, try t.item(), dtype: dtype ?? t.dtype, requiresGrad: requiresGrad)
            }
            throw ConversionError(expected: "Double", value: value)
        }
    }

    /// PyTorch's `arange`: int64 when every bound is an Int, float32 otherwise
    /// (or `dtype` when given).
    static func arange(_ start: Value, _ end: Value, _ step: Value, dtype: DType?) throws -> Tensor {
        let result = try arange(start, end, step)
        guard let dtype, dtype != result.dtype else { return result }
        if dtype == .float64, let a = EngineValues.number(in: start), let s = EngineValues.number(in: step) {
            return Tensor(shape: result.shape, doubles: (0..<result.count).map { a + Double($0) * s })
        }
        return result.to(dtype)
    }

    /// PyTorch's `arange`: int64 when every bound is an Int, float32 otherwise.
    static func arange(_ start: Value, _ end: Value, _ step: Value) throws -> Tensor {
        guard let a = EngineValues.number(in: start), let b = EngineValues.number(in: end), let s = EngineValues.number(in: step) else {
            throw HostError("arange takes numbers")
        }
        guard s != 0 else { throw TensorError("step must be nonzero") }
        guard a.isFinite, b.isFinite, s.isFinite else { throw TensorError("unsupported range: \(a) -> \(b)") }
        guard (b - a) / s >= 0 else { throw TensorError("upper bound and larger bound inconsistent with step sign") }
        let count = ((b - a) / s).rounded(.up)
        guard count <= Double(1 << 32) else { throw TensorError("arange of \(count) elements is too large") }
        if case .int(let i0) = start, case .int = end, case .int(let di) = step {
            return Tensor(shape: [Int(count)], int64s: try (0..<Int(count)).map { k in
                let (step, o1) = k.multipliedReportingOverflow(by: di)
                let (value, o2) = i0.addingReportingOverflow(step)
                guard !o1 && !o2 else { throw TensorError("arange: values do not fit in int64") }
                return Int64(value)
            })
        }
        return try Tensor.arange(a, b, step: s)
    }

    // MARK: Properties

    private static func registerProperties(_ tensor: HostType) {
        tensor.property("shape") { (x: Tensor) in x.shape }
        tensor.property("count") { (x: Tensor) in x.count }
        tensor.property("rank") { (x: Tensor) in x.rank }
        tensor.property("isLeaf") { (x: Tensor) in x.isLeaf }
        tensor.property("isContiguous") { (x: Tensor) in x.isContiguous }
        tensor.property("gradFn") { (x: Tensor) in x.gradFn }
        tensor.property("requiresGrad", get: { (x: Tensor) in x.requiresGrad },
                        set: { (x: Tensor, flag: Bool) in try x.setRequiresGrad(flag) })
        tensor.property("grad", get: { (x: Tensor) in x.grad }, set: { (x: Tensor, grad: Tensor?) in
            if let grad {
                guard grad.shape == x.shape else {
                    throw TensorError("assigned grad has data of a different size")
                }
                guard grad.dtype == x.dtype else { throw TensorError("assigned grad has data of a different type") }
            }
            x.grad = grad
        })
        tensor.property("label", get: { (x: Tensor) in x.label }, set: { (x: Tensor, label: String?) in x.label = label })
        tensor.property("T") { (x: Tensor) in
            x.rank <= 2 ? try x.t() : try x.permute(Array((0..<x.rank).reversed()))
        }
    }

    // MARK: Methods

    private static func registerMethods(_ tensor: HostType) {
        for (name, body) in unaryMethods {
            tensor.method("\(name)()") { (x: Tensor) in try body(x) }
        }
        for (name, body) in dimMethods {
            tensor.method("\(name)(dim: Int)") { (x: Tensor, dim: Int) in try body(x, dim) }
            tensor.method("\(name)(_ dim: Int)") { (x: Tensor, dim: Int) in try body(x, dim) }
        }
        for (name, body) in binaryMethods {
            tensor.method("\(name)(_ other: Tensor)") { (x: Tensor, y: Tensor) in try body(x, y) }
        }
        for (name, reduction) in reductions {
            tensor.method("\(name)()") { (x: Tensor) in try reduction.whole(x) }
            // PyTorch passes the dimension by name or by position: `x.sum(dim: 1)`, `x.sum(1)`.
            for label in ["dim", "_ dim"] {
                tensor.method("\(name)(\(label): Int, keepDim: Bool = false)") { (x: Tensor, dim: Int, keepDim: Bool) in
                    try reduction.alongDim(x, dim, keepDim)
                }
            }
        }
        tensor.method("item()") { (x: Tensor) in try TensorLiteral.item(of: x) }
        tensor.method("toArray()") { (x: Tensor) in TensorLiteral.array(from: x) }
        tensor.method("numel()") { (x: Tensor) in x.count }
        tensor.method("dim()") { (x: Tensor) in x.rank }
        tensor.method("size()") { (x: Tensor) in x.shape }
        tensor.method("size(_ dim: Int)") { (x: Tensor, dim: Int) -> Int in
            let rank = max(x.rank, 1)
            guard dim >= -rank && dim < rank else {
                throw TensorError("Dimension out of range (expected to be in range of [\(-rank), \(rank - 1)], but got \(dim))")
            }
            return x.rank == 0 ? 1 : x.shape[dim < 0 ? dim + rank : dim]
        }
        tensor.method("backward(gradient: Tensor? = nil, retainGraph: Bool = false)") {
            (x: Tensor, gradient: Tensor?, retainGraph: Bool) in
            try x.backward(gradient: gradient, retainGraph: retainGraph)
        }
        tensor.method("backward(_ gradient: Tensor?, retainGraph: Bool = false)") { (x: Tensor, gradient: Tensor?, retainGraph: Bool) in
            try x.backward(gradient: gradient, retainGraph: retainGraph)
        }
        tensor.method("zeroGrad()") { (x: Tensor) in x.zeroGrad() }
        tensor.method("setRequiresGrad(_ flag: Bool = true)") { (x: Tensor, flag: Bool) in try x.requiresGrad(flag) }
        tensor.method("pow(_ exponent: Any)") { (x: Tensor, exponent: Value) -> Tensor in
            if let e = EngineValues.tensor(in: exponent) { return try x.pow(e) }
            guard let e = EngineValues.number(in: exponent) else { throw ConversionError(expected: "Double", value: exponent) }
            return x.pow(e)
        }
        tensor.method("transpose(_ dim0: Int, _ dim1: Int)") { (x: Tensor, a: Int, b: Int) in try x.transpose(a, b) }
        // permute takes dimensions, which may be negative, not a shape.
        tensor.method("permute(_ dims: Any...)") { (x: Tensor, dims: Value) in
            try x.permute(try EngineValues.shape(from: dims))
        }
        for name in ["reshape", "view"] {
            tensor.method("\(name)(_ dims: Any...)") { (x: Tensor, dims: Value) -> Tensor in
                let values = try EngineValues.shape(from: dims)
                try EngineValues.checkShape(values.filter { $0 != -1 })
                return name == "view" ? try x.view(values) : try x.reshape(values)
            }
        }
        tensor.method("flatten(startDim: Int = 0, endDim: Int = -1)") { (x: Tensor, start: Int, end: Int) in
            try x.flatten(startDim: start, endDim: end)
        }
        tensor.method("flatten(_ startDim: Int, _ endDim: Int = -1)") { (x: Tensor, start: Int, end: Int) in
            try x.flatten(startDim: start, endDim: end)
        }
        tensor.method("allClose(_ other: Tensor, rtol: Double = 1e-05, atol: Double = 1e-08)") {
            (x: Tensor, y: Tensor, rtol: Double, atol: Double) in try x.allClose(y, rtol: rtol, atol: atol)
        }
        tensor.method("equal(_ other: Tensor)") { (x: Tensor, y: Tensor) in x.equal(y) }
        tensor.method("fill(_ value: Double)") { (x: Tensor, value: Double) in try x.fill(value) }
    }
}
