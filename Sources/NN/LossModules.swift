import Autograd

/// The mean squared error as a module, PyTorch's `nn.MSELoss`: `loss(input, target)`.
public final class MSELoss: Module {
    /// How the per-element losses are combined.
    public let reduction: Reduction

    /// A loss combining its elements by `reduction`.
    public init(reduction: Reduction = .mean) {
        self.reduction = reduction
        super.init()
    }

    /// The loss between a prediction and its target.
    public func callAsFunction(_ input: Tensor, _ target: Tensor) throws -> Tensor {
        try input.mseLoss(target, reduction: reduction)
    }
}

/// A loss over class indices with optional per-class weights and an ignored
/// class, PyTorch's `_WeightedLoss`: what `CrossEntropyLoss` and `NLLLoss` share.
public class WeightedClassLoss: Module {
    /// A target class that contributes neither to the loss nor to the gradient.
    public let ignoreIndex: Int
    /// How the per-element losses are combined.
    public let reduction: Reduction

    /// The per-class weights, kept as the buffer `weight` as in PyTorch; nil weighs every class 1.
    public var weight: Tensor? {
        get { buffer(named: "weight") }
        set { register(buffer: newValue, name: "weight") }
    }

    /// A loss with optional per-class weights, an ignored class and a reduction.
    public init(weight: Tensor? = nil, ignoreIndex: Int = -100, reduction: Reduction = .mean) {
        self.ignoreIndex = ignoreIndex
        self.reduction = reduction
        super.init()
        register(buffer: weight, name: "weight")
    }
}

/// The cross-entropy as a module, PyTorch's `nn.CrossEntropyLoss`: `loss(logits, classIndices)`.
public final class CrossEntropyLoss: WeightedClassLoss {
    /// The share ε of the target mixed with the uniform distribution over classes.
    public let labelSmoothing: Double

    /// A loss with optional per-class weights, an ignored class, a reduction and label smoothing;
    /// throws for a smoothing outside [0, 1].
    public init(weight: Tensor? = nil, ignoreIndex: Int = -100, reduction: Reduction = .mean, labelSmoothing: Double = 0) throws {
        guard labelSmoothing >= 0 && labelSmoothing <= 1 else {
            throw ModuleError("label_smoothing must be between 0.0 and 1.0. Got: \(labelSmoothing)")
        }
        self.labelSmoothing = labelSmoothing
        super.init(weight: weight, ignoreIndex: ignoreIndex, reduction: reduction)
    }

    /// The loss between logits and int64 class indices (or class probabilities).
    public func callAsFunction(_ input: Tensor, _ target: Tensor) throws -> Tensor {
        try input.crossEntropy(target, weight: weight, ignoreIndex: ignoreIndex, reduction: reduction, labelSmoothing: labelSmoothing)
    }
}

/// The negative log-likelihood as a module, PyTorch's `nn.NLLLoss`: `loss(logProbabilities, classIndices)`.
public final class NLLLoss: WeightedClassLoss {
    /// The loss between log-probabilities and int64 class indices.
    public func callAsFunction(_ input: Tensor, _ target: Tensor) throws -> Tensor {
        try input.nllLoss(target, weight: weight, ignoreIndex: ignoreIndex, reduction: reduction)
    }
}

/// Binary cross-entropy on probabilities as a module, PyTorch's `nn.BCELoss`.
public final class BCELoss: Module {
    /// How the per-element losses are combined.
    public let reduction: Reduction

    /// Per-element weights, kept as the buffer `weight` as in PyTorch.
    public var weight: Tensor? { buffer(named: "weight") }

    /// A loss with optional per-element weights.
    public init(weight: Tensor? = nil, reduction: Reduction = .mean) {
        self.reduction = reduction
        super.init()
        register(buffer: weight, name: "weight")
    }

    /// The loss between probabilities and targets.
    public func callAsFunction(_ input: Tensor, _ target: Tensor) throws -> Tensor {
        try input.binaryCrossEntropy(target, weight: weight, reduction: reduction)
    }
}

