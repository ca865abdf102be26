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

/// `min(max(x, 0), 6)`, PyTorch's `nn.ReLU6` (MobileNet's activation).
public final class ReLU6: Module {
    /// Whether PyTorch would overwrite its input; kept for printing, the result is the same.
    public let inplace: Bool

    /// A ReLU6; `inplace` only changes its printed form.
    public init(inplace: Bool = false) {
        self.inplace = inplace
        super.init()
    }

    public override func callAsFunction(_ input: Tensor) throws -> Tensor { input.relu6() }

    public override var extraDescription: String { inplace ? "inplace=True" : "" }
}

/// `x` clamped to `minVal...maxVal`, PyTorch's `nn.Hardtanh`.
public final class Hardtanh: Module {
    /// The lower end of the range.
    public let minVal: Double
    /// The upper end of the range.
    public let maxVal: Double
    /// Whether PyTorch would overwrite its input; kept for printing, the result is the same.
    public let inplace: Bool

    /// Clamps to `minVal...maxVal`; throws PyTorch's error when `maxVal` is below `minVal`.
    public init(minVal: Double = -1, maxVal: Double = 1, inplace: Bool = false) throws {
        guard maxVal > minVal else { throw ModuleError("max_val (\(Python.float(maxVal))) must be greater than min_val (\(Python.float(minVal)))") }
        self.minVal = minVal
        self.maxVal = maxVal
        self.inplace = inplace
        super.init()
    }

    public override func callAsFunction(_ input: Tensor) throws -> Tensor { input.hardtanh(minVal: minVal, maxVal: maxVal) }

    public override var extraDescription: String {
        "min_val=\(Python.float(minVal)), max_val=\(Python.float(maxVal))" + (inplace ? ", inplace=True" : "")
    }
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

/// `x` where positive, else `negativeSlope · x`, PyTorch's `nn.LeakyReLU`.
public final class LeakyReLU: Module {
    /// The slope for negative inputs.
    public let negativeSlope: Double
    /// Whether PyTorch would overwrite its input; kept for printing, the result is the same.
    public let inplace: Bool

    /// A leaky ReLU with slope `negativeSlope` below zero.
    public init(negativeSlope: Double = 0.01, inplace: Bool = false) {
        self.negativeSlope = negativeSlope
        self.inplace = inplace
        super.init()
    }

    public override func callAsFunction(_ input: Tensor) throws -> Tensor { input.leakyRelu(negativeSlope: negativeSlope) }

    public override var extraDescription: String {
        "negative_slope=\(Python.float(negativeSlope))" + (inplace ? ", inplace=True" : "")
    }
}

/// The Gaussian error linear unit, PyTorch's `nn.GELU`.
public final class GELU: Module {
    /// `"none"` for the exact form, `"tanh"` for the tanh approximation.
    public let approximate: String

    /// A GELU; an `approximate` other than `"none"` or `"tanh"` fails when applied, as in PyTorch.
    public init(approximate: String = "none") {
        self.approximate = approximate
        super.init()
    }

    public override func callAsFunction(_ input: Tensor) throws -> Tensor { try input.gelu(approximate: approximate) }

    public override var extraDescription: String { "approximate='\(approximate)'" }
}

/// The sigmoid linear unit `x · σ(x)`, PyTorch's `nn.SiLU`.
public final class SiLU: Module {
    /// Whether PyTorch would overwrite its input; kept for printing, the result is the same.
    public let inplace: Bool

    /// A SiLU; `inplace` only changes its printed form.
    public init(inplace: Bool = false) {
        self.inplace = inplace
        super.init()
    }

    public override func callAsFunction(_ input: Tensor) throws -> Tensor { input.silu() }

    public override var extraDescription: String { inplace ? "inplace=True" : "" }
}

/// The exponential linear unit, PyTorch's `nn.ELU`.
public final class ELU: Module {
    /// The scale of the negative part.
    public let alpha: Double
    /// Whether PyTorch would overwrite its input; kept for printing, the result is the same.
    public let inplace: Bool

    /// An ELU with `alpha` for negative inputs.
    public init(alpha: Double = 1, inplace: Bool = false) {
        self.alpha = alpha
        self.inplace = inplace
        super.init()
    }

    public override func callAsFunction(_ input: Tensor) throws -> Tensor { input.elu(alpha: alpha) }

    public override var extraDescription: String { "alpha=\(Python.float(alpha))" + (inplace ? ", inplace=True" : "") }
}

/// `log(1 + e^(β x)) / β`, PyTorch's `nn.Softplus`.
public final class Softplus: Module {
    /// The sharpness β.
    public let beta: Double
    /// Above `β x > threshold` the layer is the identity.
    public let threshold: Double

    /// A softplus with sharpness `beta`, linear above `threshold`.
    public init(beta: Double = 1, threshold: Double = 20) {
        self.beta = beta
        self.threshold = threshold
        super.init()
    }

    public override func callAsFunction(_ input: Tensor) throws -> Tensor { input.softplus(beta: beta, threshold: threshold) }

    public override var extraDescription: String { "beta=\(Python.float(beta)), threshold=\(Python.float(threshold))" }
}
