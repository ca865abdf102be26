/// Two-dimensional transposed convolution, PyTorch's `conv_transpose2d`: the
/// adjoint of `conv2d`, so its forward is a convolution's input gradient and its
/// input gradient a convolution, both run by the `ConvolutionGeometry` of the
/// convolution it transposes.
extension Tensor {
    /// The transposed convolution of an `[N, Cin, H, W]` (or unbatched `[Cin, H, W]`)
    /// input with a `[Cin, Cout / groups, kH, kW]` weight, adding `bias` (`[Cout]`)
    /// when given. The output is `(H − 1) · stride − 2 · padding + dilation · (kH − 1)
    /// + outputPadding + 1` high (and likewise wide).
    ///
    /// Records `ConvolutionBackward0`, as PyTorch does: the input gradient is the
    /// convolution of the gradient with the weight, the weight gradient that of a
    /// convolution whose output gradient is the input, the bias gradient a sum.
    public func convTranspose2d(
        weight: Tensor, bias: Tensor? = nil, stride: (Int, Int) = (1, 1), padding: (Int, Int) = (0, 0),
        outputPadding: (Int, Int) = (0, 0), groups: Int = 1, dilation: (Int, Int) = (1, 1)
    ) throws -> Tensor {
        if rank == 3 {
            return try unsqueeze(dim: 0)
                .convTranspose2d(weight: weight, bias: bias, stride: stride, padding: padding,
                                 outputPadding: outputPadding, groups: groups, dilation: dilation)
                .squeeze(dim: 0)
        }
        let geometry = try ConvolutionGeometry(
            transposedInput: self, weight: weight, bias: bias, stride: stride, padding: padding,
            outputPadding: outputPadding, dilation: dilation, groups: groups)
        let x = toFloat().contiguousData(), w = weight.toFloat().contiguousData()
        let out = Tensor(zeros: geometry.inputShape)
        geometry.inputGradient(gradOutput: x.floatPointer, weight: w.floatPointer, gradInput: out.storage.floats)
        if let bias {
            let b = bias.toFloat().contiguousData()
            let plane = geometry.height * geometry.width, channels = geometry.inChannels
            for n in 0..<geometry.batch {
                for c in 0..<channels {
                    let row = out.storage.floats + (n * channels + c) * plane, value = b.floatPointer[c]
                    for i in 0..<plane { row[i] += value }
                }
            }
            withExtendedLifetime(b) {}
        }
        withExtendedLifetime((x, w)) {}

        let inputShape = shape, weightShape = weight.shape
        let inputs = [self, weight] + (bias.map { [$0] } ?? [])
        return out.recordOperation("ConvolutionBackward0", inputs: inputs, saving: [self, weight]) { g, saved, needs in
            let go = g.contiguousData()
            let x = saved[0].toFloat().contiguousData(), w = saved[1].toFloat().contiguousData()
            var gradInput: Tensor?, gradWeight: Tensor?, gradBias: Tensor?
            if needs[0] {
                // The convolution of the output gradient writes every element of the input gradient.
                let gx = Tensor.empty(inputShape)
                geometry.forward(input: go.floatPointer, weight: w.floatPointer, bias: nil, output: gx.storage.floats)
                gradInput = gx
            }
            if needs[1] {
                let gw = Tensor.empty(weightShape)
                geometry.weightGradient(gradOutput: x.floatPointer, input: go.floatPointer, gradWeight: gw.storage.floats)
                gradWeight = gw
            }
            if needs.count > 2 && needs[2] {
                let plane = geometry.height * geometry.width, channels = geometry.inChannels
                var totals = [Double](repeating: 0, count: channels)
                for n in 0..<geometry.batch {
                    for c in 0..<channels {
                        let row = go.floatPointer + (n * channels + c) * plane
                        for i in 0..<plane { totals[c] += Double(row[i]) }
                    }
                }
                gradBias = Tensor(shape: [channels], floats: totals.map { Float($0) })
            }
            withExtendedLifetime((go, x, w)) {}
            return needs.count > 2 ? [gradInput, gradWeight, gradBias] : [gradInput, gradWeight]
        }
    }
}

