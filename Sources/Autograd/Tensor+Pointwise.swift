import Foundation

/// Element-wise logarithms, powers, rounding and signs, with PyTorch's backward
/// names. `pointwise` is the pattern every differentiable one-input function
/// here and in `Tensor+Trigonometry.swift` follows.
extension Tensor {
    /// Applies `f` element-wise, recording `name` whose backward multiplies the
    /// incoming gradient by `derivative(x, y)` (the input and output elements).
    /// Saves the input and the output for that backward.
    /// `double` and `doubleDerivative` are the same functions for float64 tensors.
    func pointwise(_ name: String, _ f: (Float) -> Float, _ double: (Double) -> Double,
                   derivative: @escaping (Float, Float) -> Float, _ doubleDerivative: @escaping (Double, Double) -> Double) -> Tensor {
        let out = mapData(f, double: double)
        return out.recordOperation(name, inputs: [self], saving: [self, out]) { g, saved, _ in
            [g.zipData(saved[0], saved[1], { g, x, y in g * derivative(x, y) }, double: { g, x, y in g * doubleDerivative(x, y) })]
        }
    }

    /// Applies a piecewise-constant `f` (rounding, sign): its gradient is zero
    /// everywhere, as PyTorch defines it. Integer tensors keep their values and dtype.
    private func piecewiseConstant(_ name: String, integer: ((Int64) -> Int64)? = nil, _ f: (Float) -> Float) -> Tensor {
        if dtype.isInteger {
            return Tensor(shape: shape, integers: int64s.map(integer ?? { $0 }), dtype: dtype)
        }
        let original = shape
        return mapData(f).recordOperation(name, inputs: [self]) { _, _, _ in [Tensor(zeros: original)] }
    }

    // MARK: Logarithms and exponentials

    /// The base-2 logarithm.
    public func log2() -> Tensor {
        pointwise("Log2Backward0", { Foundation.log2($0) }, { Foundation.log2($0) }, derivative: { x, _ in 1 / (x * Float(M_LN2)) }, { x, _ in 1 / (x * M_LN2) })
    }

    /// The base-10 logarithm.
    public func log10() -> Tensor {
        pointwise("Log10Backward0", { Foundation.log10($0) }, { Foundation.log10($0) }, derivative: { x, _ in 1 / (x * Float(M_LN10)) }, { x, _ in 1 / (x * M_LN10) })
    }

    /// `log(1 + self)`, accurate for small values.
    public func log1p() -> Tensor {
        pointwise("Log1PBackward0", { Foundation.log1p($0) }, { Foundation.log1p($0) }, derivative: { x, _ in 1 / (1 + x) }, { x, _ in 1 / (1 + x) })
    }

    /// `exp(self) - 1`, accurate for small values.
    public func expm1() -> Tensor {
        pointwise("Expm1Backward0", { Foundation.expm1($0) }, { Foundation.expm1($0) }, derivative: { _, y in y + 1 }, { _, y in y + 1 })
    }

    // MARK: Powers

    /// `1 / sqrt(self)`.
    public func rsqrt() -> Tensor {
        pointwise("RsqrtBackward0", { 1 / $0.squareRoot() }, { 1 / $0.squareRoot() }, derivative: { _, y in -0.5 * y * y * y }, { _, y in -0.5 * y * y * y })
    }

    /// `self * self` (PyTorch's `square`, which is `pow(self, 2)`).
    public func square() -> Tensor { pow(2) }

    // MARK: Rounding and signs

    /// The largest integer not above each element.
    public func floor() -> Tensor { piecewiseConstant("FloorBackward0") { $0.rounded(.down) } }

    /// The smallest integer not below each element.
    public func ceil() -> Tensor { piecewiseConstant("CeilBackward0") { $0.rounded(.up) } }

    /// The nearest integer, halves to even (PyTorch's `round`).
    public func round() -> Tensor { piecewiseConstant("RoundBackward0") { $0.rounded(.toNearestOrEven) } }

    /// `round(self * 10**decimals) / 10**decimals` (PyTorch's `round(decimals:)`).
    public func round(decimals: Int) -> Tensor {
        if decimals == 0 { return round() }
        let scale = Float(Foundation.pow(10.0, Double(decimals)))
        return piecewiseConstant("RoundBackward1") { ($0 * scale).rounded(.toNearestOrEven) / scale }
    }

    /// The integer part, rounding toward zero.
    public func trunc() -> Tensor { piecewiseConstant("TruncBackward0") { $0.rounded(.towardZero) } }

