import Autograd
import NN
import Script

extension Optimizer: ScriptObject {
    public static var scriptTypeName: String { "Optimizer" }
}

/// The optimizers in cells: `SGD(model.parameters(), lr: 1e-2, momentum: 0.9)`,
/// `Adam`, `AdamW`, `RMSprop`, `Adagrad`, `Adadelta`, over a list of tensors or a
/// list of parameter groups (`[["params": model.fc.parameters(), "lr": 1e-3]]`),
/// each with `step()`, `zeroGrad()`, a settable `lr`, `paramGroups`, `stateDict()`,
/// `loadStateDict(_:)`, `addParamGroup(_:)` and PyTorch's printing.
enum OptimizerBindings {
    /// One optimizer class: its cell name, the signature of its options (after the
    /// parameters), each option's label and PyTorch name, and how to make it.
    private struct Kind {
        let name: String
        let swiftClass: AnyClass
        let options: String
        let names: [(label: String, python: String)]
        let make: ([ParameterGroup], Arguments) throws -> Optimizer
    }

    static func register(in interpreter: Interpreter) {
        let base = interpreter.defineType("Optimizer", for: Optimizer.self)
        base.method("step()") { (o: Optimizer) in try o.step() }
        base.method("zeroGrad()") { (o: Optimizer) in o.zeroGrad() }
        base.property("lr", get: { (o: Optimizer) in o.learningRate }, set: { (o: Optimizer, lr: Double) in
            guard lr >= 0 else { throw ModuleError("Invalid learning rate: \(lr)") }
            o.learningRate = lr
        })
        base.property("parameters") { (o: Optimizer) in o.parameters }
        base.property("paramGroups") { (o: Optimizer) -> Value in
            .array(o.paramGroups.map { group in
                var dictionary = ScriptDictionary()
                dictionary.set(group.params.scriptValue, for: DictionaryKey(.string("params"))!)
                for (name, value) in group.options { dictionary.set(scriptValue(value), for: DictionaryKey(.string(name))!) }
                return .dictionary(dictionary)
            })
        }
        base.method("setGroupOption(_ group: Int, _ name: String, _ value: Any)") { (o: Optimizer, index: Int, name: String, value: Value) in
            guard o.paramGroups.indices.contains(index) else { throw ModuleError("list index out of range: no parameter group \(index)") }
            o.paramGroups[index][name] = try hyperParameter(value, name: name)
        }
        base.method("stateDict()") { (o: Optimizer) in stateDictValue(o.stateDict()) }
        base.method("loadStateDict(_ stateDict: Any)") { (o: Optimizer, value: Value) in
            try o.loadStateDict(try stateDict(from: value))
        }
        base.method("addParamGroup(_ group: Any)") { (o: Optimizer, value: Value) in
            let (group, _) = try parameterGroup(value)
            try o.addParamGroup(group)
        }

        let kinds: [Kind] = [
            Kind(name: "SGD", swiftClass: SGD.self,
                 options: "lr: Double = 0.001, momentum: Double = 0, dampening: Double = 0, weightDecay: Double = 0, nesterov: Bool = false, maximize: Bool = false",
                 names: [("lr", "lr"), ("momentum", "momentum"), ("dampening", "dampening"), ("weightDecay", "weight_decay")]) { groups, a in
                try SGD(groups, lr: try a.get("lr"), momentum: try a.get("momentum"), dampening: try a.get("dampening"),
                        weightDecay: try a.get("weightDecay"), nesterov: try a.get("nesterov"), maximize: try a.get("maximize"))
            },
            Kind(name: "Adam", swiftClass: Adam.self,
                 options: "lr: Double = 0.001, betas: Any = (0.9, 0.999), eps: Double = 1e-08, weightDecay: Double = 0, amsgrad: Bool = false, maximize: Bool = false",
                 names: [("lr", "lr"), ("weightDecay", "weight_decay")]) { groups, a in
                try Adam(groups, lr: try a.get("lr"), betas: try betas(a["betas"]), eps: try a.get("eps"),
                         weightDecay: try a.get("weightDecay"), amsgrad: try a.get("amsgrad"), maximize: try a.get("maximize"))
            },
            Kind(name: "AdamW", swiftClass: AdamW.self,
                 options: "lr: Double = 0.001, betas: Any = (0.9, 0.999), eps: Double = 1e-08, weightDecay: Double = 0.01, amsgrad: Bool = false, maximize: Bool = false",
                 names: [("lr", "lr"), ("weightDecay", "weight_decay")]) { groups, a in
                try AdamW(groups, lr: try a.get("lr"), betas: try betas(a["betas"]), eps: try a.get("eps"),
                          weightDecay: try a.get("weightDecay"), amsgrad: try a.get("amsgrad"), maximize: try a.get("maximize"))
            },
            Kind(name: "RMSprop", swiftClass: RMSprop.self,
                 options: "lr: Double = 0.01, alpha: Double = 0.99, eps: Double = 1e-08, weightDecay: Double = 0, momentum: Double = 0, centered: Bool = false, maximize: Bool = false",
                 names: [("lr", "lr"), ("alpha", "alpha"), ("weightDecay", "weight_decay"), ("momentum", "momentum")]) { groups, a in
                try RMSprop(groups, lr: try a.get("lr"), alpha: try a.get("alpha"), eps: try a.get("eps"), weightDecay: try a.get("weightDecay"),
                            momentum: try a.get("momentum"), centered: try a.get("centered"), maximize: try a.get("maximize"))
            },
            Kind(name: "Adagrad", swiftClass: Adagrad.self,
                 options: "lr: Double = 0.01, lrDecay: Double = 0, weightDecay: Double = 0, initialAccumulatorValue: Double = 0, eps: Double = 1e-10, maximize: Bool = false",
                 names: [("lr", "lr"), ("lrDecay", "lr_decay"), ("weightDecay", "weight_decay"), ("initialAccumulatorValue", "initial_accumulator_value")]) { groups, a in
                try Adagrad(groups, lr: try a.get("lr"), lrDecay: try a.get("lrDecay"), weightDecay: try a.get("weightDecay"),
                            initialAccumulatorValue: try a.get("initialAccumulatorValue"), eps: try a.get("eps"), maximize: try a.get("maximize"))
            },
            Kind(name: "Adadelta", swiftClass: Adadelta.self,
                 options: "lr: Double = 1.0, rho: Double = 0.9, eps: Double = 1e-06, weightDecay: Double = 0, maximize: Bool = false",
                 names: [("lr", "lr"), ("rho", "rho"), ("weightDecay", "weight_decay")]) { groups, a in
                try Adadelta(groups, lr: try a.get("lr"), rho: try a.get("rho"), eps: try a.get("eps"),
                             weightDecay: try a.get("weightDecay"), maximize: try a.get("maximize"))
            },
        ]
        var types: [String: HostType] = [:]
        for kind in kinds {
            let type = interpreter.defineType(kind.name, for: kind.swiftClass, inherits: kind.name == "AdamW" ? types["Adam"]! : base)
            types[kind.name] = type
            if kind.names.contains(where: { $0.python == "momentum" }) {
                type.property("momentum") { (o: Optimizer) in o.paramGroups.first?["momentum"]?.doubleValue ?? 0 }
            }
            type.initializer("init(_ params: Any, \(kind.options))") { a -> Value in
                let (groups, given) = try parameterGroups(a[0])
                let optimizer = try kind.make(groups, a)
                // An option written as an integer prints as one, as in Python (`momentum: 1` → `momentum: 1`).
                for (label, python) in kind.names {
                    guard case .int(let n) = a[label].unwrapped else { continue }
                    for index in optimizer.paramGroups.indices where !given[index].contains(python) {
                        optimizer.paramGroups[index][python] = .int(n)
                    }
                }
                return optimizer.scriptValue
            }
        }
    }

