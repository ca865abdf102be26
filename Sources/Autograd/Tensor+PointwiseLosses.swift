import Foundation

/// The losses computed element by element with one backward node of PyTorch's
/// name: binary cross-entropy (on probabilities and on logits), smooth L1 and
/// Huber; and the composite ones PyTorch builds from other operators (L1, KL divergence).
extension Tensor {
    /// Binary cross-entropy between probabilities `self` and targets in [0, 1]
    /// of the same shape, PyTorch's `binary_cross_entropy`: `−w (y log x + (1 − y) log(1 − x))`,
    /// each logarithm clamped at −100.
    public func binaryCrossEntropy(_ target: Tensor, weight: Tensor? = nil, reduction: Reduction = .mean) throws -> Tensor {
        guard target.shape == shape else {
            throw TensorError("Using a target size (torch.Size(\(describe(shape: target.shape)))) that is different to the input size (torch.Size(\(describe(shape: shape)))) is deprecated. Please ensure they have the same size.")
        }
        let x = toFloat().contiguousData(), y = target.toFloat().contiguousData()
        for i in 0..<count {
            let (xi, yi) = (x.floatPointer[i], y.floatPointer[i])
            guard xi >= 0 && xi <= 1 else { throw TensorError("all elements of input should be between 0 and 1") }
            guard yi >= 0 && yi <= 1 else { throw TensorError("all elements of target should be between 0 and 1") }
        }
        return try pointwiseLoss(
            "BinaryCrossEntropyBackward0", target, weight: weight, extra: nil, reduction: reduction,
            loss: { x, y, _ in (y - 1) * Swift.max(Foundation.log1p(-x), -100) - y * Swift.max(Foundation.log(x), -100) },
            gradInput: { x, y, _ in (x - y) / Swift.max((1 - x) * x, 1e-12) },
            gradTarget: { x, _, _ in Swift.max(Foundation.log1p(-x), -100) - Swift.max(Foundation.log(x), -100) })
    }

    /// Binary cross-entropy on logits `self` (a sigmoid folded in, numerically
    /// stable), PyTorch's `binary_cross_entropy_with_logits`. `posWeight` (broadcast
    /// over the last dimension) weighs the positive term of each class.
    public func binaryCrossEntropyWithLogits(
        _ target: Tensor, weight: Tensor? = nil, posWeight: Tensor? = nil, reduction: Reduction = .mean
    ) throws -> Tensor {
        guard target.shape == shape else {
            throw TensorError("Target size (torch.Size(\(describe(shape: target.shape)))) must be the same as input size (torch.Size(\(describe(shape: shape))))")
        }
        func logSigmoid(_ x: Float) -> Float { Swift.min(x, 0) - Foundation.log1p(Foundation.exp(-Swift.abs(x))) }
        func sigmoid(_ x: Float) -> Float { 1 / (1 + Foundation.exp(-x)) }
        return try pointwiseLoss(
            "BinaryCrossEntropyWithLogitsBackward0", target, weight: weight, extra: posWeight, reduction: reduction,
            loss: { x, y, p in
                let logWeight = p.map { ($0 - 1) * y + 1 } ?? 1
                return (1 - y) * x - logSigmoid(x) * logWeight
            },
            gradInput: { x, y, p in
                guard let p else { return sigmoid(x) - y }
                let t = p * y
                return (t + 1 - y) * sigmoid(x) - t
            },
            gradTarget: { x, _, p in
                guard let p else { return -x }
                return (1 - p) * logSigmoid(x) - x
            })
    }

    /// The smooth L1 loss, PyTorch's `smooth_l1_loss`: `0.5 d² / β` where `|d| < β`,
    /// else `|d| − 0.5 β` (the L1 loss when β is 0); shapes broadcast.
    public func smoothL1Loss(_ target: Tensor, reduction: Reduction = .mean, beta: Double = 1) throws -> Tensor {
        guard beta >= 0 else { throw TensorError("smooth_l1_loss does not support negative values for beta.") }
        if beta == 0 { return try l1Loss(target, reduction: reduction) }
        let b = Float(beta)
        return try pointwiseLoss(
            "SmoothL1LossBackward0", target, weight: nil, extra: nil, reduction: reduction,
            loss: { x, y, _ in
                let z = Swift.abs(x - y)
                return z < b ? 0.5 * z * z / b : z - 0.5 * b
            },
            gradInput: { x, y, _ in
                let d = x - y
                return d <= -b ? -1 : d >= b ? 1 : d / b
            },
            gradTarget: { x, y, _ in
                let d = x - y
                return d <= -b ? 1 : d >= b ? -1 : -d / b
            })
    }

    /// The Huber loss, PyTorch's `huber_loss`: `0.5 d²` where `|d| < δ`, else
    /// `δ (|d| − 0.5 δ)`; shapes broadcast.
    public func huberLoss(_ target: Tensor, reduction: Reduction = .mean, delta: Double = 1) throws -> Tensor {
        guard delta > 0 else { throw TensorError("huber_loss does not support non-positive values for delta.") }
        let dl = Float(delta)
        return try pointwiseLoss(
            "HuberLossBackward0", target, weight: nil, extra: nil, reduction: reduction,
            loss: { x, y, _ in
                let z = Swift.abs(x - y)
                return z < dl ? 0.5 * z * z : dl * (z - 0.5 * dl)
            },
            gradInput: { x, y, _ in
                let d = x - y
                return d <= -dl ? -dl : d >= dl ? dl : d
            },
            gradTarget: { x, y, _ in
                let d = x - y
                return d <= -dl ? dl : d >= dl ? -dl : -d
            })
    }

