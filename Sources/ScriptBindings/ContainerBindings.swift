import Autograd
import NN
import Script

/// `Parameter(tensor)`, the containers `ModuleList`, `ModuleDict` and
/// `ParameterList`, and the `nn.init` functions (`xavierUniform_(w)`,
/// `kaimingNormal_(w, mode: "fan_out", nonlinearity: "relu")`, `zeros_(b)`, …)
/// in cells. The init functions fill in place, draw as PyTorch does, and return the tensor.
enum ContainerBindings {
    static func register(in interpreter: Interpreter, module: HostType) {
        interpreter.defineFunction("Parameter(_ data: Tensor? = nil, requiresGrad: Bool = true)") { (data: Tensor?, requiresGrad: Bool) -> Tensor in
            let p = (data ?? Tensor.zeros([0])).detach()
            guard !requiresGrad || p.dtype == .float32 else {
                throw TensorError("Only Tensors of floating point and complex dtype can require gradients")
            }
            try p.setRequiresGrad(requiresGrad)
            p.isParameter = true
            return p
        }

        let list = interpreter.defineType("ModuleList", for: ModuleList.self, inherits: module)
        list.initializer("init(_ modules: [Module] = [])") { (modules: [Module]) in ModuleList(modules) }
        list.property("count") { (l: ModuleList) in l.count }
        list.method("append(_ module: Module)") { (l: ModuleList, m: Module) in
            try ModuleBindings.checkNoCycle(adding: m, to: l)
            l.append(m)
        }
        list.method("extend(_ modules: [Module])") { (l: ModuleList, modules: [Module]) in
            for m in modules { try ModuleBindings.checkNoCycle(adding: m, to: l) }
            l.extend(modules)
        }
        list.method("insert(_ index: Int, _ module: Module)") { (l: ModuleList, index: Int, m: Module) in
            try ModuleBindings.checkNoCycle(adding: m, to: l)
            try l.insert(m, at: index)
        }
        list.iterable { value in iterator(try ModuleList.fromScript(value).children().map(\.scriptValue)) }
        list.subscripts(get: { receiver, indices in
            try ModuleList.fromScript(receiver).module(at: try index(indices)).scriptValue
        }, set: { receiver, indices, value in
            let l = try ModuleList.fromScript(receiver), m = try Module.fromScript(value)
            try ModuleBindings.checkNoCycle(adding: m, to: l)
            try l.setModule(m, at: try index(indices))
        })

        let dictionary = interpreter.defineType("ModuleDict", for: ModuleDict.self, inherits: module)
        dictionary.initializer("init(_ modules: Any = [:])") { (value: Value) -> ModuleDict in
            try ModuleDict(try namedModules(value))
        }
        dictionary.property("count") { (d: ModuleDict) in d.count }
        dictionary.property("keys") { (d: ModuleDict) in d.keys }
        dictionary.method("values()") { (d: ModuleDict) in d.children() }
        dictionary.method("items()") { (d: ModuleDict) in ModuleBindings.pairs(d.namedChildren()) }
        dictionary.method("pop(_ key: String)") { (d: ModuleDict, key: String) in try d.pop(key) }
        dictionary.iterable { value in iterator(try ModuleDict.fromScript(value).keys.map { Value.string($0) }) }
        dictionary.subscripts(get: { receiver, indices in
            try ModuleDict.fromScript(receiver).module(named: try key(indices)).scriptValue
        }, set: { receiver, indices, value in
            let d = try ModuleDict.fromScript(receiver), m = try Module.fromScript(value)
            try ModuleBindings.checkNoCycle(adding: m, to: d)
            try d.set(m, for: try key(indices))
        })

        let parameters = interpreter.defineType("ParameterList", for: ParameterList.self, inherits: module)
        parameters.initializer("init(_ parameters: [Tensor] = [])") { (tensors: [Tensor]) in ParameterList(tensors.map(asParameter)) }
        parameters.property("count") { (l: ParameterList) in l.count }
        parameters.method("append(_ parameter: Tensor)") { (l: ParameterList, p: Tensor) in l.append(asParameter(p)) }
        parameters.iterable { value in iterator(try ParameterList.fromScript(value).parameters(recurse: false).map { Value.host($0) }) }
        parameters.subscripts(get: { receiver, indices in
            .host(try ParameterList.fromScript(receiver).parameter(at: try index(indices)))
        }, set: nil)

        registerInit(in: interpreter)
    }

    /// A `next` function over a fixed list of elements.
    private static func iterator(_ elements: [Value]) -> () throws -> Value? {
        var index = 0
        return {
            guard index < elements.count else { return nil }
            defer { index += 1 }
            return elements[index]
        }
    }

