import Autograd

/// Samples taken along the first dimension of tensors of equal length, as
/// `torch.utils.data.TensorDataset(x, y)`: sample `i` is `[x[i], y[i]]`.
public final class TensorDataset: Dataset {
    /// The tensors, sharing their first dimension.
    public let tensors: [Tensor]

    /// Wraps `tensors`; they must be non-scalar and agree in their first dimension.
    public init(_ tensors: [Tensor]) throws {
        guard !tensors.isEmpty else { throw DataError("TensorDataset needs at least one tensor") }
        guard tensors.allSatisfy({ $0.rank > 0 }), Set(tensors.map { $0.shape[0] }).count == 1 else {
            throw DataError("Size mismatch between tensors")
        }
        self.tensors = tensors
    }

    /// The length of the first dimension.
    public var count: Int { tensors[0].shape[0] }

    public func sample(at index: Int) throws -> [SampleValue] {
        try tensors.map { .tensor(try $0.select(dim: 0, index: index)) }
    }
}
