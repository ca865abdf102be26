import Foundation

/// The activation functions of `torch.nn.functional` beyond ReLU, sigmoid and
/// tanh, each with its backward, computed in float32 with ATen's CPU formulas.
extension Tensor {
    /// `x` where positive, else `negativeSlope · x`, PyTorch's `leaky_relu`.
    public func leakyRelu(negativeSlope: Double = 0.01) -> Tensor {
        let slope = Float(negativeSlope)
        let out = mapData({ $0 > 0 ? $0 : $0 * slope }, double: { $0 > 0 ? $0 : $0 * negativeSlope })
        return out.recordOperation("LeakyReluBackward0", inputs: [self], saving: [self]) { g, saved, _ in
            [try g.zipData(saved[0], { g, x in x > 0 ? g : g * slope }, double: { g, x in x > 0 ? g : g * negativeSlope })]
        }
    }

    /// `x` clamped to `minVal...maxVal`, PyTorch's `hardtanh`; NaN stays NaN.
    ///
    /// Records `HardtanhBackward0`, which passes the gradient strictly inside the range.
    public func hardtanh(minVal: Double = -1, maxVal: Double = 1) -> Tensor {
        let low = Float(minVal), high = Float(maxVal)
        let out = mapData { $0 < low ? low : ($0 > high ? high : $0) }
        return out.recordOperation("HardtanhBackward0", inputs: [self], saving: [self]) { g, saved, _ in
            [try g.zipData(saved[0]) { g, x in x <= low || x >= high ? 0 : g }]
        }
    }

    /// `min(max(x, 0), 6)`, PyTorch's `relu6`: `hardtanh(x, 0, 6)`, recording `HardtanhBackward0` as it does.
    public func relu6() -> Tensor { hardtanh(minVal: 0, maxVal: 6) }

    /// The Gaussian error linear unit `x · Φ(x)`, PyTorch's `gelu`; `approximate`
    /// is `"none"` (the exact form with `erf`) or `"tanh"`
    /// (`0.5 x (1 + tanh(√(2/π) (x + 0.044715 x³)))`).
    public func gelu(approximate: String = "none") throws -> Tensor {
        let kBeta = Float(2.0.squareRoot() * (2 / Double.pi.squareRoot()) * 0.5), kKappa: Float = 0.044715
        let sqrtHalf = Float(0.5.squareRoot())
        let kAlpha = Float((2 / Double.pi.squareRoot()) * 0.5.squareRoot() * 0.5)
        // The same constants in double precision, for float64 tensors.
        let betaD = 2.0.squareRoot() * (2 / Double.pi.squareRoot()) * 0.5, kappaD = 0.044715
        let sqrtHalfD = 0.5.squareRoot(), alphaD = (2 / Double.pi.squareRoot()) * 0.5.squareRoot() * 0.5
        switch approximate {
        case "none":
            let out = mapData({ $0 * 0.5 * (1 + Foundation.erf($0 * sqrtHalf)) }, double: { $0 * 0.5 * (1 + Foundation.erf($0 * 0.5.squareRoot())) })
            return out.recordOperation("GeluBackward0", inputs: [self], saving: [self]) { g, saved, _ in
                [try g.zipData(saved[0], { g, x in
                    let cdf = 0.5 * (1 + Foundation.erf(x * sqrtHalf))
                    let pdf = Foundation.exp(-0.5 * x * x) * kAlpha
                    return g * (cdf + x * pdf)
                }, double: { g, x in
                    let cdf = 0.5 * (1 + Foundation.erf(x * sqrtHalfD))
                    let pdf = Foundation.exp(-0.5 * x * x) * alphaD
                    return g * (cdf + x * pdf)
                })]
            }
        case "tanh":
            let out = mapData({ x in 0.5 * x * (1 + Foundation.tanh(kBeta * (x + kKappa * x * x * x))) }, double: { x in 0.5 * x * (1 + Foundation.tanh((2.0.squareRoot() * (2 / Double.pi.squareRoot()) * 0.5) * (x + 0.044715 * x * x * x))) })
            return out.recordOperation("GeluBackward0", inputs: [self], saving: [self]) { g, saved, _ in
                [try g.zipData(saved[0], { g, x in
                    let square = x * x, cube = square * x
                    let t = Foundation.tanh(kBeta * (x + kKappa * cube))
                    let left = 0.5 * x, right = 1 + t
                    let leftDerivative = 0.5 * right
                    let rightDerivative = left * (1 - t * t) * kBeta * (1 + 3 * kKappa * square)
                    return g * (leftDerivative + rightDerivative)
                }, double: { g, x in
                    let square = x * x, cube = square * x
                    let t = Foundation.tanh(betaD * (x + kappaD * cube))
                    let left = 0.5 * x, right = 1 + t
                    let leftDerivative = 0.5 * right
                    let rightDerivative = left * (1 - t * t) * betaD * (1 + 3 * kappaD * square)
                    return g * (leftDerivative + rightDerivative)
                })]
            }
        default:
            throw TensorError("approximate argument must be either none or tanh.")
        }
    }

    /// The sigmoid linear unit `x · σ(x)` (swish), PyTorch's `silu`.
    public func silu() -> Tensor {
        let out = mapData({ $0 / (1 + Foundation.exp(-$0)) }, double: { $0 / (1 + Foundation.exp(-$0)) })
        return out.recordOperation("SiluBackward0", inputs: [self], saving: [self]) { g, saved, _ in
            [try g.zipData(saved[0], { g, x in
                let s = 1 / (1 + Foundation.exp(-x))
                return g * s * (1 + x * (1 - s))
            }, double: { g, x in
                let s = 1 / (1 + Foundation.exp(-x))
                return g * s * (1 + x * (1 - s))
            })]
        }
    }

    /// The exponential linear unit: `x` where positive, else `α (eˣ − 1)`, PyTorch's `elu`.
    public func elu(alpha: Double = 1) -> Tensor {
        let a = Float(alpha)
        let out = mapData({ $0 > 0 ? $0 : Foundation.expm1($0) * a }, double: { $0 > 0 ? $0 : Foundation.expm1($0) * alpha })
        return out.recordOperation("EluBackward0", inputs: [self], saving: [self]) { g, saved, _ in
            [try g.zipData(saved[0], { g, x in x <= 0 ? g * a * Foundation.exp(x) : g }, double: { g, x in x <= 0 ? g * alpha * Foundation.exp(x) : g })]
        }
    }

    /// `log(1 + e^(β x)) / β`, and `x` itself where `β x > threshold`, PyTorch's `softplus`.
    public func softplus(beta: Double = 1, threshold: Double = 20) -> Tensor {
        let b = Float(beta), limit = Float(threshold)
        let out = mapData({ x in x * b > limit ? x : Foundation.log1p(Foundation.exp(x * b)) / b }, double: { x in x * beta > threshold ? x : Foundation.log1p(Foundation.exp(x * beta)) / beta })
        return out.recordOperation("SoftplusBackward0", inputs: [self], saving: [self]) { g, saved, _ in
            [try g.zipData(saved[0], { g, x in
                let z = Foundation.exp(x * b)
                return x * b > limit ? g : g * z / (z + 1)
            }, double: { g, x in
                let z = Foundation.exp(x * beta)
                return x * beta > threshold ? g : g * z / (z + 1)
            })]
        }
    }
}
