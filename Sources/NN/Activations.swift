import Autograd

/// The rectified linear unit `max(x, 0)`, PyTorch's `nn.ReLU`.
public final class ReLU: Module {
    /// Whether PyTorch would overwrite its input; kept for printing, the result is the same.
    public let inplace: Bool

    /// A ReLU; `inplace` only changes its printed form.
    public init(inplace: Bool = false) {
        self.inplace = inplace
        super.init()
    }

    public override func callAsFunction(_ input: Tensor) throws -> Tensor { input.relu() }

    public override var extraDescription: String { inplace ? "inplace=True" : "" }
}

/// The logistic function, PyTorch's `nn.Sigmoid`.
public final class Sigmoid: Module {
    public override init() { super.init() }

    public override func callAsFunction(_ input: Tensor) throws -> Tensor { input.sigmoid() }
}

/// The hyperbolic tangent, PyTorch's `nn.Tanh`.
public final class Tanh: Module {
    public override init() { super.init() }

    public override func callAsFunction(_ input: Tensor) throws -> Tensor { input.tanh() }
}

/// Softmax along `dim`, PyTorch's `nn.Softmax`.
public final class Softmax: Module {
    /// The dimension normalised over.
    public let dim: Int

    /// Normalises over `dim`.
    public init(dim: Int) {
        self.dim = dim
        super.init()
    }

    public override func callAsFunction(_ input: Tensor) throws -> Tensor { try input.softmax(dim: dim) }

    public override var extraDescription: String { "dim=\(dim)" }
}

/// The logarithm of the softmax along `dim`, PyTorch's `nn.LogSoftmax`.
public final class LogSoftmax: Module {
    /// The dimension normalised over.
    public let dim: Int

    /// Normalises over `dim`.
    public init(dim: Int) {
        self.dim = dim
        super.init()
    }

    public override func callAsFunction(_ input: Tensor) throws -> Tensor { try input.logSoftmax(dim: dim) }

    public override var extraDescription: String { "dim=\(dim)" }
}

/// Returns its input unchanged, PyTorch's `nn.Identity`: a placeholder, for
/// example to remove a classifier (`model.fc = Identity()`).
public final class Identity: Module {
    public override init() { super.init() }

    public override func callAsFunction(_ input: Tensor) throws -> Tensor { input }
}
