/// Max, average and adaptive average pooling over the last two dimensions of
/// an `[N, C, H, W]` (or `[C, H, W]`) tensor, with PyTorch's window rules.
extension Tensor {
    /// The largest value of each window (PyTorch's `max_pool2d`); padding counts as −∞.
    public func maxPool2d(
        kernelSize: (Int, Int), stride: (Int, Int)? = nil, padding: (Int, Int) = (0, 0),
        dilation: (Int, Int) = (1, 1), ceilMode: Bool = false
    ) throws -> Tensor {
        try maxPool2dWithIndices(kernelSize: kernelSize, stride: stride, padding: padding, dilation: dilation, ceilMode: ceilMode).values
    }

    /// `maxPool2d` and, for each output, the index of the chosen element within its
    /// input plane (`h * W + w`, int64), as `max_pool2d(..., return_indices=True)`.
    public func maxPool2dWithIndices(
        kernelSize: (Int, Int), stride: (Int, Int)? = nil, padding: (Int, Int) = (0, 0),
        dilation: (Int, Int) = (1, 1), ceilMode: Bool = false
    ) throws -> (values: Tensor, indices: Tensor) {
        if dtype == .float64 { try requireFloat32("maxPool2dWithIndices") }
        let p = try PoolingGeometry(
            input: self, kernel: kernelSize, stride: stride ?? kernelSize, padding: padding,
            dilation: dilation, ceilMode: ceilMode, isMax: true)
        let x = toFloat().contiguousData()
        let values = Tensor.empty(p.outputShape), indices = Tensor.empty(p.outputShape, dtype: .int64)
        let src = x.floatPointer, dst = values.storage.floats, idx = indices.storage.int64s
        // Each output row's clipped input rows, and each output column's first input column.
        func clipped(_ o: Int, stride: Int, pad: Int, kernel: Int, dilation: Int, size: Int) -> (Int, Int) {
            var start = o * stride - pad
            let end = Swift.min(start + (kernel - 1) * dilation + 1, size)
            while start < 0 { start += dilation }
            return (start, end)
        }
        let rows = (0..<p.outHeight).map { clipped($0, stride: p.strideH, pad: p.padH, kernel: p.kernelH, dilation: p.dilationH, size: p.height) }
        let firstColumns = (0..<p.outWidth).map { clipped($0, stride: p.strideW, pad: p.padW, kernel: p.kernelW, dilation: p.dilationW, size: p.width).0 }
        // For kernel column kj, the output columns whose input column ow·stride + shift lies inside the row.
        let (width, outWidth, strideW) = (p.width, p.outWidth, p.strideW)
        let taps = (0..<p.kernelW).map { kj -> (shift: Int, lo: Int, hi: Int) in
            let shift = kj * p.dilationW - p.padW
            let lo = shift >= 0 ? 0 : (-shift + strideW - 1) / strideW
            let hi = width - shift <= 0 ? 0 : (width - shift + strideW - 1) / strideW
            return (shift, Swift.min(lo, outWidth), Swift.max(Swift.min(lo, outWidth), Swift.min(hi, outWidth)))
        }
        // Indices within a plane are kept in 32 bits while scanning (four to a vector).
        var rowIndices = [Int32](repeating: 0, count: outWidth)
        let vectorised = p.height * width < Int(Int32.max)
        let lanes = SIMD4<Int32>(0, 1, 2, 3) &* Int32(truncatingIfNeeded: strideW)
        for plane in 0..<p.planes {
            let input = src + plane * p.height * width
            for oh in 0..<p.outHeight {
                let (h0, h1) = rows[oh]
                let best = dst + (plane * p.outHeight + oh) * outWidth, at = idx + (plane * p.outHeight + oh) * outWidth
                for ow in 0..<outWidth {
                    best[ow] = -Float.infinity
                    at[ow] = Int64(h0 * width + firstColumns[ow])
                }
                // Window elements in row-major order, one kernel position at a time across the
                // whole output row, so that the first maximum (or the last NaN) wins as in a
                // window-by-window scan. Four outputs at a time compare and select without
                // branches, which would mispredict on data-dependent comparisons.
                rowIndices.withUnsafeMutableBufferPointer { indices in
                    let rowAt = indices.baseAddress!
                    for ow in 0..<outWidth { rowAt[ow] = Int32(truncatingIfNeeded: at[ow]) }
                    for h in Swift.stride(from: h0, to: h1, by: p.dilationH) {
                        let line = input + h * width
                        for (shift, lo, hi) in taps {
                            var ow = lo
                            if vectorised {
                                while ow + 4 <= hi {
                                    let i = ow * strideW + shift
                                    let v = SIMD4<Float>(line[i], line[i + strideW], line[i + 2 * strideW], line[i + 3 * strideW])
                                    let b = UnsafeRawPointer(best + ow).loadUnaligned(as: SIMD4<Float>.self)
                                    let take = (v .> b) .| (v .!= v)
                                    UnsafeMutableRawPointer(best + ow).storeBytes(of: b.replacing(with: v, where: take), as: SIMD4<Float>.self)
                                    let a = UnsafeRawPointer(rowAt + ow).loadUnaligned(as: SIMD4<Int32>.self)
                                    let candidates = SIMD4<Int32>(repeating: Int32(truncatingIfNeeded: h * width + i)) &+ lanes
                                    UnsafeMutableRawPointer(rowAt + ow).storeBytes(of: a.replacing(with: candidates, where: take), as: SIMD4<Int32>.self)
                                    ow += 4
                                }
                            }
                            while ow < hi {
                                let i = ow * strideW + shift
                                let v = line[i]
                                if v > best[ow] || v.isNaN {
                                    best[ow] = v
                                    rowAt[ow] = Int32(truncatingIfNeeded: h * width + i)
                                    if !vectorised { at[ow] = Int64(h * width + i) }
                                }
                                ow += 1
                            }
                        }
                    }
                    if vectorised {
                        for ow in 0..<outWidth { at[ow] = Int64(rowAt[ow]) }
                    }
                }
            }
        }
        withExtendedLifetime(x) {}
        let inputShape = shape
        // PyTorch saves the input and the indices, which the caller receives too.
        values.recordOperation("MaxPool2DWithIndicesBackward0", inputs: [self], saving: [self, indices]) { g, saved, _ in
            let go = g.contiguousData(), chosen = saved[1].contiguousData()
            let grad = Tensor(zeros: inputShape)
            let pg = go.floatPointer, out = grad.storage.floats, idx = chosen.storage.int64s + chosen.offset
            let outPlane = p.outHeight * p.outWidth, inPlane = p.height * p.width
            for plane in 0..<p.planes {
                for j in 0..<outPlane {
                    out[plane * inPlane + Int(idx[plane * outPlane + j])] += pg[plane * outPlane + j]
                }
            }
            withExtendedLifetime((go, chosen)) {}
            return [grad]
        }
        return (values, indices)
    }

