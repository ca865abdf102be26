import Autograd

/// Flattens dimensions `startDim` through `endDim` into one, PyTorch's `nn.Flatten`.
public final class Flatten: Module {
    public let startDim: Int
    public let endDim: Int

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
