/// How a loss combines the per-element losses, PyTorch's `reduction` argument.
public enum Reduction: String, Sendable, CaseIterable {
    /// Keep one loss per element (or per sample).
    case none
    /// The mean (weighted by class weights for `nllLoss`); the default.
    case mean
    /// The sum.
    case sum
}

/// Loss functions with PyTorch's definitions and backward nodes.
extension Tensor {
    /// The squared error `(self − target)²`, reduced (PyTorch's `mse_loss`); shapes broadcast.
    public func mseLoss(_ target: Tensor, reduction: Reduction = .mean) throws -> Tensor {
        let difference = try zipData(target, -)
        let squares = difference.mapData { $0 * $0 }
        let n = Float(squares.count)
        let out: Tensor
        switch reduction {
        case .none: out = squares
        case .sum: out = squares.sumAllData()
        case .mean: out = squares.sumAllData().mapData { $0 / n }
        }
        let (sa, sb, outShape) = (shape, target.shape, squares.shape)
        return out.recordOperation("MseLossBackward0", inputs: [self, target], saving: [self, target]) { g, saved, needs in
            let difference = try saved[0].zipData(saved[1], -)
            let scale: Float = reduction == .mean ? 2 / n : 2
            let upstream = reduction == .none ? g : try Tensor(zeros: outShape).zipData(g) { _, v in v }
            let grad = try difference.zipData(upstream) { d, u in scale * d * u }
            return [needs[0] ? grad.sumToShape(sa) : nil, needs[1] ? grad.negData().sumToShape(sb) : nil]
        }
    }

    /// The negative log-likelihood of int64 class indices `target` under
    /// log-probabilities `self` (`[N, C, …]` with target `[N, …]`, or `[C]` with a
    /// scalar target), PyTorch's `nll_loss`. `weight` rescales each class;
    /// targets equal to `ignoreIndex` contribute nothing.
    public func nllLoss(_ target: Tensor, weight: Tensor? = nil, ignoreIndex: Int = -100, reduction: Reduction = .mean) throws -> Tensor {
        guard target.dtype == .int64 else {
            throw TensorError("expected scalar type Long but found \(target.dtype == .bool ? "Bool" : "Float")")
        }
        guard rank >= 1 else { throw TensorError("input tensor should be 1D or 2D") }
        let batched = rank >= 2
        let classes = batched ? shape[1] : shape[0]
        let batch = batched ? shape[0] : 1
        let inner = batched ? shape.dropFirst(2).reduce(1, *) : 1
        let expectedTarget = batched ? [shape[0]] + Array(shape.dropFirst(2)) : []
        guard target.shape == expectedTarget || (!batched && target.shape == [1]) else {
            if batched && target.rank >= 1 && target.shape[0] != shape[0] {
                throw TensorError("Expected input batch_size (\(shape[0])) to match target batch_size (\(target.shape[0])).")
            }
            throw TensorError("only batches of spatial targets supported (\(describe(shape: expectedTarget)) expected) but got targets of size: \(describe(shape: target.shape))")
        }
        if let weight, weight.count != classes {
            throw TensorError("weight tensor should be defined either for all \(classes) classes or no classes but got weight tensor of shape: \(describe(shape: weight.shape))")
        }
        let labels = target.int64s
        for t in labels where t != Int64(ignoreIndex) && (t < 0 || t >= Int64(classes)) {
            throw TensorError("Target \(t) is out of bounds.")
        }
        let classWeights = weight?.floats ?? [Float](repeating: 1, count: classes)
        let x = toFloat().contiguousData()
        let px = x.floatPointer
        // Per-sample weight and loss, in target order.
        var sampleWeights = [Float](repeating: 0, count: labels.count)
        var losses = [Float](repeating: 0, count: labels.count)
        for n in 0..<batch {
            for i in 0..<inner {
                let j = n * inner + i, t = Int(labels[j])
                guard t != ignoreIndex else { continue }
                sampleWeights[j] = classWeights[t]
                losses[j] = -px[(n * classes + t) * inner + i] * classWeights[t]
            }
        }
        withExtendedLifetime(x) {}
        let totalWeight = sampleWeights.reduce(Float(0), +)
        let out: Tensor
        switch reduction {
        case .none: out = Tensor(shape: expectedTarget, floats: losses)
        case .sum: out = Tensor(shape: [], floats: [losses.reduce(Float(0), +)])
        case .mean: out = Tensor(shape: [], floats: [losses.reduce(Float(0), +) / totalWeight])
        }
        let inputShape = shape
        let name = rank == 4 ? "NllLoss2DBackward0" : "NllLossBackward0"
        // PyTorch saves the target and the class weights; the per-sample weights follow from them.
        let savesWeight = weight != nil
        return out.recordOperation(name, inputs: [self], saving: [target] + (weight.map { [$0] } ?? [])) { g, saved, _ in
            let labels = saved[0].int64s
            let classWeights = savesWeight ? saved[1].floats : [Float](repeating: 1, count: classes)
            let upstream = g.floats
            let grad = Tensor(zeros: inputShape)
            let pg = grad.storage.floats
            for n in 0..<batch {
                for i in 0..<inner {
                    let j = n * inner + i, t = Int(labels[j])
                    guard t != ignoreIndex else { continue }
                    let u: Float
                    switch reduction {
                    case .none: u = upstream[j]
                    case .sum: u = upstream[0]
                    case .mean: u = upstream[0] / totalWeight
                    }
                    pg[(n * classes + t) * inner + i] = -classWeights[t] * u
                }
            }
            return [grad]
        }
    }

