import Foundation

/// Batch normalisation over dimension 1, PyTorch's `batch_norm`.
extension Tensor {
    /// Normalises each channel (dimension 1) of an `[N, C, …]` tensor, then
    /// scales by `weight` and shifts by `bias` (both `[C]`, optional).
    ///
    /// In `training` mode (or without running statistics) the channel mean and
    /// biased variance of this batch are used, and `runningMean`/`runningVar`,
    /// when given, are updated in place: `running = (1 − momentum)·running +
    /// momentum·batch`, with the unbiased variance, as PyTorch does. Otherwise the
    /// running statistics are used. Records `NativeBatchNormBackward0`.
    public func batchNorm(
        runningMean: Tensor?, runningVar: Tensor?, weight: Tensor? = nil, bias: Tensor? = nil,
        training: Bool, momentum: Double = 0.1, eps: Double = 1e-5
    ) throws -> Tensor {
        guard rank >= 2 else {
            throw TensorError("batch_norm(): expected input to have at least 2 dimensions, but got \(describe(shape: shape))")
        }
        let channels = shape[1], batch = shape[0], spatial = shape.dropFirst(2).reduce(1, *)
        for (name, t) in [("weight", weight), ("bias", bias), ("running_mean", runningMean), ("running_var", runningVar)] {
            if let t, t.count != channels {
                throw TensorError("\(name) should contain \(channels) elements not \(t.count)")
            }
        }
        let useBatchStatistics = training || runningMean == nil || runningVar == nil
        let perChannel = batch * spatial
        if useBatchStatistics && perChannel <= 1 {
            throw TensorError("Expected more than 1 value per channel when training, got input size \(describe(shape: shape))")
        }

        let x = toFloat().contiguousData()
        let px = x.floatPointer
        // Channel statistics in double precision (ATen's accumulation type for float on the CPU).
        var mean = [Double](repeating: 0, count: channels)
        var invstd = [Double](repeating: 0, count: channels)
        if useBatchStatistics {
            var newMean = runningMean?.floats ?? [], newVar = runningVar?.floats ?? []
            for c in 0..<channels {
                var total = 0.0
                for n in 0..<batch {
                    let row = px + (n * channels + c) * spatial
                    for i in 0..<spatial { total += Double(row[i]) }
                }
                let m = total / Double(perChannel)
                var squares = 0.0
                for n in 0..<batch {
                    let row = px + (n * channels + c) * spatial
                    for i in 0..<spatial { let d = Double(row[i]) - m; squares += d * d }
                }
                mean[c] = m
                invstd[c] = 1 / (squares / Double(perChannel) + eps).squareRoot()
                if training && !newMean.isEmpty && !newVar.isEmpty {
                    let unbiased = squares / Double(perChannel - 1)
                    newMean[c] = Float(momentum * m + (1 - momentum) * Double(newMean[c]))
                    newVar[c] = Float(momentum * unbiased + (1 - momentum) * Double(newVar[c]))
                }
            }
            if training, let runningMean, let runningVar {
                runningMean.copyValues(from: Tensor(shape: [channels], floats: newMean))
                runningVar.copyValues(from: Tensor(shape: [channels], floats: newVar))
            }
        } else if let runningMean, let runningVar {
            let rm = runningMean.floats, rv = runningVar.floats
            for c in 0..<channels {
                mean[c] = Double(rm[c])
                invstd[c] = 1 / (Double(rv[c]) + eps).squareRoot()
            }
        }

        let gamma = weight?.floats, beta = bias?.floats
        let out = Tensor.empty(shape)
        let po = out.storage.floats
        for c in 0..<channels {
            let scale = invstd[c] * Double(gamma?[c] ?? 1)
            let alpha = Float(scale), shift = Float(Double(beta?[c] ?? 0) - mean[c] * scale)
            for n in 0..<batch {
                let offset = (n * channels + c) * spatial
                for i in 0..<spatial { po[offset + i] = px[offset + i] * alpha + shift }
            }
        }

        let inputs = [self] + (weight.map { [$0] } ?? []) + (bias.map { [$0] } ?? [])
        let hasWeight = weight != nil, hasBias = bias != nil
        let saving = [self] + (weight.map { [$0] } ?? [])
        return out.recordOperation("NativeBatchNormBackward0", inputs: inputs, saving: saving) { g, needs in
            let go = g.contiguousData()
            let pg = go.floatPointer
            let gradInput = needs[0] ? Tensor.empty(x.shape) : nil
            var gradWeight = [Float](repeating: 0, count: channels), gradBias = gradWeight
            for c in 0..<channels {
                var sum = 0.0, dot = 0.0
                for n in 0..<batch {
                    let offset = (n * channels + c) * spatial
                    for i in 0..<spatial {
                        let gi = Double(pg[offset + i])
                        sum += gi
                        dot += gi * (Double(px[offset + i]) - mean[c])
                    }
                }
                gradWeight[c] = Float(dot * invstd[c])
                gradBias[c] = Float(sum)
                guard let gradInput else { continue }
                let gi = gradInput.storage.floats
                let w = Double(gamma?[c] ?? 1)
                if useBatchStatistics {
                    // dx = (g − mean(g) − (x − μ)·k)·invstd·w with k = dot·invstd²/n.
                    let k = dot * invstd[c] * invstd[c] / Double(perChannel)
                    let gradMean = sum / Double(perChannel)
                    let scale = invstd[c] * w, m = mean[c]
                    for n in 0..<batch {
                        let offset = (n * channels + c) * spatial
                        for i in 0..<spatial {
                            let centred = Double(px[offset + i]) - m
                            gi[offset + i] = Float((Double(pg[offset + i]) - gradMean - centred * k) * scale)
                        }
                    }
                } else {
                    let scale = Float(invstd[c] * w)
                    for n in 0..<batch {
                        let offset = (n * channels + c) * spatial
                        for i in 0..<spatial { gi[offset + i] = pg[offset + i] * scale }
                    }
                }
            }
            withExtendedLifetime((go, x)) {}
            var grads: [Tensor?] = [gradInput]
            if hasWeight { grads.append(needs[grads.count] ? Tensor(shape: [channels], floats: gradWeight) : nil) }
            if hasBias { grads.append(needs[grads.count] ? Tensor(shape: [channels], floats: gradBias) : nil) }
            return grads
        }
    }
}
