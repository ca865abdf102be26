import Autograd

/// A lookup table of `numEmbeddings` vectors of size `embeddingDim`, PyTorch's `nn.Embedding`.
public final class Embedding: Module {
    /// The number of rows of the table.
    public let numEmbeddings: Int
    /// The size of each vector.
    public let embeddingDim: Int
    /// The row that gets no gradient (and starts at zero), non-negative; nil for none.
    public let paddingIndex: Int?

    /// The `[numEmbeddings, embeddingDim]` table.
    public var weight: Tensor {
        get { requiredParameter("weight") }
        set { register(parameter: newValue, name: "weight") }
    }

    /// A table drawn from the standard normal distribution, as PyTorch initialises it,
    /// with the row `paddingIndex` (negative counts from the end) set to zero.
    public init(_ numEmbeddings: Int, _ embeddingDim: Int, paddingIndex: Int? = nil) throws {
        var padding = paddingIndex
        if let p = paddingIndex {
            guard p < numEmbeddings else { throw ModuleError("Padding_idx must be within num_embeddings") }
            guard p >= -numEmbeddings else { throw ModuleError("Padding_idx must be within num_embeddings") }
            padding = p < 0 ? p + numEmbeddings : p
        }
        self.numEmbeddings = numEmbeddings
        self.embeddingDim = embeddingDim
        self.paddingIndex = padding
        var values = try Tensor.randn([numEmbeddings, embeddingDim]).floats
        if let padding {
            for j in 0..<embeddingDim { values[padding * embeddingDim + j] = 0 }
        }
        super.init()
        register(parameter: Tensor(shape: [numEmbeddings, embeddingDim], floats: values, requiresGrad: true), name: "weight")
    }

    public override func callAsFunction(_ input: Tensor) throws -> Tensor {
        try weight.embedding(input, paddingIndex: paddingIndex)
    }

    public override var extraDescription: String {
        "\(numEmbeddings), \(embeddingDim)" + (paddingIndex.map { ", padding_idx=\($0)" } ?? "")
    }
}