    /// The cross-entropy between logits `self` (`[N, C, …]` or `[C]`) and int64
    /// class indices, PyTorch's `cross_entropy`: `nllLoss(logSoftmax(self))`.
    /// A float `target` of the input's shape is read as class probabilities.
    ///
    /// With `labelSmoothing` ε the target mixes the given classes with the uniform
    /// distribution: `(1 − ε) · loss + ε / C · Σ −log p`, as PyTorch computes it.
    public func crossEntropy(
        _ target: Tensor, weight: Tensor? = nil, ignoreIndex: Int = -100, reduction: Reduction = .mean,
        labelSmoothing: Double = 0
    ) throws -> Tensor {
        if dtype == .float64 { try requireFloat32("crossEntropy") }
        guard labelSmoothing >= 0 && labelSmoothing <= 1 else {
            throw TensorError("label_smoothing must be between 0.0 and 1.0. Got: \(labelSmoothing)")
        }
        let classDim = rank >= 2 ? 1 : 0
        let logProbabilities = try logSoftmax(dim: classDim)
        let classes = rank >= 1 ? shape[classDim] : 1
        if labelSmoothing > 0 && target.dtype == .float32 && target.shape == shape {
            let smoothed = target.mapData { $0 * Float(1 - labelSmoothing) + Float(labelSmoothing / Double(classes)) }
            return try crossEntropy(smoothed, weight: weight, ignoreIndex: ignoreIndex, reduction: reduction)
        }
        if labelSmoothing > 0 && target.dtype == .int64 {
            let nll = try logProbabilities.nllLoss(target, weight: weight, ignoreIndex: ignoreIndex, reduction: reduction)
            var weighted = logProbabilities
            if let weight {
                let shapeForClasses = rank >= 2 ? [1, weight.count] + [Int](repeating: 1, count: rank - 2) : [weight.count]
                weighted = try weighted * weight.reshape(shapeForClasses)
            }
            let labels = target.int64s
            let keep = Tensor(shape: target.shape, floats: labels.map { $0 == Int64(ignoreIndex) ? 0 : 1 })
            let smooth = try weighted.sum(dim: classDim).neg() * keep
            let reduced: Tensor
            switch reduction {
            case .none: reduced = smooth
            case .sum: reduced = smooth.sum()
            case .mean:
                if let weight {
                    let classWeights = weight.floats
                    let total = labels.filter { $0 != Int64(ignoreIndex) }.reduce(Float(0)) { $0 + classWeights[Int($1)] }
                    reduced = smooth.sum() / Double(total)
                } else {
                    reduced = smooth.sum() / Double(labels.filter { $0 != Int64(ignoreIndex) }.count)
                }
            }
            return try nll * (1 - labelSmoothing) + reduced * (labelSmoothing / Double(classes))
        }
        if target.dtype == .float32 {
            guard target.shape == shape else {
                throw TensorError("Expected floating point type target to have the same shape as input \(describe(shape: shape)), but got \(describe(shape: target.shape))")
            }
            var weighted = try logProbabilities * target
            if let weight {
                let shapeForClasses = rank >= 2 ? [1, weight.count] + [Int](repeating: 1, count: rank - 2) : [weight.count]
                weighted = try weighted * weight.reshape(shapeForClasses)
            }
            // As PyTorch: −Σ over classes (none), −Σ (sum), −Σ / N by a C++ scalar (mean, DivBackward1).
            switch reduction {
            case .none: return try weighted.sum(dim: classDim).neg()
            case .sum: return weighted.sum().neg()
            case .mean:
                let n = Float(rank >= 2 ? shape[0] * shape.dropFirst(2).reduce(1, *) : 1)
                let total = weighted.sum().neg()
                return total.mapData { $0 / n }.recordOperation("DivBackward1", inputs: [total]) { g, _, _ in [g.mapData { $0 / n }] }
            }
        }
        return try logProbabilities.nllLoss(target, weight: weight, ignoreIndex: ignoreIndex, reduction: reduction)
    }
}
