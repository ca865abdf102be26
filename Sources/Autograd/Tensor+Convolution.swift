/// Two-dimensional convolution, PyTorch's `conv2d`, computed per sample and
/// group as a matrix product: the input patches are unfolded into columns
/// (im2col) and multiplied by the weight matrix through `Tensor.gemm`. Large
/// enough 3×3 convolutions with unit stride run through `Winograd` instead.
extension Tensor {
    /// Convolves an `[N, C, H, W]` (or unbatched `[C, H, W]`) input with a
    /// `[O, C / groups, kH, kW]` weight, adding `bias` (`[O]`) when given.
    ///
    /// Records `ConvolutionBackward0`, whose backward gives the input gradient
    /// (weightᵀ · gradient, folded back by col2im), the weight gradient
    /// (gradient · columnsᵀ) and the bias gradient (a sum).
    public func conv2d(
        weight: Tensor, bias: Tensor? = nil, stride: (Int, Int) = (1, 1), padding: (Int, Int) = (0, 0),
        dilation: (Int, Int) = (1, 1), groups: Int = 1
    ) throws -> Tensor {
        if dtype == .float64 { try requireFloat32("conv2d") }
        if rank == 3 {
            return try unsqueeze(dim: 0)
                .conv2d(weight: weight, bias: bias, stride: stride, padding: padding, dilation: dilation, groups: groups)
                .squeeze(dim: 0)
        }
        let geometry = try ConvolutionGeometry(
            input: self, weight: weight, bias: bias, stride: stride, padding: padding, dilation: dilation, groups: groups)
        let x = toFloat().contiguousData(), w = weight.toFloat().contiguousData()
        let b = bias?.toFloat().contiguousData()
        let out = Tensor.empty(geometry.outputShape)
        // Winograd's transformed weights serve the forward and the input gradient;
        // its transformed input patches, the weight gradient.
        let winograd = geometry.usesWinograd(gradient: false)
        let transformed = winograd ? geometry.transformedWeight(w.floatPointer) : nil
        let patches = winograd && GradMode.isEnabled && weight.requiresGrad ? geometry.emptyWinogradPatches() : nil
        geometry.forward(
            input: x.floatPointer, weight: w.floatPointer, transformedWeight: transformed?.floatPointer, bias: b?.floatPointer,
            patches: patches?.floatPointer, output: out.storage.floats)
        withExtendedLifetime((x, w, b)) {}

        let inputShape = shape, weightShape = weight.shape
        let inputs = [self, weight] + (bias.map { [$0] } ?? [])
        return out.recordOperation("ConvolutionBackward0", inputs: inputs, saving: [self, weight]) { g, saved, needs in
            let go = g.contiguousData()
            let x = saved[0].toFloat().contiguousData(), w = saved[1].toFloat().contiguousData()
            var gradInput: Tensor?, gradWeight: Tensor?, gradBias: Tensor?
            if needs[0] {
                // col2im adds into the input gradient; a pointwise product writes every element.
                let writesAll = (geometry.isPointwise || geometry.usesWinograd(gradient: true)) && geometry.outChannels > 0
                let gx = writesAll ? Tensor.empty(inputShape) : Tensor(zeros: inputShape)
                geometry.inputGradient(
                    gradOutput: go.floatPointer, weight: w.floatPointer, transformedWeight: transformed?.floatPointer,
                    gradInput: gx.storage.floats)
                gradInput = gx
            }
            if needs[1] {
                let gw = Tensor.empty(weightShape)
                geometry.weightGradient(
                    gradOutput: go.floatPointer, input: x.floatPointer, patches: patches?.floatPointer, gradWeight: gw.storage.floats)
                gradWeight = gw
            }
            if needs.count > 2 && needs[2] {
                let gb = Tensor(zeros: [geometry.outChannels])
                geometry.biasGradient(gradOutput: go.floatPointer, gradBias: gb.storage.floats)
                gradBias = gb
            }
            withExtendedLifetime((go, x, w, transformed, patches)) {}
            return needs.count > 2 ? [gradInput, gradWeight, gradBias] : [gradInput, gradWeight]
        }
    }
}

