import Foundation

/// Arithmetic with broadcasting, between tensors and with scalars on either
/// side. Each operator's backward is written next to its forward.
extension Tensor {
    /// `self + other`.
    public func add(_ other: Tensor) throws -> Tensor {
        let type = resultType(other)
        if !type.isFloatingPoint { return try Tensor.integerData(self, other, as: type, &+) }
        let (sa, sb) = (shape, other.shape)
        return try zipData(other, +, double: +).recordOperation("AddBackward0", inputs: [self, other]) { g, _, _ in
            [g.sumToShape(sa), g.sumToShape(sb)]
        }
    }

    /// `self - other`.
    public func sub(_ other: Tensor) throws -> Tensor {
        let type = resultType(other)
        if dtype == .bool && other.dtype == .bool {
            throw TensorError("Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or `logical_xor()` operator instead.")
        }
        if dtype == .bool || other.dtype == .bool {
            throw TensorError("Subtraction, the `-` operator, with a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.")
        }
        if !type.isFloatingPoint { return try Tensor.integerData(self, other, as: type, &-) }
        let (sa, sb) = (shape, other.shape)
        return try zipData(other, -, double: -).recordOperation("SubBackward0", inputs: [self, other]) { g, _, _ in
            [g.sumToShape(sa), g.negData().sumToShape(sb)]
        }
    }

    /// `self * other`.
    public func mul(_ other: Tensor) throws -> Tensor {
        let type = resultType(other)
        if !type.isFloatingPoint { return try Tensor.integerData(self, other, as: type, &*) }
        let (sa, sb) = (shape, other.shape)
        // Each factor is saved only when the other one's gradient needs it, as PyTorch does.
        let (savesSelf, savesOther) = (other.requiresGrad, requiresGrad)
        let saving = (savesSelf ? [self] : []) + (savesOther ? [other] : [])
        return try zipData(other, *, double: *).recordOperation("MulBackward0", inputs: [self, other], saving: saving) { g, saved, needs in
            let a = savesSelf ? saved[0] : nil, b = savesOther ? saved[saved.count - 1] : nil
            return [needs[0] ? try g.zipData(b!, *, double: *).sumToShape(sa) : nil,
                    needs[1] ? try g.zipData(a!, *, double: *).sumToShape(sb) : nil]
        }
    }

    /// `self / other`.
    public func div(_ other: Tensor) throws -> Tensor {
        let (sa, sb) = (shape, other.shape)
        return try zipData(other, /, double: /).recordOperation("DivBackward0", inputs: [self, other], saving: [self, other]) { g, saved, needs in
            let (a, b) = (saved[0], saved[1])
            return [needs[0] ? try g.zipData(b, /, double: /).sumToShape(sa) : nil,
             needs[1] ? try g.zipData(a, *, double: *).zipData(b, { x, y in -x / (y * y) }, double: { x, y in -x / (y * y) }).sumToShape(sb) : nil]
        }
    }

    /// `self + s`.
    public func add(_ s: Double) -> Tensor {
        let v = Float(s)
        return mapData({ $0 + v }, double: { $0 + s }).recordOperation("AddBackward0", inputs: [self]) { g, _, _ in [g] }
    }

    /// `self - s`.
    public func sub(_ s: Double) -> Tensor {
        let v = Float(s)
        return mapData({ $0 - v }, double: { $0 - s }).recordOperation("SubBackward0", inputs: [self]) { g, _, _ in [g] }
    }

    /// `s - self`.
    public func rsub(_ s: Double) -> Tensor {
        let v = Float(s)
        return mapData({ v - $0 }, double: { s - $0 }).recordOperation("RsubBackward1", inputs: [self]) { g, _, _ in [g.negData()] }
    }

    /// `self * s`.
    public func mul(_ s: Double) -> Tensor {
        let v = Float(s)
        return mapData({ $0 * v }, double: { $0 * s }).recordOperation("MulBackward0", inputs: [self]) { g, _, _ in [g.mapData({ $0 * v }, double: { $0 * s })] }
    }

