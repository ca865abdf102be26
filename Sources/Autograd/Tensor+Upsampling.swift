/// Nearest-neighbour and bilinear resizing of the last two dimensions of an
/// `[N, C, H, W]` tensor, PyTorch's `upsample_nearest2d` and `upsample_bilinear2d`,
/// with ATen's CPU index and weight formulas (computed in float32).
extension Tensor {
    /// Each output element copies the input element at `floor(i · scale)` along each
    /// dimension, where `scale` is `1 / scales` when given, else `inputSize / outputSize`.
    ///
    /// Records `UpsampleNearest2DBackward0`, which adds each output gradient into its source.
    public func upsampleNearest2d(outputSize: (Int, Int), scales: (Double?, Double?) = (nil, nil)) throws -> Tensor {
        let (planes, inH, inW) = try upsamplingPlanes("upsample_nearest2d", outputSize)
        let (outH, outW) = outputSize
        let rows = (0..<outH).map { Tensor.nearestIndex($0, input: inH, output: outH, scale: scales.0) }
        let columns = (0..<outW).map { Tensor.nearestIndex($0, input: inW, output: outW, scale: scales.1) }
        let x = toFloat().contiguousData()
        let out = Tensor.empty(Array(shape.dropLast(2)) + [outH, outW])
        let src = x.floatPointer, dst = out.storage.floats
        for plane in 0..<planes {
            let input = src + plane * inH * inW, output = dst + plane * outH * outW
            for oh in 0..<outH {
                let line = input + rows[oh] * inW, target = output + oh * outW
                for ow in 0..<outW { target[ow] = line[columns[ow]] }
            }
        }
        withExtendedLifetime(x) {}
        let inputShape = shape
        return out.recordOperation("UpsampleNearest2DBackward0", inputs: [self]) { g, _, _ in
            let go = g.contiguousData()
            let grad = Tensor(zeros: inputShape)
            let pg = go.floatPointer, gx = grad.storage.floats
            for plane in 0..<planes {
                let input = gx + plane * inH * inW, output = pg + plane * outH * outW
                for oh in 0..<outH {
                    let line = input + rows[oh] * inW, source = output + oh * outW
                    for ow in 0..<outW { line[columns[ow]] += source[ow] }
                }
            }
            withExtendedLifetime(go) {}
            return [grad]
        }
    }

    /// Each output element interpolates linearly between the two nearest input rows and
    /// columns. With `alignCorners` the corner elements of input and output coincide;
    /// otherwise pixel centres do, with the scale `1 / scales` when given, else
    /// `inputSize / outputSize`.
    ///
    /// Records `UpsampleBilinear2DBackward0`, which spreads each output gradient over its
    /// four sources with the same weights.
    public func upsampleBilinear2d(outputSize: (Int, Int), alignCorners: Bool, scales: (Double?, Double?) = (nil, nil)) throws -> Tensor {
        let (planes, inH, inW) = try upsamplingPlanes("upsample_bilinear2d", outputSize)
        let (outH, outW) = outputSize
        let rows = Tensor.linearTaps(input: inH, output: outH, alignCorners: alignCorners, scale: scales.0)
        let columns = Tensor.linearTaps(input: inW, output: outW, alignCorners: alignCorners, scale: scales.1)
        let x = toFloat().contiguousData()
        let out = Tensor.empty(Array(shape.dropLast(2)) + [outH, outW])
        let src = x.floatPointer, dst = out.storage.floats
        for plane in 0..<planes {
            let input = src + plane * inH * inW, output = dst + plane * outH * outW
            for oh in 0..<outH {
                let r = rows[oh]
                let top = input + r.index * inW, bottom = top + r.offset * inW
                let target = output + oh * outW
                for ow in 0..<outW {
                    let c = columns[ow], j = c.index, k = c.index + c.offset
                    target[ow] = r.lambda0 * (c.lambda0 * top[j] + c.lambda1 * top[k])
                        + r.lambda1 * (c.lambda0 * bottom[j] + c.lambda1 * bottom[k])
                }
            }
        }
        withExtendedLifetime(x) {}
        let inputShape = shape
        return out.recordOperation("UpsampleBilinear2DBackward0", inputs: [self]) { g, _, _ in
            let go = g.contiguousData()
            let grad = Tensor(zeros: inputShape)
            let pg = go.floatPointer, gx = grad.storage.floats
            for plane in 0..<planes {
                let input = gx + plane * inH * inW, output = pg + plane * outH * outW
                for oh in 0..<outH {
                    let r = rows[oh]
                    let top = input + r.index * inW, bottom = top + r.offset * inW
                    let source = output + oh * outW
                    for ow in 0..<outW {
                        let c = columns[ow], j = c.index, k = c.index + c.offset, value = source[ow]
                        top[j] += r.lambda0 * c.lambda0 * value
                        top[k] += r.lambda0 * c.lambda1 * value
                        bottom[j] += r.lambda1 * c.lambda0 * value
                        bottom[k] += r.lambda1 * c.lambda1 * value
                    }
                }
            }
            withExtendedLifetime(go) {}
            return [grad]
        }
    }

    /// The number of `[H, W]` planes and their size, after checking the rank and the output size.
    private func upsamplingPlanes(_ operation: String, _ outputSize: (Int, Int)) throws -> (Int, Int, Int) {
        guard rank == 4 else {
            throw TensorError("Expected input to \(operation) to be 4-dimensional, but got input of size: \(describe(shape: shape))")
        }
        let (inH, inW) = (shape[2], shape[3])
        guard inH > 0 && inW > 0 && outputSize.0 > 0 && outputSize.1 > 0 else {
            throw TensorError("Input and output sizes should be greater than 0, but got input (H: \(inH), W: \(inW)) output (H: \(outputSize.0), W: \(outputSize.1))")
        }
        return (shape[0] * shape[1], inH, inW)
    }

    /// ATen's `compute_scales_value`: `1 / scale` when a positive scale is given, else `input / output`.
    private static func scaleValue(_ scale: Double?, input: Int, output: Int) -> Float {
        if let scale, scale > 0 { return Float(1.0 / scale) }
        return Float(input) / Float(output)
    }

    /// ATen's `nearest_idx`.
    private static func nearestIndex(_ i: Int, input: Int, output: Int, scale: Double?) -> Int {
        if output == input { return i }
        if output == 2 * input { return i >> 1 }
        let s = scaleValue(scale, input: input, output: output)
        return Swift.min(Int((Float(i) * s).rounded(.down)), input - 1)
    }

    /// One output index's linear interpolation: the first source, the step to the second (0 or 1) and both weights.
    private struct LinearTap {
        let index: Int, offset: Int, lambda0: Float, lambda1: Float
    }

    /// ATen's `compute_indices_weights_linear` for one dimension.
    private static func linearTaps(input: Int, output: Int, alignCorners: Bool, scale: Double?) -> [LinearTap] {
        let s: Float = alignCorners
            ? (output > 1 ? Float(input - 1) / Float(output - 1) : 0)
            : scaleValue(scale, input: input, output: output)
        return (0..<output).map { i in
            let real: Float = alignCorners ? s * Float(i) : Swift.max(s * (Float(i) + 0.5) - 0.5, 0)
            let index = Swift.min(Int(real.rounded(.down)), input - 1)
            let lambda = Swift.min(Swift.max(real - Float(index), 0), 1)
            return LinearTap(index: index, offset: index < input - 1 ? 1 : 0, lambda0: 1 - lambda, lambda1: lambda)
        }
    }
}