    /// The mean of each window (PyTorch's `avg_pool2d`). With `countIncludePad`
    /// the padding counts in the divisor; `divisorOverride` replaces the divisor.
    public func avgPool2d(
        kernelSize: (Int, Int), stride: (Int, Int)? = nil, padding: (Int, Int) = (0, 0),
        ceilMode: Bool = false, countIncludePad: Bool = true, divisorOverride: Int? = nil
    ) throws -> Tensor {
        if dtype == .float64 { try requireFloat32("avgPool2d") }
        if let divisorOverride, divisorOverride == 0 { throw TensorError("divisor must be not zero") }
        let p = try PoolingGeometry(
            input: self, kernel: kernelSize, stride: stride ?? kernelSize, padding: padding,
            dilation: (1, 1), ceilMode: ceilMode, isMax: false)
        /// Calls `body(h0, h1, w0, w1, divisor)` for each output window, clipped to the input.
        func forEachWindow(_ body: (Int, Int, Int, Int, Int, Float) -> Void) {
            for oh in 0..<p.outHeight {
                for ow in 0..<p.outWidth {
                    var h0 = oh * p.strideH - p.padH, w0 = ow * p.strideW - p.padW
                    var h1 = Swift.min(h0 + p.kernelH, p.height + p.padH), w1 = Swift.min(w0 + p.kernelW, p.width + p.padW)
                    let poolSize = (h1 - h0) * (w1 - w0)
                    h0 = Swift.max(h0, 0); w0 = Swift.max(w0, 0); h1 = Swift.min(h1, p.height); w1 = Swift.min(w1, p.width)
                    let divisor = divisorOverride ?? (countIncludePad ? poolSize : (h1 - h0) * (w1 - w0))
                    body(oh * p.outWidth + ow, h0, h1, w0, w1, Float(divisor))
                }
            }
        }
        let x = toFloat().contiguousData()
        let out = Tensor.empty(p.outputShape)
        let src = x.floatPointer, dst = out.storage.floats
        let outPlane = p.outHeight * p.outWidth, inPlane = p.height * p.width
        for plane in 0..<p.planes {
            let input = src + plane * inPlane, output = dst + plane * outPlane
            forEachWindow { j, h0, h1, w0, w1, divisor in
                var total: Float = 0
                if h0 < h1 && w0 < w1 {
                    for h in h0..<h1 { for w in w0..<w1 { total += input[h * p.width + w] } }
                }
                output[j] = h0 < h1 && w0 < w1 ? total / divisor : 0
            }
        }
        withExtendedLifetime(x) {}
        let inputShape = shape
        return out.recordOperation("AvgPool2DBackward0", inputs: [self]) { g, _, _ in
            let go = g.contiguousData()
            let grad = Tensor(zeros: inputShape)
            let pg = go.floatPointer, gin = grad.storage.floats
            for plane in 0..<p.planes {
                let upstream = pg + plane * outPlane, target = gin + plane * inPlane
                forEachWindow { j, h0, h1, w0, w1, divisor in
                    guard h0 < h1 && w0 < w1 else { return }
                    let share = upstream[j] / divisor
                    for h in h0..<h1 { for w in w0..<w1 { target[h * p.width + w] += share } }
                }
            }
            withExtendedLifetime(go) {}
            return [grad]
        }
    }

