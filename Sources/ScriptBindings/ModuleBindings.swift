import Autograd
import NN
import Script

/// `Module` in cells: the base of every layer and model, and of cell classes
/// (`class Net: Module`). Children, parameters and buffers are members by name
/// (`model.fc`, `model.fc.weight`, `bn.running_mean`), and assigning a module to
/// a child's name replaces it (`model.fc = Linear(512, 10)`).
enum ModuleBindings {
    @discardableResult
    static func register(in interpreter: Interpreter) -> HostType {
        let module = interpreter.defineType("Module", for: Module.self)
        module.initializer("init()") { () -> Module in
            throw ModuleError("'Module' is a base class: declare a class that inherits from it (class Net: Module { … })")
        }
        module.subclassable(makeBase: { instance in ScriptModule(instance: instance) },
                            propertyDidChange: { instance, name, value in
                                try (instance.hostBase as? ScriptModule)?.propertyDidChange(name, value)
                            })
        module.method("callAsFunction(_ input: Tensor)") { (a: Arguments) -> Value in
            // A cell class without its own `callAsFunction` lands here.
            if case .instance(let instance)? = a.receiver { throw missingForward(instance.className) }
            let m = try a.receiver(as: Module.self)
            return .host(try m(try a.get(0, as: Tensor.self)))
        }
        module.method("parameters()") { (m: Module) in m.parameters() }
        module.method("namedParameters()") { (m: Module) in pairs(m.namedParameters()) }
        module.method("buffers()") { (m: Module) in m.buffers() }
        module.method("namedBuffers()") { (m: Module) in pairs(m.namedBuffers()) }
        module.method("children()") { (m: Module) in m.children() }
        module.method("namedChildren()") { (m: Module) in pairs(m.namedChildren()) }
        module.method("modules()") { (m: Module) in m.modules() }
        module.method("namedModules()") { (m: Module) in pairs(m.namedModules()) }
        module.method("stateDict()") { (m: Module) -> Value in
            var dictionary = ScriptDictionary()
            for (name, tensor) in m.stateDict() { dictionary.set(.host(tensor), for: DictionaryKey(.string(name))!) }
            return .dictionary(dictionary)
        }
        module.method("loadStateDict(_ stateDict: Any, strict: Bool = true)") { (m: Module, state: Value, strict: Bool) -> Value in
            IncompatibleKeys(try m.loadStateDict(try orderedTensors(state), strict: strict)).scriptValue
        }
        module.method("registerBuffer(_ name: String, _ tensor: Tensor?)") { (m: Module, name: String, tensor: Tensor?) in
            try m.registerBuffer(name, tensor)
        }
        module.method("registerParameter(_ name: String, _ parameter: Tensor?)") { (m: Module, name: String, tensor: Tensor?) in
            try m.registerParameter(name, tensor)
        }
        module.method("train(_ mode: Bool = true)") { (m: Module, mode: Bool) in m.train(mode) }
        module.method("eval()") { (m: Module) in m.eval() }
        module.method("zeroGrad()") { (m: Module) in m.zeroGrad() }
        module.method("setRequiresGrad(_ flag: Bool = true)") { (m: Module, flag: Bool) in try m.setRequiresGrad(flag) }
        module.method("apply(_ body: Any)") { (a: Arguments) -> Value in
            let m = try a.receiver(as: Module.self)
            try m.apply { child in _ = try a.interpreter.call(a[0], [child.scriptValue]) }
            return m.scriptValue
        }
        module.property("isTraining") { (m: Module) in m.isTraining }
        module.dynamicMembers(names: { value in
            guard let m = try? Module.fromScript(value) else { return [] }
            return m.namedChildren().map(\.0) + m.namedParameters(recurse: false).map(\.0) + m.namedBuffers(recurse: false).map(\.0)
        }, get: { value, name in
            try member(name, of: try Module.fromScript(value))
        }, set: { value, name, newValue in
            try setMember(name, of: try Module.fromScript(value), to: newValue)
        })
        return module
    }