    /// The parameter groups of an optimizer's first argument: a list of tensors (one
    /// group) or a list of dictionaries with `params` and options; with each group's own option names.
    static func parameterGroups(_ value: Value) throws -> ([ParameterGroup], [Set<String>]) {
        guard case .array(let items) = value.unwrapped else { throw ConversionError(expected: "[Tensor] or [[String: Any]]", value: value) }
        if let first = items.first, case .dictionary = first.unwrapped {
            let groups = try items.map(parameterGroup)
            return (groups.map(\.0), groups.map(\.1))
        }
        let tensors = try [Tensor].fromScript(value)
        return (Optimizer.groups(tensors), [[]])
    }

    /// One group written as `["params": tensors, "lr": 0.01, …]`, with the option names it sets.
    static func parameterGroup(_ value: Value) throws -> (ParameterGroup, Set<String>) {
        guard case .dictionary(let dictionary) = value.unwrapped else { throw ConversionError(expected: "[String: Any]", value: value) }
        var params: [Tensor]?
        var options: [(String, HyperParameter)] = []
        for (key, element) in dictionary.entries {
            guard case .string(let name) = key else { throw ConversionError(expected: "[String: Any]", value: value) }
            if name == "params" {
                if let tensor = EngineValues.tensor(in: element) { params = [tensor] } else { params = try [Tensor].fromScript(element.unwrapped) }
            } else {
                options.append((pythonName(name), try hyperParameter(element, name: name)))
            }
        }
        guard let params else { throw ModuleError("parameter group didn't specify a value of required optimization parameter params") }
        return (ParameterGroup(params, options), Set(options.map(\.0)))
    }