    /// Average pooling to a fixed output size (PyTorch's `adaptive_avg_pool2d`):
    /// output cell `i` of `n` averages input rows `⌊i·H/n⌋ ..< ⌈(i+1)·H/n⌉`.
    /// An output of 1×1 is the mean over the last two dimensions, as in PyTorch.
    public func adaptiveAvgPool2d(outputSize: (Int, Int)) throws -> Tensor {
        guard rank == 3 || rank == 4, shape.dropFirst(rank - 3).allSatisfy({ $0 > 0 }) else {
            throw TensorError("adaptive_avg_pool2d(): Expected 3D or 4D tensor, but got \(describe(shape: shape))")
        }
        guard outputSize.0 >= 0 && outputSize.1 >= 0 else {
            throw TensorError("adaptive_avg_pool2d: elements of output_size must be greater than or equal to 0 but received {\(outputSize.0), \(outputSize.1)}")
        }
        if outputSize == (1, 1) { return try mean(dims: [-1, -2], keepDim: true) }
        let (height, width) = (shape[rank - 2], shape[rank - 1])
        let (outH, outW) = outputSize
        let planes = shape.dropLast(2).reduce(1, *)
        func start(_ i: Int, _ outSize: Int, _ inSize: Int) -> Int { (i * inSize) / outSize }
        func end(_ i: Int, _ outSize: Int, _ inSize: Int) -> Int { ((i + 1) * inSize + outSize - 1) / outSize }
        let x = toFloat().contiguousData()
        let outShape = Array(shape.dropLast(2)) + [outH, outW]
        try Tensor.checkShape(outShape)
        let out = Tensor.empty(outShape)
        let src = x.floatPointer, dst = out.storage.floats
        for plane in 0..<planes {
            let input = src + plane * height * width
            for oh in 0..<outH {
                let h0 = start(oh, outH, height), h1 = end(oh, outH, height)
                for ow in 0..<outW {
                    let w0 = start(ow, outW, width), w1 = end(ow, outW, width)
                    var total: Float = 0
                    for h in h0..<h1 { for w in w0..<w1 { total += input[h * width + w] } }
                    dst[(plane * outH + oh) * outW + ow] = total / Float((h1 - h0) * (w1 - w0))
                }
            }
        }
        withExtendedLifetime(x) {}
        let inputShape = shape
        return out.recordOperation("AdaptiveAvgPool2DBackward0", inputs: [self]) { g, _, _ in
            let go = g.contiguousData()
            let grad = Tensor(zeros: inputShape)
            let pg = go.floatPointer, gin = grad.storage.floats
            for plane in 0..<planes {
                let target = gin + plane * height * width
                for oh in 0..<outH {
                    let h0 = start(oh, outH, height), h1 = end(oh, outH, height)
                    for ow in 0..<outW {
                        let w0 = start(ow, outW, width), w1 = end(ow, outW, width)
                        let share = pg[(plane * outH + oh) * outW + ow] / Float((h1 - h0) * (w1 - w0))
                        for h in h0..<h1 { for w in w0..<w1 { target[h * width + w] += share } }
                    }
                }
            }
            withExtendedLifetime(go) {}
            return [grad]
        }
    }
}

