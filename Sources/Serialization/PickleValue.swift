/// A value rebuilt by `Unpickler`: Python's plain data, plus the few PyTorch
/// objects a state dict is made of. Nothing here can run code.
indirect enum PickleValue {
    case none
    case bool(Bool)
    case int(Int)
    case float(Double)
    case string(String)
    case bytes([UInt8])
    case tuple([PickleValue])
    /// Lists and dicts are filled after they are created (APPENDS, SETITEMS),
    /// possibly through the memo, so they are shared boxes.
    case list(PickleList)
    case dict(PickleDict)
    /// One of the callables and classes a state dict may name.
    case global(PickleGlobal)
    /// A storage named by a persistent id: `('storage', type, key, location, count)`.
    case storage(StorageReference)
    /// A tensor view of a storage, from `_rebuild_tensor_v2` or `_rebuild_parameter`.
    case tensor(TensorReference)

    /// A short Python-like name for error messages.
    var typeName: String {
        switch self {
        case .none: return "None"
        case .bool: return "bool"
        case .int: return "int"
        case .float: return "float"
        case .string: return "str"
        case .bytes: return "bytes"
        case .tuple: return "tuple"
        case .list: return "list"
        case .dict: return "dict"
        case .global(let global): return global.qualifiedName
        case .storage: return "storage"
        case .tensor: return "tensor"
        }
    }
}

/// A Python list being rebuilt.
final class PickleList {
    var elements: [PickleValue]
    /// How deeply containers nest inside it (1 for a list of plain values).
    var height = 1
    /// Set once the list is placed inside another container: from then on it
    /// may not change, so no container can end up inside itself.
    var isSealed = false
    init(_ elements: [PickleValue] = []) { self.elements = elements }
}

/// A Python dict being rebuilt, keeping insertion order (as dicts and
/// `OrderedDict` do).
final class PickleDict {
    private(set) var keys: [PickleValue] = []
    private(set) var values: [PickleValue] = []
    private var stringIndex: [String: Int] = [:]
    /// How deeply containers nest inside it (1 for a dict of plain values).
    var height = 1
    /// Set once the dict is placed inside another container (see `PickleList`).
    var isSealed = false

    /// Sets `key` to `value`; a string key seen before keeps its position.
    func set(_ key: PickleValue, _ value: PickleValue) {
        if case .string(let name) = key {
            if let position = stringIndex[name] {
                values[position] = value
                return
            }
            stringIndex[name] = keys.count
        }
        keys.append(key)
        values.append(value)
    }

    /// The entries in insertion order.
    var entries: [(PickleValue, PickleValue)] { Array(zip(keys, values)) }

    /// The value for a string key.
    subscript(name: String) -> PickleValue? {
        stringIndex[name].map { values[$0] }
    }
}

/// The only globals a state-dict pickle may name. Each is resolved by the
/// unpickler to plain data; none of them is ever "called" as Python would.
enum PickleGlobal: Equatable {
    case orderedDict
    case rebuildTensor
    case rebuildTensorV2
    case rebuildParameter
    case rebuildParameterWithState
    case storageType(StorageType)

    /// Resolves `module.name`, or returns nil when it is not allowed.
    init?(module: String, name: String) {
        switch (module, name) {
        case ("collections", "OrderedDict"): self = .orderedDict
        case ("torch._utils", "_rebuild_tensor"): self = .rebuildTensor
        case ("torch._utils", "_rebuild_tensor_v2"): self = .rebuildTensorV2
        case ("torch._utils", "_rebuild_parameter"): self = .rebuildParameter
        case ("torch._utils", "_rebuild_parameter_with_state"): self = .rebuildParameterWithState
        case ("torch", _):
            guard let type = StorageType(rawValue: name) else { return nil }
            self = .storageType(type)
        default: return nil
        }
    }

    /// `module.name` as Python spells it.
    var qualifiedName: String {
        switch self {
        case .orderedDict: return "collections.OrderedDict"
        case .rebuildTensor: return "torch._utils._rebuild_tensor"
        case .rebuildTensorV2: return "torch._utils._rebuild_tensor_v2"
        case .rebuildParameter: return "torch._utils._rebuild_parameter"
        case .rebuildParameterWithState: return "torch._utils._rebuild_parameter_with_state"
        case .storageType(let type): return "torch.\(type.rawValue)"
        }
    }
}

/// PyTorch's typed storage classes, with their element layout.
enum StorageType: String, CaseIterable {
    case float = "FloatStorage", double = "DoubleStorage", half = "HalfStorage", bfloat16 = "BFloat16Storage"
    case long = "LongStorage", int = "IntStorage", short = "ShortStorage", char = "CharStorage", byte = "ByteStorage"
    case bool = "BoolStorage"

    /// Bytes per element.
    var elementSize: Int {
        switch self {
        case .double, .long: return 8
        case .float, .int: return 4
        case .half, .bfloat16, .short: return 2
        case .char, .byte, .bool: return 1
        }
    }
}

/// A storage named by a checkpoint: its data is the archive entry `data/<key>`.
struct StorageReference {
    var type: StorageType
    var key: String
    var count: Int
}

/// A strided view of a storage, as `_rebuild_tensor_v2` describes it.
struct TensorReference {
    var storage: StorageReference
    var offset: Int
    var shape: [Int]
    var strides: [Int]
    var requiresGrad: Bool
}
