import Autograd

/// An object `torch.save` can write and `torch.load(weights_only=True)` reads:
/// tensors inside Python's plain data (None, bools, ints, floats, strings,
/// lists, tuples and dicts, which keep their order). A state dict is a dict of
/// string keys and tensors; an optimizer's state dict nests dicts, lists and
/// numbers around its tensors.
public indirect enum CheckpointValue {
    case none
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case tensor(Tensor)
    case list([CheckpointValue])
    case tuple([CheckpointValue])
    /// A dict in insertion order (written as `collections.OrderedDict` when
    /// `ordered`, as `torch.save` writes a module's state dict).
    case dict([(CheckpointValue, CheckpointValue)], ordered: Bool)

    /// A state dict: an ordered dict of named tensors.
    public static func stateDict(_ tensors: [(String, Tensor)]) -> CheckpointValue {
        .dict(tensors.map { (.string($0.0), .tensor($0.1)) }, ordered: true)
    }

    /// The named tensors when the value is a dict of string keys and tensors.
    public var namedTensors: [(String, Tensor)]? {
        guard case .dict(let entries, _) = self else { return nil }
        var result: [(String, Tensor)] = []
        for (key, value) in entries {
            guard case .string(let name) = key, case .tensor(let tensor) = value else { return nil }
            result.append((name, tensor))
        }
        return result
    }

    /// Python's name of the value's type, for messages.
    public var typeName: String {
        switch self {
        case .none: return "None"
        case .bool: return "bool"
        case .int: return "int"
        case .double: return "float"
        case .string: return "str"
        case .tensor: return "Tensor"
        case .list: return "list"
        case .tuple: return "tuple"
        case .dict: return "dict"
        }
    }
}
