import Serialization
import Autograd
import NN
import Script

/// `save(object, "model.pth")` and `load(path)`, as `torch.save` and
/// `torch.load(weights_only=True)`: tensors, state dicts, optimizer state dicts
/// and the plain data around them (numbers, strings, arrays, tuples,
/// dictionaries). `.safetensors` files hold a dictionary of tensors; every other
/// name is written in PyTorch's zip + pickle format. Relative paths resolve in
/// the notebook's folder, and `save` writes only there (`CheckpointWriteRule`),
/// atomically.
enum CheckpointBindings {
    static func register(in interpreter: Interpreter, folder: NotebookFolder) {
        interpreter.defineFunction("load(_ path: String)") { (path: String) -> Value in
            let source = try folder.readable(path)
            let object = try reading(path) { try Checkpoint.loadObject(source) }
            return value(of: object)
        }
        interpreter.defineFunction("save(_ object: Any, _ path: String)") { (a: Arguments) -> Value in
            let path = try a.get(1, as: String.self)
            let object = try checkpointValue(of: a[0])
            let destination: String
            do {
                destination = try folder.rule.destination(of: path)
            } catch let error as CheckpointWriteRule.RuleError {
                throw HostError(error.description)
            }
            try reading(path) { try Checkpoint.save(object, to: destination) }
            return .void
        }
    }

    /// The checkpoint object for a cell value.
    static func checkpointValue(of value: Value) throws -> CheckpointValue {
        switch value.unwrapped {
        case .nil: return .none
        case .bool(let flag): return .bool(flag)
        case .int(let integer): return .int(integer)
        case .double(let number): return .double(number)
        case .string(let text): return .string(text)
        case .array(let elements): return .list(try elements.map(checkpointValue))
        case .tuple(let tuple): return .tuple(try tuple.elements.map(checkpointValue))
        case .dictionary(let dictionary):
            let entries = try dictionary.entries.map { (try checkpointValue(of: $0.key), try checkpointValue(of: $0.value)) }
            // A dictionary of named tensors is a state dict, an OrderedDict in PyTorch.
            let isStateDict = entries.allSatisfy { key, element in
                if case .string = key, case .tensor = element { return true }
                return false
            }
            return .dict(entries, ordered: isStateDict && !entries.isEmpty)
        default:
            if let tensor = EngineValues.tensor(in: value) { return .tensor(tensor) }
            if value.hostObject is Module {
                throw HostError("save a module's stateDict(), not the module: checkpoints hold tensors and plain data")
            }
            if value.hostObject is Optimizer {
                throw HostError("save an optimizer's stateDict(), not the optimizer: checkpoints hold tensors and plain data")
            }
            throw HostError("cannot save a value of type '\(ModuleBindings.pythonTypeName(of: value))': checkpoints hold tensors and plain data")
        }
    }

    /// The cell value of a loaded object.
    static func value(of object: CheckpointValue) -> Value {
        switch object {
        case .none: return .nil
        case .bool(let flag): return .bool(flag)
        case .int(let integer): return .int(integer)
        case .double(let number): return .double(number)
        case .string(let text): return .string(text)
        case .tensor(let tensor): return .host(tensor)
        case .list(let elements): return .array(elements.map(value))
        case .tuple(let elements): return .tuple(Tuple(elements.map(value)))
        case .dict(let entries, _):
            var dictionary = ScriptDictionary()
            for (key, element) in entries {
                guard let dictionaryKey = DictionaryKey(value(of: key)) else { continue }
                dictionary.set(value(of: element), for: dictionaryKey)
            }
            return .dictionary(dictionary)
        }
    }

    /// Runs `body`, reporting checkpoint errors under the path the cell wrote.
    static func reading<T>(_ path: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as CheckpointError {
            throw HostError("\(path): \(error.message)")
        } catch let error as SafeTensorsError {
            throw HostError("\(path): \(error.message)")
        }
    }

    /// Runs `body`, reporting checkpoint errors with the file they concern.
    static func reading<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as CheckpointError {
            throw HostError(error.description)
        } catch let error as SafeTensorsError {
            throw HostError(error.description)
        }
    }
}
