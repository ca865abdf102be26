/// The element types a tensor can hold, as PyTorch names them.
public enum DType: String, Sendable, CustomStringConvertible {
    /// 32-bit floating point, the default.
    case float32
    /// 64-bit integers: class indices, counters such as `num_batches_tracked`.
    case int64
    /// Booleans: the result of comparisons.
    case bool

    /// Bytes one element occupies in storage (booleans are stored as 0/1 floats).
    var elementSize: Int { self == .int64 ? 8 : 4 }

    /// PyTorch's spelling, as in `torch.float32`.
    public var description: String { "torch.\(rawValue)" }

    /// The legacy tensor-type name PyTorch uses in some messages (`torch.FloatTensor`).
    var legacyName: String {
        switch self {
        case .float32: return "torch.FloatTensor"
        case .int64: return "torch.LongTensor"
        case .bool: return "torch.BoolTensor"
        }
    }
}