/// Binary cross-entropy on logits as a module, PyTorch's `nn.BCEWithLogitsLoss`.
public final class BCEWithLogitsLoss: Module {
    /// How the per-element losses are combined.
    public let reduction: Reduction

    /// Per-element weights (the buffer `weight`).
    public var weight: Tensor? { buffer(named: "weight") }
    /// Per-class weights of the positive term (the buffer `pos_weight`).
    public var posWeight: Tensor? { buffer(named: "pos_weight") }

    /// A loss with optional weights and positive weights.
    public init(weight: Tensor? = nil, reduction: Reduction = .mean, posWeight: Tensor? = nil) {
        self.reduction = reduction
        super.init()
        register(buffer: weight, name: "weight")
        register(buffer: posWeight, name: "pos_weight")
    }

    /// The loss between logits and targets.
    public func callAsFunction(_ input: Tensor, _ target: Tensor) throws -> Tensor {
        try input.binaryCrossEntropyWithLogits(target, weight: weight, posWeight: posWeight, reduction: reduction)
    }
}

/// The mean absolute error as a module, PyTorch's `nn.L1Loss`.
public final class L1Loss: Module {
    /// How the per-element losses are combined.
    public let reduction: Reduction

    public init(reduction: Reduction = .mean) {
        self.reduction = reduction
        super.init()
    }

    /// The loss between a prediction and its target.
    public func callAsFunction(_ input: Tensor, _ target: Tensor) throws -> Tensor { try input.l1Loss(target, reduction: reduction) }
}

/// The smooth L1 loss as a module, PyTorch's `nn.SmoothL1Loss`.
public final class SmoothL1Loss: Module {
    /// How the per-element losses are combined.
    public let reduction: Reduction
    /// Where the loss turns from quadratic to linear.
    public let beta: Double

    /// A loss with threshold `beta`; throws for a negative one.
    public init(reduction: Reduction = .mean, beta: Double = 1) throws {
        guard beta >= 0 else { throw ModuleError("smooth_l1_loss does not support negative values for beta.") }
        self.reduction = reduction
        self.beta = beta
        super.init()
    }

    /// The loss between a prediction and its target.
    public func callAsFunction(_ input: Tensor, _ target: Tensor) throws -> Tensor {
        try input.smoothL1Loss(target, reduction: reduction, beta: beta)
    }
}

/// The Huber loss as a module, PyTorch's `nn.HuberLoss`.
public final class HuberLoss: Module {
    /// How the per-element losses are combined.
    public let reduction: Reduction
    /// Where the loss turns from quadratic to linear.
    public let delta: Double

    /// A loss with threshold `delta`; throws for one that is not positive.
    public init(reduction: Reduction = .mean, delta: Double = 1) throws {
        guard delta > 0 else { throw ModuleError("huber_loss does not support non-positive values for delta.") }
        self.reduction = reduction
        self.delta = delta
        super.init()
    }

    /// The loss between a prediction and its target.
    public func callAsFunction(_ input: Tensor, _ target: Tensor) throws -> Tensor {
        try input.huberLoss(target, reduction: reduction, delta: delta)
    }
}

/// The Kullback–Leibler divergence as a module, PyTorch's `nn.KLDivLoss`: `loss(logProbabilities, target)`.
public final class KLDivLoss: Module {
    /// How the per-element losses are combined (`batchmean` divides the sum by the batch size).
    public let reduction: Tensor.KLDivReduction
    /// Whether the target is given as log-probabilities.
    public let logTarget: Bool

    public init(reduction: Tensor.KLDivReduction = .mean, logTarget: Bool = false) {
        self.reduction = reduction
        self.logTarget = logTarget
        super.init()
    }

    /// The divergence of the target from the input's distribution.
    public func callAsFunction(_ input: Tensor, _ target: Tensor) throws -> Tensor {
        try input.klDiv(target, reduction: reduction, logTarget: logTarget)
    }
}
