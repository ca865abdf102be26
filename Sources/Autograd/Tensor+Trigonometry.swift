import Foundation

/// Trigonometric and hyperbolic functions, element-wise, with PyTorch's backwards.
extension Tensor {
    /// The sine (radians).
    public func sin() -> Tensor {
        pointwise("SinBackward0", { Foundation.sin($0) }, { Foundation.sin($0) }, derivative: { x, _ in Foundation.cos(x) }, { x, _ in Foundation.cos(x) })
    }

    /// The cosine (radians).
    public func cos() -> Tensor {
        pointwise("CosBackward0", { Foundation.cos($0) }, { Foundation.cos($0) }, derivative: { x, _ in -Foundation.sin(x) }, { x, _ in -Foundation.sin(x) })
    }

    /// The tangent (radians).
    public func tan() -> Tensor {
        pointwise("TanBackward0", { Foundation.tan($0) }, { Foundation.tan($0) }, derivative: { _, y in 1 + y * y }, { _, y in 1 + y * y })
    }

    /// The arcsine, in `[-π/2, π/2]`.
    public func asin() -> Tensor {
        pointwise("AsinBackward0", { Foundation.asin($0) }, { Foundation.asin($0) }, derivative: { x, _ in 1 / (1 - x * x).squareRoot() }, { x, _ in 1 / (1 - x * x).squareRoot() })
    }

    /// The arccosine, in `[0, π]`.
    public func acos() -> Tensor {
        pointwise("AcosBackward0", { Foundation.acos($0) }, { Foundation.acos($0) }, derivative: { x, _ in -1 / (1 - x * x).squareRoot() }, { x, _ in -1 / (1 - x * x).squareRoot() })
    }

    /// The arctangent, in `(-π/2, π/2)`.
    public func atan() -> Tensor {
        pointwise("AtanBackward0", { Foundation.atan($0) }, { Foundation.atan($0) }, derivative: { x, _ in 1 / (1 + x * x) }, { x, _ in 1 / (1 + x * x) })
    }

    /// The hyperbolic sine.
    public func sinh() -> Tensor {
        pointwise("SinhBackward0", { Foundation.sinh($0) }, { Foundation.sinh($0) }, derivative: { x, _ in Foundation.cosh(x) }, { x, _ in Foundation.cosh(x) })
    }

    /// The hyperbolic cosine.
    public func cosh() -> Tensor {
        pointwise("CoshBackward0", { Foundation.cosh($0) }, { Foundation.cosh($0) }, derivative: { x, _ in Foundation.sinh(x) }, { x, _ in Foundation.sinh(x) })
    }

    /// The angle of the point `(other, self)`, element-wise with broadcasting (`atan2(y, x)`).
    public func atan2(_ other: Tensor) throws -> Tensor {
        let (sa, sb) = (shape, other.shape)
        return try zipData(other, { Foundation.atan2($0, $1) }, double: { Foundation.atan2($0, $1) })
            .recordOperation("Atan2Backward0", inputs: [self, other], saving: [self, other]) { g, saved, needs in
                let (a, b) = (saved[0], saved[1])
                return [needs[0] ? try g.zipData(try a.zipData(b, { a, b in b / (a * a + b * b) }, double: { a, b in b / (a * a + b * b) }), *, double: *).sumToShape(sa) : nil,
                 needs[1] ? try g.zipData(try a.zipData(b, { a, b in -a / (a * a + b * b) }, double: { a, b in -a / (a * a + b * b) }), *, double: *).sumToShape(sb) : nil]
            }
    }
}