extension ConvolutionGeometry {
    /// The shape of the convolution's input: the transposed convolution's output.
    var inputShape: [Int] { [batch, inChannels, height, width] }

    /// The convolution that a transposed convolution of `input` by `weight` transposes:
    /// its input is the transposed convolution's output, its output the transposed
    /// convolution's input. Validated with PyTorch's messages for `conv_transpose2d`.
    init(
        transposedInput input: Tensor, weight: Tensor, bias: Tensor?, stride: (Int, Int), padding: (Int, Int),
        outputPadding: (Int, Int), dilation: (Int, Int), groups: Int
    ) throws {
        guard input.rank == 4 else {
            throw TensorError("Expected 3D (unbatched) or 4D (batched) input to conv_transpose2d, but got input of size: \(describe(shape: input.shape))")
        }
        guard weight.rank == 4 else {
            throw TensorError("Expected \(weight.rank)-dimensional input for \(weight.rank)-dimensional weight \(describe(shape: weight.shape)), but got 4-dimensional input of size \(describe(shape: input.shape)) instead")
        }
        guard stride.0 > 0 && stride.1 > 0 else { throw TensorError("non-positive stride is not supported") }
        guard padding.0 >= 0 && padding.1 >= 0 else { throw TensorError("negative padding is not supported") }
        guard outputPadding.0 >= 0 && outputPadding.1 >= 0 else { throw TensorError("negative output_padding is not supported") }
        guard dilation.0 > 0 && dilation.1 > 0 else { throw TensorError("dilation should be greater than zero") }
        guard groups > 0 else { throw TensorError("non-positive groups is not supported") }
        guard weight.shape[0] % groups == 0 else {
            throw TensorError("Given groups=\(groups), expected weight to be divisible by \(groups) at dimension 0, but got weight of size \(describe(shape: weight.shape)) instead")
        }
        guard weight.shape[0] == input.shape[1] else {
            throw TensorError("Given transposed=1, weight of size \(describe(shape: weight.shape)), expected input\(describe(shape: input.shape)) to have \(weight.shape[0]) channels, but got \(input.shape[1]) channels instead")
        }
        let outChannels = weight.shape[1] * groups
        if let bias, bias.rank != 1 || bias.shape[0] != outChannels {
            throw TensorError("Given transposed=1, weight of size \(describe(shape: weight.shape)), expected bias to be 1-dimensional with \(outChannels) elements, but got bias of size \(describe(shape: bias.shape)) instead")
        }
        guard (outputPadding.0 < stride.0 || outputPadding.0 < dilation.0) && (outputPadding.1 < stride.1 || outputPadding.1 < dilation.1) else {
            throw TensorError("output padding must be smaller than either stride or dilation, but got output_padding_height: \(outputPadding.0) output_padding_width: \(outputPadding.1) stride_height: \(stride.0) stride_width: \(stride.1) dilation_height: \(dilation.0) dilation_width: \(dilation.1)")
        }
        let (kernelHeight, kernelWidth) = (weight.shape[2], weight.shape[3])
        let height = (input.shape[2] - 1) * stride.0 - 2 * padding.0 + dilation.0 * (kernelHeight - 1) + outputPadding.0 + 1
        let width = (input.shape[3] - 1) * stride.1 - 2 * padding.1 + dilation.1 * (kernelWidth - 1) + outputPadding.1 + 1
        guard height > 0 && width > 0 else {
            throw TensorError("Given input size per channel: (\(input.shape[2]) x \(input.shape[3])). Calculated output size per channel: (\(height) x \(width)). Output size is too small")
        }
        (batch, inChannels, self.height, self.width) = (input.shape[0], outChannels, height, width)
        (self.outChannels, self.kernelHeight, self.kernelWidth) = (weight.shape[0], kernelHeight, kernelWidth)
        (strideH, strideW, padH, padW, dilationH, dilationW) = (stride.0, stride.1, padding.0, padding.1, dilation.0, dilation.1)
        self.groups = groups
        (outHeight, outWidth) = (input.shape[2], input.shape[3])
    }
}
