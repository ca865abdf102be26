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
    private static let logP: [Float] = [
        7.0376836292E-2, -1.1514610310E-1, 1.1676998740E-1, -1.2420140846E-1,
        1.4249322787E-1, -1.6668057665E-1, 2.0000714765E-1, -2.4999993993E-1,
        3.3333331174E-1,
    ].map { (value: Double) in Float(value) }
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
        var y = logP[0]
        for coefficient in logP.dropFirst() {
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
}