    /// `self / s`.
    public func div(_ s: Double) -> Tensor {
        let v = Float(s)
        return mapData({ $0 / v }, double: { $0 / s }).recordOperation("DivBackward0", inputs: [self]) { g, _, _ in [g.mapData({ $0 / v }, double: { $0 / s })] }
    }

    /// `1 / self`.
    public func reciprocal() -> Tensor {
        let out = mapData({ 1 / $0 }, double: { 1 / $0 })
        return out.recordOperation("ReciprocalBackward0", inputs: [self], saving: [out]) { g, saved, _ in
            [try g.zipData(saved[0], { g, y in -g * y * y }, double: { g, y in -g * y * y })]
        }
    }

    /// `-self`.
    public func neg() -> Tensor {
        if dtype.isInteger { return integerData(0, as: dtype) { x, _ in 0 &- x } }
        return negData().recordOperation("NegBackward0", inputs: [self]) { g, _, _ in [g.negData()] }
    }

    func negData() -> Tensor { mapData({ -$0 }, double: { -$0 }) }

    // MARK: Integer numbers

    /// `self + s`: integer tensors stay integers, floating ones add `Double(s)`.
    public func add(_ s: Int) -> Tensor {
        dtype.isFloatingPoint ? add(Double(s)) : integerData(Int64(s), as: resultType(.integer), &+)
    }

    /// `self - s`.
    public func sub(_ s: Int) -> Tensor {
        dtype.isFloatingPoint ? sub(Double(s)) : integerData(Int64(s), as: resultType(.integer), &-)
    }

    /// `s - self`.
    public func rsub(_ s: Int) -> Tensor {
        dtype.isFloatingPoint ? rsub(Double(s)) : integerData(Int64(s), as: resultType(.integer)) { x, s in s &- x }
    }

    /// `self * s`.
    public func mul(_ s: Int) -> Tensor {
        dtype.isFloatingPoint ? mul(Double(s)) : integerData(Int64(s), as: resultType(.integer), &*)
    }

    /// `self / s`: true division, float32 for integer tensors.
    public func div(_ s: Int) -> Tensor { div(Double(s)) }

    /// `self ** s`: integer tensors stay integers (PyTorch's error for a negative power).
    public func pow(integer s: Int) throws -> Tensor {
        if dtype.isFloatingPoint { return pow(Double(s)) }
        guard s >= 0 else { throw TensorError("Integers to negative integer powers are not allowed.") }
        return integerData(Int64(s), as: resultType(.integer), Tensor.integerPower)
    }

    /// `base ** exponent` by squaring, wrapping on overflow as C++ integers do.
    static func integerPower(_ base: Int64, _ exponent: Int64) -> Int64 {
        var result: Int64 = 1, b = base, e = exponent
        while e > 0 {
            if e & 1 == 1 { result = result &* b }
            b = b &* b
            e >>= 1
        }
        return result
    }

    /// `self ** exponent` for a scalar exponent.
    public func pow(_ exponent: Double) -> Tensor {
        let e = Float(exponent)
        let out: Tensor
        if e == 2 { out = mapData({ $0 * $0 }, double: { $0 * $0 }) }
        else if e == 3 { out = mapData({ $0 * $0 * $0 }, double: { $0 * $0 * $0 }) }
        else if e == 0.5 { out = mapData({ $0.squareRoot() }, double: { $0.squareRoot() }) }
        else { out = mapData({ Foundation.pow($0, e) }, double: { Foundation.pow($0, exponent) }) }
        return out.recordOperation("PowBackward0", inputs: [self], saving: [self]) { g, saved, _ in
            if e == 0 { return [g.mapData({ _ in 0 }, double: { _ in 0 })] }
            let d = e - 1
            return [try g.zipData(saved[0], { g, x in g * e * (d == 1 ? x : d == 2 ? x * x : Foundation.pow(x, d)) }, double: { g, x in g * exponent * ((exponent - 1) == 1 ? x : (exponent - 1) == 2 ? x * x : Foundation.pow(x, (exponent - 1))) })]
        }
    }

