import Foundation

/// ATen's CPU distributions, applied to the generator's draws in ATen's order.
extension Generator {
    /// `count` float32 numbers uniform in `[from, to)`, as `tensor.uniform_(from, to)`
    /// (and `torch.rand` with 0 and 1) gives them.
    ///
    /// Each number is one 32-bit draw: its low 24 bits scaled by 2⁻²⁴, then
    /// `x * (to - from) + from` in float32 (ATen's `uniform_real` with
    /// `dist_acctype<float> = float`), with the multiply and add fused into one
    /// rounding as PyTorch's x86-64 build compiles it.
    public func uniform(count: Int, from: Float = 0, to: Float = 1) -> [Float] {
        withLock { drawUniforms(count: count, from: from, to: to) }
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
        withLock {
            if count >= 16 {
                return drawNormalFill(count: count, mean: mean, std: std)
            }
            return (0..<max(count, 0)).map { _ in
                Float(drawScalarNormal(mean: Double(mean), std: Double(std)))
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

    func drawUniforms(count: Int, from: Float, to: Float) -> [Float] {
        let range = to - from
        return (0..<max(count, 0)).map { _ in
            let x = Float(drawUInt32() & 0x00ff_ffff) * (1.0 / 16_777_216.0)
            return from.addingProduct(x, range)
        }
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
    /// `sincos` are reproduced lane by lane in `Generator+CephesMath.swift`).
    func drawNormalFill(count: Int, mean: Float, std: Float) -> [Float] {
        var data = drawUniforms(count: count, from: 0, to: 1)
        var start = 0
        while start + 16 <= count {
            Self.boxMuller16(&data, at: start, mean: mean, std: std)
            start += 16
        }
        if count % 16 != 0 {
            let tail = count - 16
            let fresh = drawUniforms(count: 16, from: 0, to: 1)
            data.replaceSubrange(tail..<count, with: fresh)
            Self.boxMuller16(&data, at: tail, mean: mean, std: std)
        }
        return data
    }

    /// Turns 16 uniforms at `start` into 16 normals: the first eight give the
    /// radii, the last eight the angles; cosines land in the first half and sines
    /// in the second, as in `normal_fill_16_AVX2`.
    static func boxMuller16(_ data: inout [Float], at start: Int, mean: Float, std: Float) {
        let twoPi = Float(2.0 * Double.pi)
        for j in 0..<8 {
            let u1 = 1 - data[start + j]
            let u2 = data[start + j + 8]
            let radius = (Float(-2) * CephesMath.log(u1)).squareRoot()
            let theta = twoPi * u2
            let (sine, cosine) = CephesMath.sincos(theta)
            let n1 = radius * cosine
            let n2 = radius * sine
            data[start + j] = fusedMultiplyAdd(n1, std, mean)
            data[start + j + 8] = fusedMultiplyAdd(n2, std, mean)
        }
    }
}

/// `a * b + c` with a single rounding, like `_mm256_fmadd_ps`.
@inline(__always)
private func fusedMultiplyAdd(_ a: Float, _ b: Float, _ c: Float) -> Float {
    c.addingProduct(a, b)
}