/// How `conv2d` computes its products.
package enum ConvolutionAlgorithm: Sendable {
    /// Winograd's F(2×2, 3×3) where it applies and is faster, else im2col.
    case automatic
    /// Unfolded patches times the weight matrix, for every convolution.
    case im2col
    /// Winograd's F(2×2, 3×3) wherever it applies (3×3, unit stride and dilation, one group).
    case winograd

    /// The algorithm every `conv2d` uses; `automatic` unless changed.
    package static var current: ConvolutionAlgorithm {
        get { setting.lock.withLock { setting.value } }
        set { setting.lock.withLock { setting.value = newValue } }
    }

    private static let setting = Setting()

    /// The current algorithm behind a lock.
    /// `@unchecked Sendable`: its one mutable property is only touched under `lock`.
    private final class Setting: @unchecked Sendable {
        let lock = Lock()
        var value = ConvolutionAlgorithm.automatic
    }
}

/// The sizes of one convolution, validated with PyTorch's messages, and the
/// loops that run it on contiguous float memory.
struct ConvolutionGeometry {
    let batch: Int, inChannels: Int, height: Int, width: Int
    let outChannels: Int, kernelHeight: Int, kernelWidth: Int
    let strideH: Int, strideW: Int, padH: Int, padW: Int, dilationH: Int, dilationW: Int
    let groups: Int
    let outHeight: Int, outWidth: Int

    /// Input channels per group.
    var groupInChannels: Int { inChannels / groups }
    /// Output channels per group.
    var groupOutChannels: Int { outChannels / groups }
    /// Rows of the column matrix: one per weight element of a group.
    var patchSize: Int { groupInChannels * kernelHeight * kernelWidth }
    /// Columns of the column matrix: one per output position.
    var positions: Int { outHeight * outWidth }
    var outputShape: [Int] { [batch, outChannels, outHeight, outWidth] }
    /// A 1×1 kernel with unit stride and no padding reads the input as its own column matrix.
    var isPointwise: Bool { kernelHeight == 1 && kernelWidth == 1 && strideH == 1 && strideW == 1 && padH == 0 && padW == 0 }

    init(input: Tensor, weight: Tensor, bias: Tensor?, stride: (Int, Int), padding: (Int, Int), dilation: (Int, Int), groups: Int) throws {
        guard input.rank == 4 else {
            throw TensorError("Expected 3D (unbatched) or 4D (batched) input to conv2d, but got input of size: \(describe(shape: input.shape))")
        }
        guard weight.rank == 4 else {
            throw TensorError("Expected \(weight.rank)-dimensional input for \(weight.rank)-dimensional weight \(describe(shape: weight.shape)), but got 4-dimensional input of size \(describe(shape: input.shape)) instead")
        }
        guard stride.0 > 0 && stride.1 > 0 else { throw TensorError("non-positive stride is not supported") }
        guard padding.0 >= 0 && padding.1 >= 0 else { throw TensorError("negative padding is not supported") }
        guard dilation.0 > 0 && dilation.1 > 0 else { throw TensorError("dilation should be greater than zero") }
        guard groups > 0 else { throw TensorError("non-positive groups is not supported") }
        (batch, inChannels, height, width) = (input.shape[0], input.shape[1], input.shape[2], input.shape[3])
        (outChannels, kernelHeight, kernelWidth) = (weight.shape[0], weight.shape[2], weight.shape[3])
        (strideH, strideW, padH, padW, dilationH, dilationW) = (stride.0, stride.1, padding.0, padding.1, dilation.0, dilation.1)
        self.groups = groups
        guard outChannels % groups == 0 else {
            throw TensorError("Given groups=\(groups), expected weight to be divisible by \(groups) at dimension 0, but got weight of size \(describe(shape: weight.shape)) instead")
        }
        guard weight.shape[1] * groups == inChannels else {
            throw TensorError("Given groups=\(groups), weight of size \(describe(shape: weight.shape)), expected input\(describe(shape: input.shape)) to have \(weight.shape[1] * groups) channels, but got \(inChannels) channels instead")
        }
        if let bias, bias.rank != 1 || bias.shape[0] != outChannels {
            throw TensorError("Given weight of size \(describe(shape: weight.shape)), expected bias to be 1-dimensional with \(outChannels) elements, but got bias of size \(describe(shape: bias.shape)) instead")
        }
        let paddedH = height + 2 * padH, paddedW = width + 2 * padW
        let effectiveH = dilationH * (kernelHeight - 1) + 1, effectiveW = dilationW * (kernelWidth - 1) + 1
        guard paddedH >= effectiveH && paddedW >= effectiveW else {
            throw TensorError("Calculated padded input size per channel: (\(paddedH) x \(paddedW)). Kernel size: (\(effectiveH) x \(effectiveW)). Kernel size can't be greater than actual input size")
        }
        outHeight = (paddedH - effectiveH) / strideH + 1
        outWidth = (paddedW - effectiveW) / strideW + 1
    }

