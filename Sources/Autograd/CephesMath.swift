/// The float32 `log` and `sincos` that PyTorch's AVX2 `normal_fill` uses
/// (`avx_mathfun.h`, Cephes polynomials), evaluated one lane at a time with the
/// same operations in the same order, so the normals match PyTorch's bit for bit.
///
/// Every constant is written as C writes it: a double literal rounded to float.
/// PyTorch's x86-64 build is compiled with FMA enabled and GCC's default
/// contraction, which fuses each multiply feeding an add into one fused
/// multiply-add; the same pairs are fused here (`addingProduct`). With them the
/// normals agree bit for bit with PyTorch's (all 11 million of the seed-0
/// ResNet18 initialisation); rounding each step separately differs by up to 3 ulp.
enum CephesMath {
    private static let sqrtHalf = Float(0.707106781186547524 as Double)
    private static let logP0 = Float(7.0376836292E-2 as Double)
    private static let logP1 = Float(-1.1514610310E-1 as Double)
    private static let logP2 = Float(1.1676998740E-1 as Double)
    private static let logP3 = Float(-1.2420140846E-1 as Double)
    private static let logP4 = Float(1.4249322787E-1 as Double)
    private static let logP5 = Float(-1.6668057665E-1 as Double)
    private static let logP6 = Float(2.0000714765E-1 as Double)
    private static let logP7 = Float(-2.4999993993E-1 as Double)
    private static let logP8 = Float(3.3333331174E-1 as Double)
    private static let logQ1 = Float(-2.12194440e-4 as Double)
    private static let logQ2 = Float(0.693359375 as Double)

    private static let minusDP1 = Float(-0.78515625 as Double)
    private static let minusDP2 = Float(-2.4187564849853515625e-4 as Double)
    private static let minusDP3 = Float(-3.77489497744594108e-8 as Double)
    private static let sinP0 = Float(-1.9515295891E-4 as Double)
    private static let sinP1 = Float(8.3321608736E-3 as Double)
    private static let sinP2 = Float(-1.6666654611E-1 as Double)
    private static let cosP0 = Float(2.443315711809948E-005 as Double)
    private static let cosP1 = Float(-1.388731625493765E-003 as Double)
    private static let cosP2 = Float(4.166664568298827E-002 as Double)
    private static let fourOverPi = Float(1.27323954473516 as Double)

    /// Natural logarithm (`log256_ps`); NaN for `x <= 0`.
    static func log(_ input: Float) -> Float {
        let invalid = input <= 0
        var x = max(input, Float(bitPattern: 0x0080_0000))  // cut off denormals
        var exponent = Int32(bitPattern: x.bitPattern >> 23)
        // Keep the mantissa, with the exponent of 0.5.
        x = Float(bitPattern: (x.bitPattern & ~UInt32(0x7f80_0000)) | Float(0.5).bitPattern)
        exponent -= 0x7f
        var e = Float(exponent)
        e = e + 1

        let below = x < sqrtHalf
        let tmp: Float = below ? x : 0
        x = x - 1
        e = e - (below ? 1 : 0)
        x = x + tmp

        let z = x * x
        var y = logP0
        for coefficient in [logP1, logP2, logP3, logP4, logP5, logP6, logP7, logP8] {
            y = coefficient.addingProduct(y, x)
        }
        y = y * x
        let t1 = e * logQ1
        y = t1.addingProduct(y, z)
        y = y - z * 0.5
        x = x + y
        x = x.addingProduct(e, logQ2)
        return invalid ? .nan : x
    }

    /// Sine and cosine together (`sincos256_ps`); accurate for |x| < 8192.
    static func sincos(_ input: Float) -> (sin: Float, cos: Float) {
        var signSin = input.bitPattern & 0x8000_0000
        var x = Float(bitPattern: input.bitPattern & 0x7fff_ffff)

        var y = x * fourOverPi
        // cvttps: truncation, with the "integer indefinite" value out of range.
        var j: Int32 = (y.isFinite && y < 2_147_483_648) ? Int32(y) : .min
        j = (j &+ 1) & ~1
        y = Float(j)

        let swapSin = UInt32(bitPattern: (j & 4) << 29)
        let useSinPolynomial = (j & 2) == 0

        x = x.addingProduct(y, minusDP1)
        x = x.addingProduct(y, minusDP2)
        x = x.addingProduct(y, minusDP3)

        let signCos = UInt32(bitPattern: (~(j &- 2) & 4) << 29)
        signSin ^= swapSin

        let z = x * x
        var c = cosP0
        c = cosP1.addingProduct(c, z)
        c = cosP2.addingProduct(c, z)
        c = c * z
        c = (-(z * 0.5)).addingProduct(c, z)
        c = c + 1

        var s = sinP0
        s = sinP1.addingProduct(s, z)
        s = sinP2.addingProduct(s, z)
        s = s * z
        s = x.addingProduct(s, x)

        let sinFromSin: Float = useSinPolynomial ? s : 0
        let sinFromCos: Float = useSinPolynomial ? 0 : c
        s = s - sinFromSin
        c = c - sinFromCos
        let sine = sinFromCos + sinFromSin
        let cosine = c + s
        return (Float(bitPattern: sine.bitPattern ^ signSin),
                Float(bitPattern: cosine.bitPattern ^ signCos))
    }

    // MARK: - Eight lanes at once