    /// The mean absolute error, PyTorch's `l1_loss`: `|self − target|` reduced
    /// (built from `abs`, `mean` and `sum` as PyTorch builds it); shapes broadcast.
    public func l1Loss(_ target: Tensor, reduction: Reduction = .mean) throws -> Tensor {
        let z = try (self - target).abs()
        switch reduction {
        case .none: return z
        case .sum: return z.sum()
        case .mean: return try z.mean()
        }
    }

    /// How `klDiv` reduces: PyTorch's reductions plus `batchmean`, the sum divided by the batch size.
    public enum KLDivReduction: String, Sendable {
        case none, mean, sum, batchmean
    }

    /// The Kullback–Leibler divergence of `target` from log-probabilities `self`,
    /// PyTorch's `kl_div`: `target · (log target − self)` (with 0 where target is 0),
    /// or `exp(target) · (target − self)` when `logTarget`.
    public func klDiv(_ target: Tensor, reduction: KLDivReduction = .mean, logTarget: Bool = false) throws -> Tensor {
        let pointwise: Tensor
        if logTarget {
            pointwise = try target.exp() * (target - self)
        } else {
            // xlogy(target, target): 0 where the target is 0.
            let entropy = target.requiresGrad
                ? try target * target.log()
                : target.mapData { $0 == 0 ? 0 : $0 * Foundation.log($0) }
            pointwise = try entropy - target * self
        }
        switch reduction {
        case .none: return pointwise
        case .sum: return pointwise.sum()
        case .mean: return try pointwise.mean()
        case .batchmean: return try pointwise.sum() / Tensor(Double(rank == 0 ? 1 : shape[0]))
        }
    }

    /// One loss node over `self` and `target` (and an optional `weight`, and an
    /// optional `extra` per-class tensor such as `posWeight`), all broadcast to one shape.
    private func pointwiseLoss(
        _ name: String, _ target: Tensor, weight: Tensor?, extra: Tensor?, reduction: Reduction,
        loss: @escaping (Float, Float, Float?) -> Float,
        gradInput: @escaping (Float, Float, Float?) -> Float,
        gradTarget: @escaping (Float, Float, Float?) -> Float
    ) throws -> Tensor {
        var common = try Broadcasting.shape(shape, target.shape)
        if let weight { common = try Broadcasting.shape(common, weight.shape) }
        if let extra { common = try Broadcasting.shape(common, extra.shape) }
        guard common == (try Broadcasting.shape(shape, target.shape)) else {
            throw TensorError("the weight of shape \(describe(shape: weight?.shape ?? extra?.shape ?? [])) does not broadcast to the input's shape \(describe(shape: shape))")
        }
        let zeros = Tensor(zeros: common)
        func expand(_ t: Tensor) throws -> Tensor { try zeros.zipData(t) { _, v in v }.contiguousData() }
        let x = try expand(self), y = try expand(target)
        let w = try weight.map(expand), p = try extra.map(expand)
        let n = common.reduce(1, *)
        let losses = Tensor.empty(common)
        let (px, py, pw, pp, out) = (x.floatPointer, y.floatPointer, w?.floatPointer, p?.floatPointer, losses.storage.floats)
        for i in 0..<n {
            var l = loss(px[i], py[i], pp.map { $0[i] })
            if let pw { l *= pw[i] }
            out[i] = l
        }
        let result: Tensor
        switch reduction {
        case .none: result = losses
        case .sum: result = losses.sumAllData()
        case .mean: result = losses.sumAllData().mapData { $0 / Float(n) }
        }
        let (inputShape, targetShape) = (shape, target.shape)
        let saving = [self, target] + (weight.map { [$0] } ?? []) + (extra.map { [$0] } ?? [])
        let (hasWeight, hasExtra) = (weight != nil, extra != nil)
        return result.recordOperation(name, inputs: [self, target], saving: saving) { g, saved, needs in
            let zeros = Tensor(zeros: common)
            func expand(_ t: Tensor) throws -> Tensor { try zeros.zipData(t) { _, v in v }.contiguousData() }
            let x = try expand(saved[0]), y = try expand(saved[1])
            let w = hasWeight ? try expand(saved[2]) : nil
            let p = hasExtra ? try expand(saved[hasWeight ? 3 : 2]) : nil
            let upstream = reduction == .none ? try expand(g) : g.contiguousData()
            let scale: Float = reduction == .mean ? 1 / Float(n) : 1
            let (px, py, pw, pp, pu) = (x.floatPointer, y.floatPointer, w?.floatPointer, p?.floatPointer, upstream.floatPointer)
            func gradient(_ f: (Float, Float, Float?) -> Float) -> Tensor {
                let grad = Tensor.empty(common)
                let d = grad.storage.floats
                for i in 0..<n {
                    var v = f(px[i], py[i], pp.map { $0[i] })
                    if let pw { v *= pw[i] }
                    d[i] = v * (reduction == .none ? pu[i] : pu[0] * scale)
                }
                return grad
            }
            return [needs[0] ? gradient(gradInput).sumToShape(inputShape) : nil,
                    needs[1] ? gradient(gradTarget).sumToShape(targetShape) : nil]
        }
    }
}