    // MARK: Forward

    /// `transformedWeight`, when given, is `transformedWeight(weight)`, used by Winograd's algorithm,
    /// which also writes its transformed input to `patches` when given.
    func forward(
        input: UnsafePointer<Float>, weight: UnsafePointer<Float>, transformedWeight: UnsafePointer<Float>? = nil,
        bias: UnsafePointer<Float>?, patches: UnsafeMutablePointer<Float>? = nil, output: UnsafeMutablePointer<Float>
    ) {
        let (k, l, og, cg) = (patchSize, positions, groupOutChannels, groupInChannels)
        let count = batch * outChannels * l
        guard count > 0 else { return }
        if k == 0 {
            output.update(repeating: 0, count: count)
        } else if usesWinograd(gradient: false) {
            return withWinogradWeights(weight, transformedWeight) { u in
                Winograd.convolve(
                    input, winogradProblem(gradient: false), weights: u, flipped: false, bias: bias, patches: patches, output: output)
            }
        } else {
            withColumnBuffer { columns in
                for n in 0..<batch {
                    for g in 0..<groups {
                        let source = input + (n * inChannels + g * cg) * height * width
                        let matrix = isPointwise ? source : unfold(source, into: columns!)
                        Tensor.gemm(weight + g * og * k, transposeA: false, matrix, transposeB: false,
                                    output + (n * outChannels + g * og) * l, m: og, n: l, k: k)
                    }
                }
            }
        }
        if let bias {
            for n in 0..<batch {
                for o in 0..<outChannels {
                    let row = output + (n * outChannels + o) * l, b = bias[o]
                    for i in 0..<l { row[i] += b }
                }
            }
        }
    }

    // MARK: Backward

    /// `transformedWeight`, when given, is `transformedWeight(weight)`, used by Winograd's algorithm.
    func inputGradient(
        gradOutput: UnsafePointer<Float>, weight: UnsafePointer<Float>, transformedWeight: UnsafePointer<Float>? = nil,
        gradInput: UnsafeMutablePointer<Float>
    ) {
        let (k, l, og, cg) = (patchSize, positions, groupOutChannels, groupInChannels)
        guard k > 0 && l > 0 && og > 0 else { return }
        if usesWinograd(gradient: true) {
            return withWinogradWeights(weight, transformedWeight) { u in
                Winograd.convolve(gradOutput, winogradProblem(gradient: true), weights: u, flipped: true, bias: nil, output: gradInput)
            }
        }
        withColumnBuffer { columns in
            for n in 0..<batch {
                for g in 0..<groups {
                    let target = gradInput + (n * inChannels + g * cg) * height * width
                    let gradRows = gradOutput + (n * outChannels + g * og) * l
                    // The pointwise case's columns are the input itself: write the product there.
                    let product = isPointwise ? target : columns!
                    Tensor.gemm(weight + g * og * k, transposeA: true, gradRows, transposeB: false, product, m: k, n: l, k: og)
                    if !isPointwise { fold(columns!, into: target) }
                }
            }
        }
    }

