import Autograd

/// Flattens dimensions `startDim` through `endDim` into one, PyTorch's `nn.Flatten`.
public final class Flatten: Module {
    /// First dimension flattened.
    public let startDim: Int
    /// Last dimension flattened (negative counts from the end).
    public let endDim: Int

    /// Flattens `startDim...endDim`; by default all but the batch dimension.
    public init(startDim: Int = 1, endDim: Int = -1) {
        self.startDim = startDim
        self.endDim = endDim
        super.init()
    }

    public override func callAsFunction(_ input: Tensor) throws -> Tensor {
        try input.flatten(startDim: startDim, endDim: endDim)
    }

    public override var extraDescription: String { "start_dim=\(startDim), end_dim=\(endDim)" }
}

/// Expands dimension `dim` into `unflattenedSize`, PyTorch's `nn.Unflatten` (the
/// inverse of `Flatten`); one size may be -1, inferred from the others.
public final class Unflatten: Module {
    /// The dimension expanded (negative counts from the end).
    public let dim: Int
    /// The sizes it is expanded into.
    public let unflattenedSize: [Int]

    /// Expands `dim` into `unflattenedSize`.
    public init(dim: Int, unflattenedSize: [Int]) {
        self.dim = dim
        self.unflattenedSize = unflattenedSize
        super.init()
    }

    public override func callAsFunction(_ input: Tensor) throws -> Tensor {
        let rank = input.rank
        guard dim >= -Swift.max(rank, 1) && dim < Swift.max(rank, 1), rank > 0 else {
            throw ModuleError("Dimension out of range (expected to be in range of [\(-Swift.max(rank, 1)), \(Swift.max(rank, 1) - 1)], but got \(dim))")
        }
        let d = dim < 0 ? dim + rank : dim
        let size = input.shape[d]
        var sizes = unflattenedSize
        let provided = "[" + sizes.map(String.init).joined(separator: ", ") + "]"
        let mismatch = ModuleError("unflatten: Provided sizes \(provided) don't multiply up to the size of dim \(d) (\(size)) in the input tensor")
        let inferred = sizes.indices.filter { sizes[$0] == -1 }
        guard inferred.count <= 1 else { throw ModuleError("only one dimension can be inferred") }
        let known = sizes.filter { $0 != -1 }.reduce(1, *)
        if let i = inferred.first {
            guard known != 0, size % known == 0 else { throw mismatch }
            sizes[i] = size / known
        }
        guard sizes.allSatisfy({ $0 >= 0 }), sizes.reduce(1, *) == size else { throw mismatch }
        return try input.reshape(Array(input.shape[..<d]) + sizes + Array(input.shape[(d + 1)...]))
    }

    public override var extraDescription: String {
        let sizes = unflattenedSize.count == 1 ? "(\(unflattenedSize[0]),)" : "(" + unflattenedSize.map(String.init).joined(separator: ", ") + ")"
        return "dim=\(dim), unflattened_size=\(sizes)"
    }
}