    /// `self ** exponent` element-wise for a tensor exponent.
    public func pow(_ exponent: Tensor) throws -> Tensor {
        let type = resultType(exponent)
        if !type.isFloatingPoint {
            if exponent.dtype != .bool && exponent.int64s.contains(where: { $0 < 0 }) {
                throw TensorError("Integers to negative integer powers are not allowed.")
            }
            return try Tensor.integerData(self, exponent, as: type, Tensor.integerPower)
        }
        let (sa, sb) = (shape, exponent.shape)
        let out = try zipData(exponent, { Foundation.pow($0, $1) }, double: { Foundation.pow($0, $1) })
        return out.recordOperation("PowBackward1", inputs: [self, exponent], saving: [self, exponent, out]) { g, saved, needs in
            let (x, e, y) = (saved[0], saved[1], saved[2])
            return [needs[0] ? try g.zipData(try x.zipData(e, { x, e in e * Foundation.pow(x, e - 1) }, double: { x, e in e * Foundation.pow(x, e - 1) }), *, double: *).sumToShape(sa) : nil,
             needs[1] ? try g.zipData(try y.zipData(x, { y, x in x > 0 ? y * Foundation.log(x) : 0 }, double: { y, x in x > 0 ? y * Foundation.log(x) : 0 }), *, double: *).sumToShape(sb) : nil]
        }
    }

    /// `base ** self` for a scalar base.
    public func rpow(_ base: Double) -> Tensor {
        let b = Float(base), lb = Foundation.log(Float(base))
        let out = mapData({ Foundation.pow(b, $0) }, double: { Foundation.pow(base, $0) })
        return out.recordOperation("PowBackward2", inputs: [self], saving: [out]) { g, saved, _ in
            [try g.zipData(saved[0], { g, y in g * y * lb }, double: { g, y in g * y * Foundation.log(base) })]
        }
    }
}

// MARK: Operators

/// `**` is power, binding tighter than `*` (as in Python).
precedencegroup PowerPrecedence {
    higherThan: MultiplicationPrecedence
    associativity: right
}
infix operator ** : PowerPrecedence

extension Tensor {
    public static func + (a: Tensor, b: Tensor) throws -> Tensor { try a.add(b) }
    public static func - (a: Tensor, b: Tensor) throws -> Tensor { try a.sub(b) }
    public static func * (a: Tensor, b: Tensor) throws -> Tensor { try a.mul(b) }
    public static func / (a: Tensor, b: Tensor) throws -> Tensor { try a.div(b) }
    public static func ** (a: Tensor, b: Tensor) throws -> Tensor { try a.pow(b) }

    public static func + (a: Tensor, s: Double) -> Tensor { a.add(s) }
    public static func - (a: Tensor, s: Double) -> Tensor { a.sub(s) }
    public static func * (a: Tensor, s: Double) -> Tensor { a.mul(s) }
    public static func / (a: Tensor, s: Double) -> Tensor { a.div(s) }
    public static func ** (a: Tensor, s: Double) -> Tensor { a.pow(s) }

    public static func + (s: Double, a: Tensor) -> Tensor { a.add(s) }
    public static func - (s: Double, a: Tensor) -> Tensor { a.rsub(s) }
    public static func * (s: Double, a: Tensor) -> Tensor { a.mul(s) }
    public static func / (s: Double, a: Tensor) -> Tensor { a.reciprocal().mul(s) }
    public static func ** (s: Double, a: Tensor) -> Tensor { a.rpow(s) }

    public static func + (a: Tensor, s: Int) -> Tensor { a.add(s) }
    public static func - (a: Tensor, s: Int) -> Tensor { a.sub(s) }
    public static func * (a: Tensor, s: Int) -> Tensor { a.mul(s) }
    public static func / (a: Tensor, s: Int) -> Tensor { a.div(s) }

    public static func + (s: Int, a: Tensor) -> Tensor { a.add(s) }
    public static func - (s: Int, a: Tensor) -> Tensor { a.rsub(s) }
    public static func * (s: Int, a: Tensor) -> Tensor { a.mul(s) }
    public static func / (s: Int, a: Tensor) -> Tensor { a.reciprocal().mul(Double(s)) }

    public static prefix func - (a: Tensor) -> Tensor { a.neg() }
}
