import Foundation

/// ATen's CPU distributions, applied to the generator's draws in ATen's order.
///
/// The bulk fills (`fillUniform`, `fillNormal`) draw the twister's words a state
/// block at a time and transform eight lanes at once; they give exactly the
/// numbers of the one-at-a-time definitions kept below them (`uniform(from:range:)`,
/// `boxMuller16(_:mean:std:)`), which they fall back to in the rare lanes whose
/// vector rounding cannot be proven equal (see `FusedMultiplyAdd`).
extension Generator {
    /// `count` float32 numbers uniform in `[from, to)`, as `tensor.uniform_(from, to)`
    /// (and `torch.rand` with 0 and 1) gives them.
    ///
    /// Each number is one 32-bit draw: its low 24 bits scaled by 2⁻²⁴, then
    /// `x * (to - from) + from` in float32 (ATen's `uniform_real` with
    /// `dist_acctype<float> = float`), with the multiply and add fused into one
    /// rounding as PyTorch's x86-64 build compiles it.
    public func uniform(count: Int, from: Float = 0, to: Float = 1) -> [Float] {
        let count = max(count, 0)
        return [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            fillUniform(UnsafeMutableBufferPointer(rebasing: buffer[0..<count]), from: from, to: to)
            initialized = count
        }
    }

    /// `count` float32 normal numbers, as `tensor.normal_(mean, std)` (and
    /// `torch.randn`) gives them for a contiguous float32 tensor of that size.
    ///
    /// Below 16 elements ATen draws each number with `normal_distribution<double>`
    /// (Box-Muller on two 53-bit uniforms, the second value cached in the
    /// generator for the next call); from 16 up it fills uniforms and transforms
    /// them in blocks of 16 (`normal_fill`), recomputing the last 16 when the size
    /// is not a multiple of 16.
    public func normal(count: Int, mean: Float = 0, std: Float = 1) -> [Float] {
        let count = max(count, 0)
        return [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            fillNormal(UnsafeMutableBufferPointer(rebasing: buffer[0..<count]), mean: mean, std: std)
            initialized = count
        }
    }

    /// Writes `buffer.count` numbers uniform in `[from, to)` into `buffer`: the
    /// numbers `uniform(count:from:to:)` returns, without an intermediate array.
    public func fillUniform(_ buffer: UnsafeMutableBufferPointer<Float>, from: Float = 0, to: Float = 1) {
        guard let start = buffer.baseAddress else { return }
        withLock { drawUniforms(into: start, count: buffer.count, from: from, to: to) }
    }

    /// Writes `buffer.count` normal numbers into `buffer`: the numbers
    /// `normal(count:mean:std:)` returns, without an intermediate array.
    public func fillNormal(_ buffer: UnsafeMutableBufferPointer<Float>, mean: Float = 0, std: Float = 1) {
        guard let start = buffer.baseAddress else { return }
        withLock {
            if buffer.count >= 16 {
                drawNormalFill(into: start, count: buffer.count, mean: mean, std: std)
            } else {
                for i in 0..<buffer.count {
                    start[i] = Float(drawScalarNormal(mean: Double(mean), std: Double(std)))
                }
            }
        }
    }

    /// `count` Bernoulli samples that are `true` with probability `p`, as
    /// `tensor.bernoulli_(p)` gives them on ATen's default CPU path: one 53-bit
    /// uniform double per sample, `true` when it is below `p`.
    public func bernoulli(count: Int, p: Double) -> [Bool] {
        withLock {
            (0..<max(count, 0)).map { _ in drawUniformDouble() < p }
        }
    }

    /// A random permutation of `0..<n`, as `torch.randperm(n)` gives it on the CPU
    /// (a Fisher-Yates shuffle driven by 32-bit draws modulo the remaining count).
    public func randperm(_ n: Int) -> [Int64] {
        withLock {
            guard n > 0 else { return [] }
            var result = (0..<Int64(n)).map { $0 }
            if n < Int(UInt32.max / 20) {
                for i in 0..<(n - 1) {
                    let z = Int(drawUInt32() % UInt32(n - i))
                    result.swapAt(i, i + z)
                }
            } else {
                // ATen switches to 64-bit draws and the inside-out shuffle for
                // sizes near the 32-bit range, where the modulo would be skewed.
                for i in 0..<n {
                    let z = Int(drawUInt64() % UInt64(i + 1))
                    result[i] = result[z]
                    result[z] = Int64(i)
                }
            }
            return result
        }
    }

