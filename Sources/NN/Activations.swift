import Autograd

/// The rectified linear unit `max(x, 0)`, PyTorch's `nn.ReLU`.
public final class ReLU: Module {
    /// Whether PyTorch would overwrite its input; kept for printing, the result is the same.
    public let inplace: Bool

    public init(inplace: Bool = false) {
        self.inplace = inplace
        super.init()
    }

    public override func callAsFunction(_ input: Tensor) throws -> Tensor { input.relu() }

    public override var extraDescription: String { inplace ? "inplace=True" : "" }
}