    /// Writes every element of `gradWeight` (the first sample's product overwrites, the others add).
    /// `patches`, when given, holds Winograd's transformed input from `forward`.
    func weightGradient(
        gradOutput: UnsafePointer<Float>, input: UnsafePointer<Float>, patches: UnsafePointer<Float>? = nil,
        gradWeight: UnsafeMutablePointer<Float>
    ) {
        let (k, l, og, cg) = (patchSize, positions, groupOutChannels, groupInChannels)
        guard k > 0 && l > 0 && og > 0 && batch > 0 else {
            gradWeight.update(repeating: 0, count: outChannels * k)
            return
        }
        if usesWinograd(gradient: false) {
            return Winograd.weightGradient(gradOutput, input: input, patches: patches, winogradProblem(gradient: false), into: gradWeight)
        }
        withColumnBuffer { columns in
            for n in 0..<batch {
                for g in 0..<groups {
                    let source = input + (n * inChannels + g * cg) * height * width
                    let matrix = isPointwise ? source : unfold(source, into: columns!)
                    Tensor.gemm(gradOutput + (n * outChannels + g * og) * l, transposeA: false, matrix, transposeB: true,
                                gradWeight + g * og * k, m: og, n: k, k: l, accumulate: n > 0)
                }
            }
        }
    }

    func biasGradient(gradOutput: UnsafePointer<Float>, gradBias: UnsafeMutablePointer<Float>) {
        let l = positions
        for o in 0..<outChannels {
            var total = 0.0
            for n in 0..<batch {
                let row = gradOutput + (n * outChannels + o) * l
                for i in 0..<l { total += Double(row[i]) }
            }
            gradBias[o] = Float(total)
        }
    }

    // MARK: Winograd

    /// Whether the forward product (or the input gradient's) runs through Winograd's algorithm.
    func usesWinograd(gradient: Bool) -> Bool {
        guard Winograd.applies(to: self) else { return false }
        switch ConvolutionAlgorithm.current {
        case .im2col: return false
        case .winograd: return true
        case .automatic: return Winograd.isFaster(for: self, gradient: gradient)
        }
    }

    /// The forward convolution, or (`gradient`) the input gradient's convolution of the output gradient.
    func winogradProblem(gradient: Bool) -> Winograd.Problem {
        gradient
            ? Winograd.Problem(batch: batch, inChannels: outChannels, height: outHeight, width: outWidth,
                               padH: 2 - padH, padW: 2 - padW, outChannels: inChannels, outHeight: height, outWidth: width)
            : Winograd.Problem(batch: batch, inChannels: inChannels, height: height, width: width,
                               padH: padH, padW: padW, outChannels: outChannels, outHeight: outHeight, outWidth: outWidth)
    }

    /// The weight's Winograd transforms, `[16, outChannels, inChannels]`.
    func transformedWeight(_ weight: UnsafePointer<Float>) -> Tensor {
        let u = Tensor.empty([Winograd.positions, outChannels, inChannels])
        Winograd.transformWeights(weight, outChannels: outChannels, inChannels: inChannels, into: u.storage.floats)
        return u
    }

    /// Room for Winograd's transformed input patches, `[16, inChannels, tiles]`.
    func emptyWinogradPatches() -> Tensor {
        Tensor.empty([Winograd.positions, inChannels, winogradProblem(gradient: false).tiles])
    }

    /// Runs `body` with the weight's Winograd transforms: `transformed` when given, else computed into a pooled buffer.
    private func withWinogradWeights(
        _ weight: UnsafePointer<Float>, _ transformed: UnsafePointer<Float>?, _ body: (UnsafePointer<Float>) -> Void
    ) {
        if let transformed { return body(transformed) }
        let bytes = Winograd.positions * outChannels * inChannels * MemoryLayout<Float>.stride
        let buffer = StoragePool.shared.allocate(bytes)
        defer { StoragePool.shared.release(buffer, bytes: bytes) }
        let u = buffer.assumingMemoryBound(to: Float.self)
        Winograd.transformWeights(weight, outChannels: outChannels, inChannels: inChannels, into: u)
        body(u)
    }

    // MARK: im2col and col2im

    /// Runs `body` with a column buffer for one group of one sample (nil in the pointwise case).
    private func withColumnBuffer(_ body: (UnsafeMutablePointer<Float>?) -> Void) {
        if isPointwise { return body(nil) }
        let bytes = Swift.max(patchSize * positions, 1) * MemoryLayout<Float>.stride
        let buffer = StoragePool.shared.allocate(bytes)
        defer { StoragePool.shared.release(buffer, bytes: bytes) }
        body(buffer.assumingMemoryBound(to: Float.self))
    }

