import Foundation

/// Layer and group normalisation, PyTorch's `layer_norm` and `group_norm`: each
/// row of values (the trailing `normalizedShape` elements of a sample, or one
/// group of channels of a sample) is normalised by its own mean and biased
/// variance, then scaled and shifted element-wise. Sums are accumulated in double.
extension Tensor {
    /// Normalises over the trailing dimensions `normalizedShape`, then multiplies
    /// by `weight` and adds `bias` (both of shape `normalizedShape`, optional).
    /// Records `NativeLayerNormBackward0`.
    public func layerNorm(_ normalizedShape: [Int], weight: Tensor? = nil, bias: Tensor? = nil, eps: Double = 1e-5) throws -> Tensor {
        if dtype == .float64 { try requireFloat32("layerNorm") }
        let n = normalizedShape.count
        guard n >= 1 else { throw TensorError("Expected normalized_shape to be at least 1-dimensional, i.e., containing at least one element, but got normalized_shape = []") }
        for (name, t) in [("weight", weight), ("bias", bias)] {
            if let t, t.shape != normalizedShape {
                throw TensorError("Expected \(name) to be of same shape as normalized_shape, but got \(name) of shape \(describe(shape: t.shape)) and normalized_shape = \(describe(shape: normalizedShape))")
            }
        }
        guard rank >= n, Array(shape.suffix(n)) == normalizedShape else {
            let expected = "[*" + normalizedShape.map { ", \($0)" }.joined() + "]"
            throw TensorError("Given normalized_shape=\(describe(shape: normalizedShape)), expected input with shape \(expected), but got input of size\(describe(shape: shape))")
        }
        let rowSize = normalizedShape.reduce(1, *)
        let rows = rowSize == 0 ? 0 : count / rowSize
        return groupedNorm("NativeLayerNormBackward0", rows: rows, rowSize: rowSize, affineSize: rowSize,
                           weight: weight, bias: bias, eps: eps) { _, i in i }
    }

    /// Normalises each of `groups` groups of channels (dimension 1) of an
    /// `[N, C, …]` tensor, then multiplies by `weight` and adds `bias` (both `[C]`,
    /// optional). Records `NativeGroupNormBackward0`.
    public func groupNorm(groups: Int, weight: Tensor? = nil, bias: Tensor? = nil, eps: Double = 1e-5) throws -> Tensor {
        guard rank >= 2 else { throw TensorError("Expected at least 2 dimensions for input tensor but received \(rank)") }
        let batch = shape[0], channels = shape[1]
        guard groups > 0 else { throw TensorError("Expected num groups to be greater than 0, got \(groups)") }
        guard channels % groups == 0 else {
            throw TensorError("Expected number of channels in input to be divisible by num_groups, but got input of shape \(describe(shape: shape)) and num_groups=\(groups)")
        }
        for (name, t) in [("weight", weight), ("bias", bias)] {
            if let t, t.rank != 1 || t.count != channels {
                throw TensorError("Expected \(name) to be a vector of size equal to the number of channels in input, but got \(name) of shape \(describe(shape: t.shape)) and input of shape \(describe(shape: shape))")
            }
        }
        let spatial = shape.dropFirst(2).reduce(1, *), perGroup = channels / groups
        return groupedNorm("NativeGroupNormBackward0", rows: batch * groups, rowSize: perGroup * spatial, affineSize: channels,
                           weight: weight, bias: bias, eps: eps) { row, i in (row % groups) * perGroup + i / Swift.max(spatial, 1) }
    }

    /// Normalises `rows` consecutive rows of `rowSize` elements; element `i` of
    /// row `r` is scaled by `weight[channel(r, i)]` and shifted by `bias[channel(r, i)]`.
    private func groupedNorm(
        _ name: String, rows: Int, rowSize: Int, affineSize: Int, weight: Tensor?, bias: Tensor?, eps: Double,
        channel: @escaping (Int, Int) -> Int
    ) -> Tensor {
        let x = toFloat().contiguousData()
        let px = x.floatPointer
        var mean = [Float](repeating: 0, count: rows), rstd = mean
        for r in 0..<rows {
            let base = px + r * rowSize
            var total = 0.0
            for i in 0..<rowSize { total += Double(base[i]) }
            let mu = total / Double(rowSize)
            var squares = 0.0
            for i in 0..<rowSize { let d = Double(base[i]) - mu; squares += d * d }
            mean[r] = Float(mu)
            rstd[r] = Float(1 / (squares / Double(rowSize) + eps).squareRoot())
        }
        let gamma = weight?.toFloat().contiguousData().floats, beta = bias?.toFloat().contiguousData().floats
        let out = Tensor.empty(shape)
        let po = out.storage.floats
        for r in 0..<rows {
            let source = px + r * rowSize, target = po + r * rowSize
            for i in 0..<rowSize {
                let c = channel(r, i)
                target[i] = (source[i] - mean[r]) * rstd[r] * (gamma?[c] ?? 1) + (beta?[c] ?? 0)
            }
        }
        withExtendedLifetime(x) {}

        let inputs = [self] + (weight.map { [$0] } ?? []) + (bias.map { [$0] } ?? [])
        let hasWeight = weight != nil, hasBias = bias != nil
        let affineShape = weight?.shape ?? bias?.shape ?? [affineSize]
        let saving = [self] + (weight.map { [$0] } ?? [])
        return out.recordOperation(name, inputs: inputs, saving: saving) { g, saved, needs in
            let x = saved[0].toFloat().contiguousData(), go = g.toFloat().contiguousData()
            let px = x.floatPointer, pg = go.floatPointer
            let gamma = hasWeight ? saved[1].toFloat().contiguousData().floats : nil
            var gradWeight = [Double](repeating: 0, count: affineSize), gradBias = gradWeight
            let gradInput = needs[0] ? Tensor.empty(x.shape) : nil
            for r in 0..<rows {
                let xs = px + r * rowSize, gs = pg + r * rowSize
                let mu = mean[r], inv = rstd[r]
                // dx = rstd · (dŷ − mean(dŷ) − x̂ · mean(dŷ · x̂)) with dŷ = g · γ.
                var sum = 0.0, dot = 0.0
                for i in 0..<rowSize {
                    let c = channel(r, i)
                    let xhat = (xs[i] - mu) * inv
                    gradWeight[c] += Double(gs[i] * xhat)
                    gradBias[c] += Double(gs[i])
                    let dy = gs[i] * (gamma?[c] ?? 1)
                    sum += Double(dy)
                    dot += Double(dy * xhat)
                }
                guard let gradInput else { continue }
                let target = gradInput.storage.floats + r * rowSize
                let meanDy = Float(sum / Double(rowSize)), meanDot = Float(dot / Double(rowSize))
                for i in 0..<rowSize {
                    let c = channel(r, i)
                    let xhat = (xs[i] - mu) * inv
                    target[i] = inv * (gs[i] * (gamma?[c] ?? 1) - meanDy - xhat * meanDot)
                }
            }
            withExtendedLifetime((x, go)) {}
            var grads: [Tensor?] = [gradInput]
            if hasWeight { grads.append(needs[grads.count] ? Tensor(shape: affineShape, floats: gradWeight.map { Float($0) }) : nil) }
            if hasBias { grads.append(needs[grads.count] ? Tensor(shape: affineShape, floats: gradBias.map { Float($0) }) : nil) }
            return grads
        }
    }
}
