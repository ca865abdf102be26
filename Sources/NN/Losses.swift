import Autograd

/// The mean squared error between `input` and `target` (PyTorch's `F.mse_loss`).
public func mseLoss(_ input: Tensor, _ target: Tensor, reduction: Reduction = .mean) throws -> Tensor {
    try input.mseLoss(target, reduction: reduction)
}

/// The cross-entropy between logits `[N, C]` and int64 class indices `[N]`, or
/// class probabilities of the logits' shape (PyTorch's `F.cross_entropy`).
public func crossEntropy(
    _ input: Tensor, _ target: Tensor, weight: Tensor? = nil, ignoreIndex: Int = -100, reduction: Reduction = .mean,
    labelSmoothing: Double = 0
) throws -> Tensor {
    try input.crossEntropy(target, weight: weight, ignoreIndex: ignoreIndex, reduction: reduction, labelSmoothing: labelSmoothing)
}

/// The negative log-likelihood of int64 class indices under log-probabilities (PyTorch's `F.nll_loss`).
public func nllLoss(
    _ input: Tensor, _ target: Tensor, weight: Tensor? = nil, ignoreIndex: Int = -100, reduction: Reduction = .mean
) throws -> Tensor {
    try input.nllLoss(target, weight: weight, ignoreIndex: ignoreIndex, reduction: reduction)
}

/// Binary cross-entropy between probabilities and targets in [0, 1] (PyTorch's `F.binary_cross_entropy`).
public func binaryCrossEntropy(_ input: Tensor, _ target: Tensor, weight: Tensor? = nil, reduction: Reduction = .mean) throws -> Tensor {
    try input.binaryCrossEntropy(target, weight: weight, reduction: reduction)
}

/// Binary cross-entropy on logits, with optional per-class `posWeight` (PyTorch's `F.binary_cross_entropy_with_logits`).
public func binaryCrossEntropyWithLogits(
    _ input: Tensor, _ target: Tensor, weight: Tensor? = nil, posWeight: Tensor? = nil, reduction: Reduction = .mean
) throws -> Tensor {
    try input.binaryCrossEntropyWithLogits(target, weight: weight, posWeight: posWeight, reduction: reduction)
}

/// The mean absolute error (PyTorch's `F.l1_loss`).
public func l1Loss(_ input: Tensor, _ target: Tensor, reduction: Reduction = .mean) throws -> Tensor {
    try input.l1Loss(target, reduction: reduction)
}

/// The smooth L1 loss (PyTorch's `F.smooth_l1_loss`).
public func smoothL1Loss(_ input: Tensor, _ target: Tensor, reduction: Reduction = .mean, beta: Double = 1) throws -> Tensor {
    try input.smoothL1Loss(target, reduction: reduction, beta: beta)
}

/// The Huber loss (PyTorch's `F.huber_loss`).
public func huberLoss(_ input: Tensor, _ target: Tensor, reduction: Reduction = .mean, delta: Double = 1) throws -> Tensor {
    try input.huberLoss(target, reduction: reduction, delta: delta)
}

/// The Kullback–Leibler divergence of `target` from log-probabilities `input` (PyTorch's `F.kl_div`).
public func klDiv(_ input: Tensor, _ target: Tensor, reduction: Tensor.KLDivReduction = .mean, logTarget: Bool = false) throws -> Tensor {
    try input.klDiv(target, reduction: reduction, logTarget: logTarget)
}
