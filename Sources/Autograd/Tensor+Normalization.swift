import Foundation

/// Batch normalisation over dimension 1, PyTorch's `batch_norm`.
///
/// The arithmetic follows ATen's CPU kernel step by step (sums accumulated in
/// double, the mean, inverse standard deviation and per-channel factors rounded
/// to float32, per-sample partial sums in float32): with few values per channel,
/// as in ResNet's last stage, BatchNorm's backward cancels almost exactly and
/// the gradient depends on these roundings.
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
        if dtype == .float64 { try requireFloat32("batchNorm") }
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
        var mean = [Float](repeating: 0, count: channels)
        var invstd = [Float](repeating: 0, count: channels)
        if useBatchStatistics {
            let m = Float(momentum)
            var newMean = runningMean?.floats ?? [], newVar = runningVar?.floats ?? []
            let updatesRunning = training && !newMean.isEmpty && !newVar.isEmpty
            for c in 0..<channels {
                var total = 0.0
                for n in 0..<batch {
                    total += Tensor.doubleSum(px + (n * channels + c) * spatial, spatial) { $0 }
                }
                let mu = Float(total / Double(perChannel))
                var squares = 0.0
                for n in 0..<batch {
                    squares += Tensor.doubleSum(px + (n * channels + c) * spatial, spatial) { let d = $0 - mu; return d * d }
                }
                let varianceSum = Float(squares)
                mean[c] = mu
                invstd[c] = Float(1 / (Double(varianceSum) / Double(perChannel) + eps).squareRoot())
                if updatesRunning {
                    newMean[c] = m * mu + (1 - m) * newMean[c]
                    let unbiased = Double(varianceSum) / Double(perChannel - 1)
                    newVar[c] = Float(Double(m) * unbiased + Double(1 - m) * Double(newVar[c]))
                }
            }
            if updatesRunning, let runningMean, let runningVar {
                runningMean.copyValues(from: Tensor(shape: [channels], floats: newMean))
                runningVar.copyValues(from: Tensor(shape: [channels], floats: newVar))
            }
        } else if let runningMean, let runningVar {
            mean = runningMean.floats
            invstd = runningVar.floats.map { 1 / ($0 + Float(eps)).squareRoot() }
        }

        let gamma = weight?.floats, beta = bias?.floats
        let out = Tensor.empty(shape)
        let po = out.storage.floats
        for c in 0..<channels {
            let alpha = invstd[c] * (gamma?[c] ?? 1)
            let shift = (beta?[c] ?? 0) - mean[c] * alpha
            for n in 0..<batch {
                let offset = (n * channels + c) * spatial
                let (source, target) = (px + offset, po + offset)
                for i in 0..<spatial { target[i] = source[i] * alpha + shift }
            }
        }

        let inputs = [self] + (weight.map { [$0] } ?? []) + (bias.map { [$0] } ?? [])
        let hasWeight = weight != nil, hasBias = bias != nil
        let saving = [self] + (weight.map { [$0] } ?? [])
        // The backward of evaluation mode uses 1/√(var + eps) computed in double, as ATen's does.
        let backwardInvstd = useBatchStatistics ? invstd : (runningVar?.floats ?? []).map { Float(1 / (Double($0) + eps).squareRoot()) }
        return out.recordOperation("NativeBatchNormBackward0", inputs: inputs, saving: saving) { g, saved, needs in
            let x = saved[0].toFloat().contiguousData()
            let px = x.floatPointer, gamma = hasWeight ? saved[1].floats : nil
            let go = g.contiguousData()
            let pg = go.floatPointer
            let gradInput = needs[0] ? Tensor.empty(x.shape) : nil
            var gradWeight = [Float](repeating: 0, count: channels), gradBias = gradWeight
            for c in 0..<channels {
                let mu = mean[c], inv = backwardInvstd[c]
                // Per-sample partial sums in float, accumulated in double.
                var sum = 0.0, dot = 0.0
                for n in 0..<batch {
                    let offset = (n * channels + c) * spatial
                    let (partialSum, partialDot) = Tensor.partialSums(pg + offset, px + offset, spatial, mean: mu)
                    sum += Double(partialSum)
                    dot += Double(partialDot)
                }
                gradWeight[c] = Float(dot * Double(inv))
                gradBias[c] = Float(sum)
                guard let gradInput else { continue }
                let gi = gradInput.storage.floats
                let w = gamma?[c] ?? 1
                if useBatchStatistics {
                    // dx = (g − mean(g) − (x − μ)·k)·invstd·w with k = dot·invstd²/n.
                    let k = Float(dot) * inv * inv / Float(perChannel)
                    let gradMean = Float(sum / Double(perChannel))
                    for n in 0..<batch {
                        let offset = (n * channels + c) * spatial
                        let (xs, gs, target) = (px + offset, pg + offset, gi + offset)
                        for i in 0..<spatial {
                            let centred = (xs[i] - mu) * k
                            target[i] = (gs[i] - gradMean - centred) * inv * w
                        }
                    }
                } else {
                    let scale = inv * w
                    for n in 0..<batch {
                        let offset = (n * channels + c) * spatial
                        let (gs, target) = (pg + offset, gi + offset)
                        for i in 0..<spatial { target[i] = gs[i] * scale }
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

    /// `Σ f(x[i])` accumulated in double, in eight interleaved partial sums (the
    /// terms are rounded to float as a sequential loop would; only the order of
    /// the double additions differs).
    @inline(__always)
    static func doubleSum(_ x: UnsafePointer<Float>, _ n: Int, _ f: (Float) -> Float) -> Double {
        var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0, s4 = 0.0, s5 = 0.0, s6 = 0.0, s7 = 0.0
        var i = 0
        while i + 8 <= n {
            s0 += Double(f(x[i])); s1 += Double(f(x[i + 1])); s2 += Double(f(x[i + 2])); s3 += Double(f(x[i + 3]))
            s4 += Double(f(x[i + 4])); s5 += Double(f(x[i + 5])); s6 += Double(f(x[i + 6])); s7 += Double(f(x[i + 7]))
            i += 8
        }
        while i < n { s0 += Double(f(x[i])); i += 1 }
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7))
    }

    /// `Σ g[i]` and `Σ (x[i] − mean)·g[i]` in float over one sample's plane: in
    /// sequence for small planes (where batch norm's backward cancels and the
    /// order shows), in eight lanes for large ones.
    @inline(__always)
    static func partialSums(_ g: UnsafePointer<Float>, _ x: UnsafePointer<Float>, _ n: Int, mean: Float) -> (Float, Float) {
        var sum: Float = 0, dot: Float = 0
        var i = 0
        if n >= 256 {
            // Eight lanes as two four-float vectors, the width every x86-64 processor has.
            var sumsLow = SIMD4<Float>(), sumsHigh = SIMD4<Float>(), dotsLow = SIMD4<Float>(), dotsHigh = SIMD4<Float>()
            let means = SIMD4<Float>(repeating: mean)
            let gRaw = UnsafeRawPointer(g), xRaw = UnsafeRawPointer(x)
            while i + 8 <= n {
                let gLow = gRaw.loadUnaligned(fromByteOffset: i * 4, as: SIMD4<Float>.self)
                let gHigh = gRaw.loadUnaligned(fromByteOffset: i * 4 + 16, as: SIMD4<Float>.self)
                let xLow = xRaw.loadUnaligned(fromByteOffset: i * 4, as: SIMD4<Float>.self)
                let xHigh = xRaw.loadUnaligned(fromByteOffset: i * 4 + 16, as: SIMD4<Float>.self)
                sumsLow += gLow
                sumsHigh += gHigh
                dotsLow += (xLow - means) * gLow
                dotsHigh += (xHigh - means) * gHigh
                i += 8
            }
            sum = (sumsLow + sumsHigh).sum()
            dot = (dotsLow + dotsHigh).sum()
        }
        while i < n {
            sum += g[i]
            dot += (x[i] - mean) * g[i]
            i += 1
        }
        return (sum, dot)
    }
}
