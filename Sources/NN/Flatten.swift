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