    /// One double uniform in `[0, 1)` from a 64-bit draw's low 53 bits
    /// (`uniform_real_distribution<double>`).
    public func nextDouble() -> Double {
        withLock { drawUniformDouble() }
    }

    // MARK: - Transforms; the caller holds the lock.

    /// Words drawn per step of the bulk fills: a few state blocks, small enough for the L1 cache.
    private static let wordsPerStep = 2048

    /// Words drawn between two checks for cancellation (a multiple of `wordsPerStep`).
    private static let wordsBetweenChecks = 2048 * 256

    /// Writes `count` uniforms in `[from, to)` to `out`.
    func drawUniforms(into out: UnsafeMutablePointer<Float>, count: Int, from: Float, to: Float) {
        let range = to - from
        let cancellation = count > Self.wordsPerStep ? Cancellation.current : nil
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: Self.wordsPerStep) { words in
            var done = 0
            while done < count {
                // A cancelled fill stops between steps; its caller discards the values.
                if done % Self.wordsBetweenChecks == 0 && done > 0 && Cancellation.shouldStop(cancellation) { return }
                let step = min(Self.wordsPerStep, count - done)
                drawUInt32s(into: UnsafeMutableBufferPointer(rebasing: words[0..<step]))
                Self.uniforms(from: words.baseAddress!, count: step, into: out + done, from: from, range: range)
                done += step
            }
        }
    }

    /// ATen's `uniform_real` of one word: its low 24 bits scaled by 2⁻²⁴, then `x * range + from` fused.
    @inline(__always)
    static func uniform(_ word: UInt32, from: Float, range: Float) -> Float {
        let x = Float(word & 0x00ff_ffff) * (1.0 / 16_777_216.0)
        return from.addingProduct(x, range)
    }

    /// `uniform(_:from:range:)` of `count` words, eight at a time.
    static func uniforms(from words: UnsafePointer<UInt32>, count: Int, into out: UnsafeMutablePointer<Float>, from: Float, range: Float) {
        let source = UnsafeRawPointer(words), destination = UnsafeMutableRawPointer(out)
        // x · 1 + 0 is x itself for every x in [0, 1).
        let isStandard = from == 0 && range == 1
        var i = 0
        while i + 8 <= count {
            let word = source.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<UInt32>.self)
            let x = SIMD8<Float>(SIMD8<Int32>(truncatingIfNeeded: word & 0x00ff_ffff)) * (1.0 / 16_777_216.0)
            if isStandard {
                destination.storeBytes(of: x, toByteOffset: i * 4, as: SIMD8<Float>.self)
            } else {
                var fma = FusedMultiplyAdd()
                let value = fma(x, SIMD8(repeating: range), SIMD8(repeating: from))
                if fma.allExact {
                    destination.storeBytes(of: value, toByteOffset: i * 4, as: SIMD8<Float>.self)
                } else {
                    for k in i..<(i + 8) { out[k] = uniform(words[k], from: from, range: range) }
                }
            }
            i += 8
        }
        for k in i..<count { out[k] = uniform(words[k], from: from, range: range) }
    }

    func drawUniformDouble() -> Double {
        Double(drawUInt64() & ((1 << 53) - 1)) * (1.0 / 9_007_199_254_740_992.0)
    }

    /// `at::normal_distribution<double>`: returns the cached second sample when
    /// there is one, otherwise draws a Box-Muller pair and caches its sine half.
    /// The final `value * std + mean` is fused, like the uniform transform.
    func drawScalarNormal(mean: Double, std: Double) -> Double {
        if let cached = cachedNormal {
            cachedNormal = nil
            return mean.addingProduct(cached, std)
        }
        let u1 = drawUniformDouble()
        let u2 = drawUniformDouble()
        let radius = (-2.0 * log1p(-u2)).squareRoot()
        let theta = 2.0 * Double.pi * u1
        cachedNormal = radius * sin(theta)
        return mean.addingProduct(radius * cos(theta), std)
    }

    /// ATen's `normal_fill` for float32 (the AVX2 variant, whose vector `log` and
    /// `sincos` are reproduced in `CephesMath.swift`): uniforms for all
    /// `count` elements, each whole block of 16 transformed, then, when `count` is
    /// not a multiple of 16, 16 fresh uniforms for the last 16 elements, transformed.
    /// The uniforms are drawn and transformed a step at a time, which draws the
    /// same words in the same order.
    func drawNormalFill(into out: UnsafeMutablePointer<Float>, count: Int, mean: Float, std: Float) {
        let whole = count - count % 16
        let cancellation = count > Self.wordsPerStep ? Cancellation.current : nil
        var start = 0
        while start < whole {
            if start % Self.wordsBetweenChecks == 0 && start > 0 && Cancellation.shouldStop(cancellation) { return }
            let step = min(Self.wordsPerStep, whole - start)
            drawUniforms(into: out + start, count: step, from: 0, to: 1)
            for block in stride(from: start, to: start + step, by: 16) {
                Self.boxMuller16(out + block, mean: mean, std: std)
            }
            start += step
        }
        if count % 16 != 0 {
            drawUniforms(into: out + whole, count: count - whole, from: 0, to: 1)
            drawUniforms(into: out + count - 16, count: 16, from: 0, to: 1)
            Self.boxMuller16(out + count - 16, mean: mean, std: std)
        }
    }

    /// Turns 16 uniforms at `data` into 16 normals, as `normal_fill_16_AVX2`: the
    /// first eight give the radii, the last eight the angles; cosines land in the
    /// first half and sines in the second.
    static func boxMuller16(_ data: UnsafeMutablePointer<Float>, mean: Float, std: Float) {
        let raw = UnsafeMutableRawPointer(data)
        var fma = FusedMultiplyAdd()
        let u1 = 1 - raw.loadUnaligned(as: SIMD8<Float>.self)
        let u2 = raw.loadUnaligned(fromByteOffset: 32, as: SIMD8<Float>.self)
        let radius = (-2 * CephesMath.log(u1, &fma)).squareRoot()
        let theta = Float(2.0 * Double.pi) * u2
        let (sine, cosine) = CephesMath.sincos(theta, &fma)
        let n1 = radius * cosine
        let n2 = radius * sine
        let first: SIMD8<Float>, second: SIMD8<Float>
        if mean == 0 {
            // Rounding n · std once and adding zero is the fused n · std + 0.
            first = n1 * std + 0
            second = n2 * std + 0
        } else {
            first = fma(n1, SIMD8(repeating: std), SIMD8(repeating: mean))
            second = fma(n2, SIMD8(repeating: std), SIMD8(repeating: mean))
        }
        if fma.allExact {
            raw.storeBytes(of: first, as: SIMD8<Float>.self)
            raw.storeBytes(of: second, toByteOffset: 32, as: SIMD8<Float>.self)
        } else {
            scalarBoxMuller16(data, mean: mean, std: std)
        }
    }

    /// `boxMuller16` one lane at a time with the scalar `log`, `sincos` and
    /// `addingProduct`: the definition the vector version reproduces.
    static func scalarBoxMuller16(_ data: UnsafeMutablePointer<Float>, mean: Float, std: Float) {
        let twoPi = Float(2.0 * Double.pi)
        for j in 0..<8 {
            let u1 = 1 - data[j]
            let u2 = data[j + 8]
            let radius = (Float(-2) * CephesMath.log(u1)).squareRoot()
            let theta = twoPi * u2
            let (sine, cosine) = CephesMath.sincos(theta)
            let n1 = radius * cosine
            let n2 = radius * sine
            data[j] = mean.addingProduct(n1, std)
            data[j + 8] = mean.addingProduct(n2, std)
        }
    }
}
