/// The element types a tensor can hold, as PyTorch names them.
public enum DType: String, Sendable, CaseIterable, CustomStringConvertible {
    /// 32-bit floating point, the default.
    case float32
    /// 64-bit floating point (PyTorch's `double`).
    case float64
    /// 64-bit integers: class indices, counters such as `num_batches_tracked`.
    case int64
    /// 32-bit integers (PyTorch's `int`).
    case int32
    /// Unsigned bytes: image pixels.
    case uint8
    /// Booleans: the result of comparisons.
    case bool

    /// PyTorch's `torch.float`, the same type as `float32`.
    public static let float = DType.float32
    /// PyTorch's `torch.double`, the same type as `float64`.
    public static let double = DType.float64
    /// PyTorch's `torch.long`, the same type as `int64`.
    public static let long = DType.int64
    /// PyTorch's `torch.int`, the same type as `int32`.
    public static let int = DType.int32

    /// Bytes one element occupies in storage (booleans are stored as 0/1 floats).
    var elementSize: Int {
        switch self {
        case .float64, .int64: return 8
        case .float32, .int32, .bool: return 4
        case .uint8: return 1
        }
    }

    /// Bytes per element as PyTorch stores it (`dtype.itemsize`).
    public var itemSize: Int { self == .bool ? 1 : elementSize }

    /// PyTorch's spelling, as in `torch.float32`.
    public var description: String { "torch.\(rawValue)" }

    /// Whether the type is a floating-point one (`is_floating_point`).
    public var isFloatingPoint: Bool { self == .float32 || self == .float64 }

    /// Whether the type holds integers (booleans excluded).
    public var isInteger: Bool { self == .int64 || self == .int32 || self == .uint8 }

    /// The C++ scalar-type name PyTorch's messages use (`Float`, `Long`).
    public var scalarTypeName: String {
        switch self {
        case .float32: return "Float"
        case .float64: return "Double"
        case .int64: return "Long"
        case .int32: return "Int"
        case .uint8: return "Byte"
        case .bool: return "Bool"
        }
    }

    /// The C++ type name PyTorch's matrix-product messages use (`double`, `long int`).
    var cppName: String {
        switch self {
        case .float32: return "float"
        case .float64: return "double"
        case .int64: return "long int"
        case .int32: return "int"
        case .uint8: return "unsigned char"
        case .bool: return "bool"
        }
    }

    /// The legacy tensor-type name PyTorch uses in some messages (`torch.FloatTensor`).
    public var legacyName: String { "torch.\(scalarTypeName)Tensor" }

    /// PyTorch's `promote_types`: the smallest type both `a` and `b` convert to
    /// without losing their kind (bool < integers < floating point).
    public static func promote(_ a: DType, _ b: DType) -> DType {
        if a == b { return a }
        if a == .bool { return b }
        if b == .bool { return a }
        if a.isFloatingPoint || b.isFloatingPoint {
            if a == .float64 || b == .float64 { return .float64 }
            return .float32
        }
        // Both integers: the wider one (uint8 fits in int32 and int64).
        if a == .int64 || b == .int64 { return .int64 }
        return .int32
    }

    /// The rank of the type's kind: 0 bool, 1 integer, 2 floating point.
    var category: Int { isFloatingPoint ? 2 : isInteger ? 1 : 0 }
}