    /// A group option written the Swift way (`weightDecay`) by its PyTorch name (`weight_decay`).
    static func pythonName(_ name: String) -> String {
        var result = ""
        for character in name {
            if character.isUppercase { result += "_" + character.lowercased() } else { result.append(character) }
        }
        return result
    }

    /// A cell value as a hyper-parameter: a number, a flag, nil or a pair of numbers.
    static func hyperParameter(_ value: Value, name: String) throws -> HyperParameter {
        switch value.unwrapped {
        case .int(let n): return .int(n)
        case .double(let d): return .float(d)
        case .bool(let b): return .bool(b)
        case .nil: return .none
        case .tuple, .array:
            let (a, b) = try betas(value)
            return .pair(a, b)
        default:
            throw ConversionError(expected: "a number, a Bool, nil or a pair of numbers for '\(name)'", value: value)
        }
    }

    /// A hyper-parameter as a cell value.
    static func scriptValue(_ value: HyperParameter) -> Value {
        switch value {
        case .int(let n): return .int(n)
        case .float(let d): return .double(d)
        case .bool(let b): return .bool(b)
        case .pair(let a, let b): return .tuple(Tuple([.double(a), .double(b)]))
        case .none: return .nil
        }
    }

    /// A state dict as PyTorch lays it out: `["state": [0: ["momentum_buffer": …]], "param_groups": [[…, "params": [0, 1]]]]`.
    static func stateDictValue(_ stateDict: OptimizerStateDict) -> Value {
        var state = ScriptDictionary()
        for (index, entries) in stateDict.state {
            var named = ScriptDictionary()
            for (name, tensor) in entries { named.set(.host(tensor), for: DictionaryKey(.string(name))!) }
            state.set(.dictionary(named), for: DictionaryKey(.int(index))!)
        }
        let groups: [Value] = stateDict.paramGroups.map { group in
            var dictionary = ScriptDictionary()
            for (name, value) in group.options { dictionary.set(scriptValue(value), for: DictionaryKey(.string(name))!) }
            dictionary.set(group.params.scriptValue, for: DictionaryKey(.string("params"))!)
            return .dictionary(dictionary)
        }
        var result = ScriptDictionary()
        result.set(.dictionary(state), for: DictionaryKey(.string("state"))!)
        result.set(.array(groups), for: DictionaryKey(.string("param_groups"))!)
        return .dictionary(result)
    }

    /// A state dict from its cell value (as `stateDict()` gives it, or as `load` reads a `torch.save`d one).
    static func stateDict(from value: Value) throws -> OptimizerStateDict {
        let problem = ModuleError("an optimizer state dict is [\"state\": [Int: [String: Tensor]], \"param_groups\": [[String: Any]]]")
        guard case .dictionary(let dictionary) = value.unwrapped,
              case .dictionary(let stateValue)? = dictionary[DictionaryKey(.string("state"))!]?.unwrapped,
              case .array(let groupValues)? = dictionary[DictionaryKey(.string("param_groups"))!]?.unwrapped else { throw problem }
        var state: [(Int, [(String, Tensor)])] = []
        for (key, element) in stateValue.entries {
            guard case .int(let index) = key.unwrapped, case .dictionary(let named) = element.unwrapped else { throw problem }
            state.append((index, try named.entries.map { name, tensor in
                guard case .string(let name) = name.unwrapped else { throw problem }
                if let tensor = EngineValues.tensor(in: tensor) { return (name, tensor) }
                if let number = EngineValues.number(in: tensor), name == "step" { return (name, Tensor(number)) }
                throw problem
            }))
        }
        state.sort { $0.0 < $1.0 }
        let groups: [OptimizerStateDict.Group] = try groupValues.map { element in
            guard case .dictionary(let group) = element.unwrapped else { throw problem }
            var params: [Int]?
            var options: [(String, HyperParameter)] = []
            for (key, value) in group.entries {
                guard case .string(let name) = key.unwrapped else { throw problem }
                if name == "params" { params = try EngineValues.integers(value) } else { options.append((name, try hyperParameter(value, name: name))) }
            }
            guard let params else { throw problem }
            return OptimizerStateDict.Group(options: options, params: params)
        }
        return OptimizerStateDict(state: state, paramGroups: groups)
    }

    /// Adam's `betas`, a pair of numbers written as a tuple or an array.
    static func betas(_ value: Value) throws -> (Double, Double) {
        let elements: [Value]
        switch value.unwrapped {
        case .tuple(let tuple): elements = tuple.elements
        case .array(let array): elements = array
        default: throw ConversionError(expected: "(Double, Double)", value: value)
        }
        guard elements.count == 2, let b1 = EngineValues.number(in: elements[0]), let b2 = EngineValues.number(in: elements[1]) else {
            throw ConversionError(expected: "(Double, Double)", value: value)
        }
        return (b1, b2)
    }
}
