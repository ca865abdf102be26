import Autograd

/// The mean squared error between `input` and `target` (PyTorch's `F.mse_loss`).
public func mseLoss(_ input: Tensor, _ target: Tensor, reduction: Reduction = .mean) throws -> Tensor {
    try input.mseLoss(target, reduction: reduction)
}

/// The cross-entropy between logits `[N, C]` and int64 class indices `[N]`, or
/// class probabilities of the logits' shape (PyTorch's `F.cross_entropy`).
public func crossEntropy(
    _ input: Tensor, _ target: Tensor, weight: Tensor? = nil, ignoreIndex: Int = -100, reduction: Reduction = .mean
) throws -> Tensor {
    try input.crossEntropy(target, weight: weight, ignoreIndex: ignoreIndex, reduction: reduction)
}

/// The negative log-likelihood of int64 class indices under log-probabilities (PyTorch's `F.nll_loss`).
public func nllLoss(
    _ input: Tensor, _ target: Tensor, weight: Tensor? = nil, ignoreIndex: Int = -100, reduction: Reduction = .mean
) throws -> Tensor {
    try input.nllLoss(target, weight: weight, ignoreIndex: ignoreIndex, reduction: reduction)
}