    /// A tensor as a parameter: a leaf that requires grad (a detached view when it is computed), as `nn.Parameter` makes.
    private static func asParameter(_ tensor: Tensor) -> Tensor {
        if tensor.isParameter { return tensor }
        let p = tensor.isLeaf ? tensor : tensor.detach()
        if p.dtype == .float32 { try? p.setRequiresGrad(true) }
        p.isParameter = true
        return p
    }

    /// `[name: module]` (in its written order) or `[(name, module)]` pairs.
    static func namedModules(_ value: Value) throws -> [(String, Module)] {
        switch value.unwrapped {
        case .dictionary(let dictionary):
            return try dictionary.entries.map { key, element in
                guard case .string(let name) = key else { throw ConversionError(expected: "[String: Module]", value: value) }
                return (name, try Module.fromScript(element))
            }
        case .array(let items):
            return try items.map { item in
                guard case .tuple(let pair) = item.unwrapped, pair.elements.count == 2, case .string(let name) = pair.elements[0].unwrapped else {
                    throw ConversionError(expected: "[(String, Module)]", value: value)
                }
                return (name, try Module.fromScript(pair.elements[1]))
            }
        default:
            throw ConversionError(expected: "[String: Module]", value: value)
        }
    }

    private static func index(_ indices: [Value]) throws -> Int {
        guard indices.count == 1, case .int(let index) = indices[0].unwrapped else { throw HostError("a list of modules takes one Int index") }
        return index
    }

    private static func key(_ indices: [Value]) throws -> String {
        guard indices.count == 1, case .string(let key) = indices[0].unwrapped else { throw HostError("a ModuleDict takes one String key") }
        return key
    }

    // MARK: nn.init

    private static func registerInit(in interpreter: Interpreter) {
        interpreter.defineFunction("uniform_(_ tensor: Tensor, a: Double = 0, b: Double = 1)") { (t: Tensor, a: Double, b: Double) -> Tensor in
            Init.uniform(t, from: a, to: b)
            return t
        }
        interpreter.defineFunction("normal_(_ tensor: Tensor, mean: Double = 0, std: Double = 1)") { (t: Tensor, mean: Double, std: Double) -> Tensor in
            Init.normal(t, mean: mean, std: std)
            return t
        }
        interpreter.defineFunction("constant_(_ tensor: Tensor, _ val: Double)") { (t: Tensor, value: Double) -> Tensor in
            Init.constant(t, value)
            return t
        }
        interpreter.defineFunction("zeros_(_ tensor: Tensor)") { (t: Tensor) -> Tensor in
            Init.zeros(t)
            return t
        }
        interpreter.defineFunction("ones_(_ tensor: Tensor)") { (t: Tensor) -> Tensor in
            Init.ones(t)
            return t
        }
        interpreter.defineFunction("xavierUniform_(_ tensor: Tensor, gain: Double = 1)") { (t: Tensor, gain: Double) -> Tensor in
            try Init.xavierUniform(t, gain: gain)
            return t
        }
        interpreter.defineFunction("xavierNormal_(_ tensor: Tensor, gain: Double = 1)") { (t: Tensor, gain: Double) -> Tensor in
            try Init.xavierNormal(t, gain: gain)
            return t
        }
        for (name, normal) in [("kaimingUniform_", false), ("kaimingNormal_", true)] {
            interpreter.defineFunction("\(name)(_ tensor: Tensor, a: Double = 0, mode: String = \"fan_in\", nonlinearity: String = \"leaky_relu\")") { a -> Value in
                let t = try a.get(0, as: Tensor.self), slope = try a.get(1, as: Double.self)
                let mode = try fanMode(try a.get(2)), nonlinearity = try self.nonlinearity(try a.get(3), slope: slope)
                if normal {
                    try Init.kaimingNormal(t, a: slope, mode: mode, nonlinearity: nonlinearity)
                } else {
                    try Init.kaimingUniform(t, a: slope, mode: mode, nonlinearity: nonlinearity)
                }
                return .host(t)
            }
        }
        interpreter.defineFunction("calculateGain(_ nonlinearity: String, _ param: Double? = nil)") { (name: String, param: Double?) -> Double in
            try nonlinearity(name, slope: param ?? 0.01).gain
        }
    }

    private static func fanMode(_ name: String) throws -> Init.FanMode {
        switch name {
        case "fan_in", "fanIn": return .fanIn
        case "fan_out", "fanOut": return .fanOut
        default: throw ModuleError("Mode \(name) not supported, please use one of fan_in, fan_out")
        }
    }

    private static func nonlinearity(_ name: String, slope: Double) throws -> Init.Nonlinearity {
        switch name {
        case "linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d", "conv_transpose3d": return .linear
        case "sigmoid": return .sigmoid
        case "tanh": return .tanh
        case "relu": return .relu
        case "leaky_relu", "leakyRelu": return .leakyRelu(negativeSlope: slope)
        default: throw ModuleError("Unsupported nonlinearity \(name)")
        }
    }
}