/// The window arithmetic of a 2-D pooling, validated with PyTorch's messages.
struct PoolingGeometry {
    let planes: Int, height: Int, width: Int
    let kernelH: Int, kernelW: Int, strideH: Int, strideW: Int, padH: Int, padW: Int, dilationH: Int, dilationW: Int
    let outHeight: Int, outWidth: Int
    let outputShape: [Int]

    init(input: Tensor, kernel: (Int, Int), stride: (Int, Int), padding: (Int, Int), dilation: (Int, Int), ceilMode: Bool, isMax: Bool) throws {
        let name = isMax ? "max_pool2d" : "avg_pool2d"
        guard input.rank == 3 || input.rank == 4, input.shape.dropFirst(input.rank - 3).allSatisfy({ $0 > 0 }) else {
            throw TensorError("non-empty 3D or 4D (batch mode) tensor expected for input")
        }
        guard kernel.0 > 0 && kernel.1 > 0 else {
            throw TensorError("\(name): kernel_size must be greater than zero, but got kH: \(kernel.0) kW: \(kernel.1)")
        }
        guard stride.0 > 0 && stride.1 > 0 else {
            throw TensorError("\(name): stride must be greater than zero, but got dH: \(stride.0) dW: \(stride.1)")
        }
        guard dilation.0 > 0 && dilation.1 > 0 else {
            throw TensorError("\(name): dilation must be greater than zero, but got dilationH: \(dilation.0) dilationW: \(dilation.1)")
        }
        // Windows or steps larger than any tensor would overflow the size arithmetic below.
        for (k, d) in [(kernel.0, dilation.0), (kernel.1, dilation.1)] {
            let (span, overflow) = (k - 1).multipliedReportingOverflow(by: d)
            guard !overflow, span < Int(Int32.max) else {
                throw TensorError("\(name): kernel_size \(k) with dilation \(d) is too large for any input")
            }
        }
        guard stride.0 < Int(Int32.max) && stride.1 < Int(Int32.max) else {
            throw TensorError("\(name): stride (\(stride.0), \(stride.1)) is too large for any input")
        }
        if isMax {
            guard padding.0 >= 0 && padding.1 >= 0,
                  padding.0 <= ((kernel.0 - 1) * dilation.0 + 1) / 2, padding.1 <= ((kernel.1 - 1) * dilation.1 + 1) / 2 else {
                let (p, k) = padding.0 > ((kernel.0 - 1) * dilation.0 + 1) / 2 || padding.0 < 0 ? (padding.0, kernel.0) : (padding.1, kernel.1)
                throw TensorError("pad should be at most half of effective kernel size, but got pad=\(p), kernel_size=\(k) and dilation=\(k == kernel.0 ? dilation.0 : dilation.1)")
            }
        } else {
            guard padding.0 >= 0 && padding.1 >= 0, padding.0 <= kernel.0 / 2, padding.1 <= kernel.1 / 2 else {
                throw TensorError("pad should be smaller than or equal to half of kernel size, but got padW = \(padding.1), padH = \(padding.0), kW = \(kernel.1), kH = \(kernel.0)")
            }
        }
        (height, width) = (input.shape[input.rank - 2], input.shape[input.rank - 1])
        planes = input.shape.dropLast(2).reduce(1, *)
        (kernelH, kernelW, strideH, strideW) = (kernel.0, kernel.1, stride.0, stride.1)
        (padH, padW, dilationH, dilationW) = (padding.0, padding.1, dilation.0, dilation.1)
        func outputSize(_ size: Int, _ k: Int, _ pad: Int, _ s: Int, _ d: Int) -> Int {
            let span = size + 2 * pad - d * (k - 1) - 1 + (ceilMode ? s - 1 : 0)
            var n = (span >= 0 ? span / s : -((-span + s - 1) / s)) + 1
            // The last window must start inside the input or the left padding.
            if ceilMode && (n - 1) * s >= size + pad { n -= 1 }
            return n
        }
        outHeight = outputSize(height, kernelH, padH, strideH, dilationH)
        outWidth = outputSize(width, kernelW, padW, strideW, dilationW)
        let channels = input.rank == 4 ? input.shape[1] : input.shape[0]
        guard outHeight >= 1 && outWidth >= 1 else {
            throw TensorError("Given input size: (\(channels)x\(height)x\(width)). Calculated output size: (\(channels)x\(outHeight)x\(outWidth)). Output size is too small")
        }
        outputShape = Array(input.shape.dropLast(2)) + [outHeight, outWidth]
    }
}