    /// The valid output columns `lo..<hi` of a kernel column offset by `shift` input columns.
    @inline(__always)
    private func validColumns(shift: Int) -> (Int, Int) {
        // iw = ow * strideW + shift must lie in 0..<width.
        let lo = shift >= 0 ? 0 : (-shift + strideW - 1) / strideW
        let hi = width - shift <= 0 ? 0 : (width - shift + strideW - 1) / strideW
        let clampedLo = min(lo, outWidth)
        return (clampedLo, max(clampedLo, min(hi, outWidth)))
    }

    /// Writes the patches of one group's `[C/groups, H, W]` planes as a `[patchSize, positions]` matrix.
    ///
    /// Large matrices are written by all compute threads, each taking a range of channels.
    private func unfold(_ source: UnsafePointer<Float>, into columns: UnsafeMutablePointer<Float>) -> UnsafePointer<Float> {
        ComputeThreads.forEachPart(of: groupInChannels, minimumWork: patchSize * positions) {
            unfold(source, channels: $0, into: columns)
        }
        return UnsafePointer(columns)
    }

    /// Writes the rows of `channels` of the column matrix.
    private func unfold(_ source: UnsafePointer<Float>, channels: Range<Int>, into columns: UnsafeMutablePointer<Float>) {
        let l = positions
        for c in channels {
            let plane = source + c * height * width
            for ki in 0..<kernelHeight {
                for kj in 0..<kernelWidth {
                    let row = columns + ((c * kernelHeight + ki) * kernelWidth + kj) * l
                    let shift = kj * dilationW - padW
                    let (lo, hi) = validColumns(shift: shift)
                    for oh in 0..<outHeight {
                        let ih = oh * strideH - padH + ki * dilationH
                        let dst = row + oh * outWidth
                        guard ih >= 0 && ih < height && lo < hi else {
                            dst.update(repeating: 0, count: outWidth)
                            continue
                        }
                        let line = plane + ih * width + shift
                        if lo > 0 { dst.update(repeating: 0, count: lo) }
                        if strideW == 1 {
                            (dst + lo).update(from: line + lo, count: hi - lo)
                        } else if strideW == 2 {
                            // Eight outputs from sixteen inputs, while all sixteen lie inside the row.
                            var ow = lo
                            while ow + 8 < hi {
                                let pair = UnsafeRawPointer(line + 2 * ow).loadUnaligned(as: SIMD16<Float>.self)
                                UnsafeMutableRawPointer(dst + ow).storeBytes(of: pair.evenHalf, as: SIMD8<Float>.self)
                                ow += 8
                            }
                            for ow in ow..<hi { dst[ow] = line[2 * ow] }
                        } else {
                            for ow in lo..<hi { dst[ow] = line[ow * strideW] }
                        }
                        if hi < outWidth { (dst + hi).update(repeating: 0, count: outWidth - hi) }
                    }
                }
            }
        }
    }

    /// Adds a `[patchSize, positions]` column matrix back onto one group's planes (the adjoint of `unfold`).
    ///
    /// Large matrices are folded by all compute threads, each taking a range of channels.
    private func fold(_ columns: UnsafePointer<Float>, into target: UnsafeMutablePointer<Float>) {
        ComputeThreads.forEachPart(of: groupInChannels, minimumWork: patchSize * positions) {
            fold(columns, channels: $0, into: target)
        }
    }

    /// Adds the rows of `channels` of the column matrix onto their planes.
    private func fold(_ columns: UnsafePointer<Float>, channels: Range<Int>, into target: UnsafeMutablePointer<Float>) {
        let l = positions
        for c in channels {
            let plane = target + c * height * width
            for ki in 0..<kernelHeight {
                for kj in 0..<kernelWidth {
                    let row = columns + ((c * kernelHeight + ki) * kernelWidth + kj) * l
                    let shift = kj * dilationW - padW
                    let (lo, hi) = validColumns(shift: shift)
                    guard lo < hi else { continue }
                    for oh in 0..<outHeight {
                        let ih = oh * strideH - padH + ki * dilationH
                        guard ih >= 0 && ih < height else { continue }
                        let src = row + oh * outWidth
                        let line = plane + ih * width + shift
                        if strideW == 1 {
                            for ow in lo..<hi { line[ow] += src[ow] }
                        } else {
                            for ow in lo..<hi { line[ow * strideW] += src[ow] }
                        }
                    }
                }
            }
        }
    }
}