    /// `log` on eight lanes: the scalar `log`'s operations in the same order, with
    /// each fused pair going through `fma`.
    static func log(_ input: SIMD8<Float>, _ fma: inout Generator.FusedMultiplyAdd) -> SIMD8<Float> {
        let invalid = input .<= 0
        var x = input.replacing(with: Float(bitPattern: 0x0080_0000), where: input .< Float(bitPattern: 0x0080_0000))
        let bits = unsafeBitCast(x, to: SIMD8<UInt32>.self)
        var exponent = unsafeBitCast(bits &>> 23, to: SIMD8<Int32>.self)
        x = unsafeBitCast((bits & ~UInt32(0x7f80_0000)) | Float(0.5).bitPattern, to: SIMD8<Float>.self)
        exponent &-= 0x7f
        var e = floatFromSmallInteger(exponent)
        e = e + 1

        let below = x .< sqrtHalf
        let tmp = SIMD8<Float>().replacing(with: x, where: below)
        x = x - 1
        e = e - SIMD8<Float>().replacing(with: 1, where: below)
        x = x + tmp

        let z = x * x
        var y = SIMD8<Float>(repeating: logP0)
        y = fma(y, x, SIMD8(repeating: logP1))
        y = fma(y, x, SIMD8(repeating: logP2))
        y = fma(y, x, SIMD8(repeating: logP3))
        y = fma(y, x, SIMD8(repeating: logP4))
        y = fma(y, x, SIMD8(repeating: logP5))
        y = fma(y, x, SIMD8(repeating: logP6))
        y = fma(y, x, SIMD8(repeating: logP7))
        y = fma(y, x, SIMD8(repeating: logP8))
        y = y * x
        let t1 = e * logQ1
        y = fma(y, z, t1)
        y = y - z * 0.5
        x = x + y
        // e · logQ2 is exact in float (at most 8 and 9 significant bits), so the
        // fused form rounds only the sum, as this does.
        x = x + e * logQ2
        return x.replacing(with: .nan, where: invalid)
    }

    /// `sincos` on eight lanes: the scalar `sincos`'s operations in the same order,
    /// with each fused pair going through `fma`.
    static func sincos(_ input: SIMD8<Float>, _ fma: inout Generator.FusedMultiplyAdd) -> (sin: SIMD8<Float>, cos: SIMD8<Float>) {
        let inputBits = unsafeBitCast(input, to: SIMD8<UInt32>.self)
        var signSin = inputBits & 0x8000_0000
        var x = unsafeBitCast(inputBits & 0x7fff_ffff, to: SIMD8<Float>.self)

        var y = x * fourOverPi
        // Lanes from 8192 up (beyond the polynomials' accurate range) or NaN take
        // the scalar path; below it j has at most 13 significant bits.
        fma.requireScalar(where: .!(y .< 8192))
        var j = truncateSmall(y)
        j = (j &+ 1) & ~1
        y = floatFromSmallInteger(j)

        let swapSin = unsafeBitCast((j & 4) &<< 29, to: SIMD8<UInt32>.self)
        // All ones where the sine polynomial gives the sine ((j & 2) == 0), else zero:
        // selecting with bit masks keeps the whole function in vector registers.
        let sinPolynomialLanes = unsafeBitCast(((j & 2) &>> 1) &- 1, to: SIMD8<UInt32>.self)

        // y · minusDP1 and y · minusDP2 are exact in float (minusDP1 and minusDP2
        // have 8 and 11 significant bits), so only the sums round, as when fused.
        x = x + y * minusDP1
        x = x + y * minusDP2
        x = fma(y, SIMD8(repeating: minusDP3), x)

        let signCos = unsafeBitCast((~(j &- 2) & 4) &<< 29, to: SIMD8<UInt32>.self)
        signSin ^= swapSin

        let z = x * x
        var c = SIMD8<Float>(repeating: cosP0)
        c = fma(c, z, SIMD8(repeating: cosP1))
        c = fma(c, z, SIMD8(repeating: cosP2))
        c = c * z
        c = fma(c, z, -(z * 0.5))
        c = c + 1

        var s = SIMD8<Float>(repeating: sinP0)
        s = fma(s, z, SIMD8(repeating: sinP1))
        s = fma(s, z, SIMD8(repeating: sinP2))
        s = s * z
        s = fma(s, x, x)

        let sinFromSin = unsafeBitCast(unsafeBitCast(s, to: SIMD8<UInt32>.self) & sinPolynomialLanes, to: SIMD8<Float>.self)
        let sinFromCos = unsafeBitCast(unsafeBitCast(c, to: SIMD8<UInt32>.self) & ~sinPolynomialLanes, to: SIMD8<Float>.self)
        s = s - sinFromSin
        c = c - sinFromCos
        let sine = sinFromCos + sinFromSin
        let cosine = c + s
        return (unsafeBitCast(unsafeBitCast(sine, to: SIMD8<UInt32>.self) ^ signSin, to: SIMD8<Float>.self),
                unsafeBitCast(unsafeBitCast(cosine, to: SIMD8<UInt32>.self) ^ signCos, to: SIMD8<Float>.self))
    }

    /// `Float(value)` for lanes of magnitude below 2²²: the integer placed in the
    /// mantissa of 1.5 · 2²³, then that bias subtracted (both exact).
    @inline(__always)
    private static func floatFromSmallInteger(_ value: SIMD8<Int32>) -> SIMD8<Float> {
        unsafeBitCast(value &+ 0x4b40_0000, to: SIMD8<Float>.self) - 12_582_912
    }

    /// `Int32(value)`, truncating, for lanes in `[0, 2²²)`: adding 2²³ rounds to
    /// the nearest integer, which is one too large where it rounded up.
    @inline(__always)
    private static func truncateSmall(_ value: SIMD8<Float>) -> SIMD8<Int32> {
        let shifted = value + 8_388_608
        let nearest = unsafeBitCast(shifted, to: SIMD8<Int32>.self) &- 0x4b00_0000
        let roundedUp = (shifted - 8_388_608) .> value
        return nearest &- SIMD8<Int32>().replacing(with: 1, where: roundedUp)
    }
}
