import Foundation

/// Arithmetic with broadcasting, between tensors and with scalars on either
/// side. Each operator's backward is written next to its forward.
extension Tensor {
    /// `self + other`.
    public func add(_ other: Tensor) throws -> Tensor {
        let (sa, sb) = (shape, other.shape)
        return try zipData(other, +).recordOperation("AddBackward0", inputs: [self, other]) { g, _, _ in
            [g.sumToShape(sa), g.sumToShape(sb)]
        }
    }

    /// `self - other`.
    public func sub(_ other: Tensor) throws -> Tensor {
        let (sa, sb) = (shape, other.shape)
        return try zipData(other, -).recordOperation("SubBackward0", inputs: [self, other]) { g, _, _ in
            [g.sumToShape(sa), g.negData().sumToShape(sb)]
        }
    }

    /// `self * other`.
    public func mul(_ other: Tensor) throws -> Tensor {
        let (sa, sb) = (shape, other.shape)
        // Each factor is saved only when the other one's gradient needs it, as PyTorch does.
        let (savesSelf, savesOther) = (other.requiresGrad, requiresGrad)
        let saving = (savesSelf ? [self] : []) + (savesOther ? [other] : [])
        return try zipData(other, *).recordOperation("MulBackward0", inputs: [self, other], saving: saving) { g, saved, needs in
            let a = savesSelf ? saved[0] : nil, b = savesOther ? saved[saved.count - 1] : nil
            return [needs[0] ? try g.zipData(b!, *).sumToShape(sa) : nil,
                    needs[1] ? try g.zipData(a!, *).sumToShape(sb) : nil]
        }
    }

    /// `self / other`.
    public func div(_ other: Tensor) throws -> Tensor {
        let (sa, sb) = (shape, other.shape)
        return try zipData(other, /).recordOperation("DivBackward0", inputs: [self, other], saving: [self, other]) { g, saved, needs in
            let (a, b) = (saved[0], saved[1])
            return [needs[0] ? try g.zipData(b, /).sumToShape(sa) : nil,
             needs[1] ? try g.zipData(a, *).zipData(b) { x, y in -x / (y * y) }.sumToShape(sb) : nil]
        }
    }

    /// `self + s`.
    public func add(_ s: Double) -> Tensor {
        let v = Float(s)
        return mapData { $0 + v }.recordOperation("AddBackward0", inputs: [self]) { g, _, _ in [g] }
    }

    /// `self - s`.
    public func sub(_ s: Double) -> Tensor {
        let v = Float(s)
        return mapData { $0 - v }.recordOperation("SubBackward0", inputs: [self]) { g, _, _ in [g] }
    }

    /// `s - self`.
    public func rsub(_ s: Double) -> Tensor {
        let v = Float(s)
        return mapData { v - $0 }.recordOperation("RsubBackward1", inputs: [self]) { g, _, _ in [g.negData()] }
    }

    /// `self * s`.
    public func mul(_ s: Double) -> Tensor {
        let v = Float(s)
        return mapData { $0 * v }.recordOperation("MulBackward0", inputs: [self]) { g, _, _ in [g.mapData { $0 * v }] }
    }

    /// `self / s`.
    public func div(_ s: Double) -> Tensor {
        let v = Float(s)
        return mapData { $0 / v }.recordOperation("DivBackward0", inputs: [self]) { g, _, _ in [g.mapData { $0 / v }] }
    }

    /// `1 / self`.
    public func reciprocal() -> Tensor {
        let out = mapData { 1 / $0 }
        return out.recordOperation("ReciprocalBackward0", inputs: [self], saving: [out]) { g, saved, _ in
            [try g.zipData(saved[0]) { g, y in -g * y * y }]
        }
    }

    /// `-self`.
    public func neg() -> Tensor {
        negData().recordOperation("NegBackward0", inputs: [self]) { g, _, _ in [g.negData()] }
    }

    func negData() -> Tensor { mapData { -$0 } }

    /// `self ** exponent` for a scalar exponent.
    public func pow(_ exponent: Double) -> Tensor {
        let e = Float(exponent)
        let out: Tensor
        if e == 2 { out = mapData { $0 * $0 } }
        else if e == 3 { out = mapData { $0 * $0 * $0 } }
        else if e == 0.5 { out = mapData { $0.squareRoot() } }
        else { out = mapData { Foundation.pow($0, e) } }
        return out.recordOperation("PowBackward0", inputs: [self], saving: [self]) { g, saved, _ in
            if e == 0 { return [g.mapData { _ in 0 }] }
            let d = e - 1
            return [try g.zipData(saved[0]) { g, x in g * e * (d == 1 ? x : d == 2 ? x * x : Foundation.pow(x, d)) }]
        }
    }

    /// `self ** exponent` element-wise for a tensor exponent.
    public func pow(_ exponent: Tensor) throws -> Tensor {
        let (sa, sb) = (shape, exponent.shape)
        let out = try zipData(exponent) { Foundation.pow($0, $1) }
        return out.recordOperation("PowBackward1", inputs: [self, exponent], saving: [self, exponent, out]) { g, saved, needs in
            let (x, e, y) = (saved[0], saved[1], saved[2])
            return [needs[0] ? try g.zipData(try x.zipData(e) { x, e in e * Foundation.pow(x, e - 1) }, *).sumToShape(sa) : nil,
             needs[1] ? try g.zipData(try y.zipData(x) { y, x in x > 0 ? y * Foundation.log(x) : 0 }, *).sumToShape(sb) : nil]
        }
    }

    /// `base ** self` for a scalar base.
    public func rpow(_ base: Double) -> Tensor {
        let b = Float(base), lb = Foundation.log(Float(base))
        let out = mapData { Foundation.pow(b, $0) }
        return out.recordOperation("PowBackward2", inputs: [self], saving: [out]) { g, saved, _ in
            [try g.zipData(saved[0]) { g, y in g * y * lb }]
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

    public static prefix func - (a: Tensor) -> Tensor { a.neg() }
}