    /// -1, 0 or 1 by the sign of each element (0 for zeros, NaN for NaN).
    public func sign() -> Tensor {
        piecewiseConstant("SignBackward0", integer: { $0.signum() }) { $0 > 0 ? 1 : $0 < 0 ? -1 : $0.isNaN ? $0 : 0 }
    }

    // MARK: Remainders

    /// The remainder of truncated division, with the dividend's sign (C's `fmod`).
    public func fmod(_ divisor: Double) -> Tensor {
        let d = Float(divisor)
        return mapData({ Foundation.fmod($0, d) }, double: { Foundation.fmod($0, divisor) }).recordOperation("FmodBackward0", inputs: [self]) { g, _, _ in [g] }
    }

    /// The remainder of floored division, with the divisor's sign (Python's `%`).
    public func remainder(_ divisor: Double) -> Tensor {
        let d = Float(divisor)
        return mapData({ Tensor.floorRemainder($0, d) }, double: { Tensor.floorRemainder($0, divisor) }).recordOperation("RemainderBackward0", inputs: [self]) { g, _, _ in [g] }
    }

    /// `fmod` element-wise by a tensor of divisors (broadcasting).
    public func fmod(_ divisor: Tensor) throws -> Tensor {
        let (sa, sb) = (shape, divisor.shape)
        return try zipData(divisor, { Foundation.fmod($0, $1) }, double: { Foundation.fmod($0, $1) })
            .recordOperation("FmodBackward1", inputs: [self, divisor], saving: [self, divisor]) { g, saved, needs in
                let (a, b) = (saved[0], saved[1])
                return [needs[0] ? g.sumToShape(sa) : nil,
                 needs[1] ? try g.zipData(try a.zipData(b, { ($0 / $1).rounded(.towardZero) }, double: { ($0 / $1).rounded(.towardZero) }), { -$0 * $1 }, double: { -$0 * $1 }).sumToShape(sb) : nil]
            }
    }

    /// `remainder` by an integer: integer tensors stay integers (Python's `%`).
    public func remainder(integer divisor: Int) throws -> Tensor {
        if dtype.isFloatingPoint { return remainder(Double(divisor)) }
        guard divisor != 0 else { throw TensorError("ZeroDivisionError") }
        return integerData(Int64(divisor), as: resultType(.integer), Tensor.floorRemainder)
    }

    /// Python's integer `%`: the remainder with the divisor's sign.
    static func floorRemainder(_ a: Int64, _ b: Int64) -> Int64 {
        if b == 0 { return 0 }
        let r = a.remainderReportingOverflow(dividingBy: b).partialValue
        return r != 0 && (r < 0) != (b < 0) ? r + b : r
    }

    /// `remainder` element-wise by a tensor of divisors (broadcasting).
    public func remainder(_ divisor: Tensor) throws -> Tensor {
        let type = resultType(divisor)
        if !type.isFloatingPoint {
            if divisor.int64s.contains(0) { throw TensorError("ZeroDivisionError") }
            return try Tensor.integerData(self, divisor, as: type, Tensor.floorRemainder)
        }
        let (sa, sb) = (shape, divisor.shape)
        return try zipData(divisor, { Tensor.floorRemainder($0, $1) }, double: { Tensor.floorRemainder($0, $1) })
            .recordOperation("RemainderBackward1", inputs: [self, divisor], saving: [self, divisor]) { g, saved, needs in
                let (a, b) = (saved[0], saved[1])
                return [needs[0] ? g.sumToShape(sa) : nil,
                 needs[1] ? try g.zipData(try a.zipData(b, { ($0 / $1).rounded(.down) }, double: { ($0 / $1).rounded(.down) }), { -$0 * $1 }, double: { -$0 * $1 }).sumToShape(sb) : nil]
            }
    }

    /// ATen's floating remainder: `fmod`, moved into the divisor's sign.
    static func floorRemainder<T: BinaryFloatingPoint>(_ a: T, _ b: T) -> T {
        var r = a.truncatingRemainder(dividingBy: b)
        if r != 0 && (b < 0) != (r < 0) { r += b }
        return r
    }

    // MARK: Checks

    /// True where an element is NaN (a bool tensor).
    public func isnan() -> Tensor { Tensor(shape: shape, bools: floats.map(\.isNaN)) }

    /// True where an element is infinite (a bool tensor).
    public func isinf() -> Tensor { Tensor(shape: shape, bools: floats.map(\.isInfinite)) }

    /// True where an element is finite (a bool tensor).
    public func isfinite() -> Tensor { Tensor(shape: shape, bools: floats.map(\.isFinite)) }
}