    /// A child, parameter or buffer by name; nil when the module has none.
    static func member(_ name: String, of module: Module) throws -> Value? {
        if let child = module[child: name] { return child.scriptValue }
        if module.namedChildren().contains(where: { $0.0 == name }) { return .nil }
        if module.hasParameter(named: name) { return module.parameter(named: name).map { .host($0) } ?? .nil }
        if module.hasBuffer(named: name) { return module.buffer(named: name).map { .host($0) } ?? .nil }
        return nil
    }

    /// Replaces a child, parameter or buffer, or adds a child; false when `name`
    /// is none of these and the value is not a module.
    static func setMember(_ name: String, of module: Module, to value: Value) throws -> Bool {
        let isChild = module.namedChildren().contains { $0.0 == name } || module[child: name] != nil
        if let child = value.hostObject as? Module {
            guard !module.hasParameter(named: name) && !module.hasBuffer(named: name) else {
                throw ModuleError("cannot assign 'Module' as parameter '\(name)' (a Tensor or nil expected)")
            }
            try checkNoCycle(adding: child, to: module)
            module.setChild(child, named: name)
            return true
        }
        if isChild {
            guard value.isNil else {
                throw ModuleError("cannot assign '\(pythonTypeName(of: value))' as child module '\(name)' (torch.nn.Module or None expected)")
            }
            module.setChild(nil, named: name)
            return true
        }
        for (has, kind) in [(module.hasParameter(named: name), "parameter"), (module.hasBuffer(named: name), "buffer")] where has {
            let tensor = EngineValues.tensor(in: value)
            guard tensor != nil || value.isNil else {
                throw ModuleError("cannot assign '\(pythonTypeName(of: value))' as \(kind) '\(name)' (a Tensor or nil expected)")
            }
            if tensor == nil && name == "weight" && (module is Linear || module is Conv2d) {
                throw ModuleError("cannot remove the weight of \(module.typeName): the layer cannot run without it")
            }
            if kind == "parameter" { module.register(parameter: tensor, name: name) } else { module.register(buffer: tensor, name: name) }
            return true
        }
        return false
    }

    /// Rejects making a module a descendant of itself (it could not be printed
    /// or run).
    static func checkNoCycle(adding child: Module, to parent: Module) throws {
        if child.modules().contains(where: { $0 === parent }) {
            throw ModuleError("cannot add \(child.typeName) to \(parent.typeName): a module cannot contain itself")
        }
    }

    /// `(name, value)` tuples, for `for (name, p) in model.namedParameters()`.
    static func pairs<T: ScriptConvertible>(_ items: [(String, T)]) -> Value {
        .array(items.map { .tuple(Tuple([.string($0.0), $0.1.scriptValue])) })
    }

    /// A state dict given as a dictionary (kept in its order) or as `(name, tensor)` pairs.
    static func orderedTensors(_ value: Value) throws -> [(String, Tensor)] {
        switch value.unwrapped {
        case .dictionary(let dictionary):
            return try dictionary.entries.map { key, element in
                guard case .string(let name) = key, let tensor = EngineValues.tensor(in: element) else {
                    throw ConversionError(expected: "[String: Tensor]", value: value)
                }
                return (name, tensor)
            }
        case .array(let items):
            return try items.map { item in
                guard case .tuple(let pair) = item, pair.elements.count == 2, case .string(let name) = pair.elements[0],
                      let tensor = EngineValues.tensor(in: pair.elements[1]) else {
                    throw ConversionError(expected: "[String: Tensor]", value: value)
                }
                return (name, tensor)
            }
        default:
            throw ConversionError(expected: "[String: Tensor]", value: value)
        }
    }

    /// PyTorch's error for a module class without a forward computation.
    static func missingForward(_ className: String) -> ModuleError {
        ModuleError("Module [\(className)] is missing the required \"forward\" function: declare func callAsFunction(_ x: Tensor) -> Tensor")
    }

    /// How PyTorch's messages name the type of a value assigned to a module member.
    static func pythonTypeName(of value: Value) -> String {
        switch value.unwrapped {
        case .int: return "int"
        case .double: return "float"
        case .bool: return "bool"
        case .string: return "str"
        case .array: return "list"
        case .dictionary: return "dict"
        case .tuple: return "tuple"
        case .host(let object as Tensor): return object.dtype == .int64 ? "torch.LongTensor" : "torch.FloatTensor"
        default: return "object"
        }
    }
}
