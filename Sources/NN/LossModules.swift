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
    /// The loss between logits and int64 class indices (or class probabilities).
    public func callAsFunction(_ input: Tensor, _ target: Tensor) throws -> Tensor {
        try input.crossEntropy(target, weight: weight, ignoreIndex: ignoreIndex, reduction: reduction)
    }
}

/// The negative log-likelihood as a module, PyTorch's `nn.NLLLoss`: `loss(logProbabilities, classIndices)`.
public final class NLLLoss: WeightedClassLoss {
    /// The loss between log-probabilities and int64 class indices.
    public func callAsFunction(_ input: Tensor, _ target: Tensor) throws -> Tensor {
        try input.nllLoss(target, weight: weight, ignoreIndex: ignoreIndex, reduction: reduction)
    }
}
