import Foundation

/// Element-wise functions and their derivatives.
extension Tensor {
    /// `e ** self`.
    public func exp() -> Tensor {
        let out = mapData({ Foundation.exp($0) }, double: { Foundation.exp($0) })
        return out.recordOperation("ExpBackward0", inputs: [self], saving: [out]) { g, saved, _ in [try g.zipData(saved[0], *, double: *)] }
    }

    /// The natural logarithm.
    public func log() -> Tensor {
        return mapData({ Foundation.log($0) }, double: { Foundation.log($0) }).recordOperation("LogBackward0", inputs: [self], saving: [self]) { g, saved, _ in
            let x = saved[0]
            return [try g.zipData(x, /, double: /)]
        }
    }

    /// The square root.
    public func sqrt() -> Tensor {
        let out = mapData({ $0.squareRoot() }, double: { $0.squareRoot() })
        return out.recordOperation("SqrtBackward0", inputs: [self], saving: [out]) { g, saved, _ in
            let y = saved[0]
            return [try g.zipData(y, { g, y in g / (2 * y) }, double: { g, y in g / (2 * y) })]
        }
    }

    /// The absolute value.
    public func abs() throws -> Tensor {
        if dtype == .bool { throw TensorError("\"abs_cpu\" not implemented for 'Bool'") }
        if dtype.isInteger { return integerData(0, as: dtype) { x, _ in x < 0 ? 0 &- x : x } }
        return mapData({ Swift.abs($0) }, double: { Swift.abs($0) }).recordOperation("AbsBackward0", inputs: [self], saving: [self]) { g, saved, _ in
            let x = saved[0]
            return [try g.zipData(x, { g, x in x > 0 ? g : x < 0 ? -g : 0 }, double: { g, x in x > 0 ? g : x < 0 ? -g : 0 })]
        }
    }

    /// `max(self, 0)`.
    public func relu() -> Tensor {
        if dtype.isInteger { return integerData(0, as: dtype) { x, _ in Swift.max(x, 0) } }
        let out = mapData({ $0 > 0 ? $0 : 0 }, double: { $0 > 0 ? $0 : 0 })
        return out.recordOperation("ReluBackward0", inputs: [self], saving: [out]) { g, saved, _ in
            let y = saved[0]
            return [try g.zipData(y, { g, y in y > 0 ? g : 0 }, double: { g, y in y > 0 ? g : 0 })]
        }
    }

    /// The logistic function `1 / (1 + e ** -self)`.
    public func sigmoid() -> Tensor {
        let out = mapData({ 1 / (1 + Foundation.exp(-$0)) }, double: { 1 / (1 + Foundation.exp(-$0)) })
        return out.recordOperation("SigmoidBackward0", inputs: [self], saving: [out]) { g, saved, _ in
            let y = saved[0]
            return [try g.zipData(y, { g, y in g * y * (1 - y) }, double: { g, y in g * y * (1 - y) })]
        }
    }

    /// The hyperbolic tangent.
    public func tanh() -> Tensor {
        let out = mapData({ Foundation.tanh($0) }, double: { Foundation.tanh($0) })
        return out.recordOperation("TanhBackward0", inputs: [self], saving: [out]) { g, saved, _ in
            let y = saved[0]
            return [try g.zipData(y, { g, y in g * (1 - y * y) }, double: { g, y in g * (1 - y * y) })]
        }
    }

    /// Softmax along `dim`: `exp(x) / sum(exp(x))`, computed stably.
    public func softmax(dim: Int) throws -> Tensor {
        let d = try Dimension.wrap(dim, rank: rank)
        let out = softmaxData(dim: d, log: false)
        return out.recordOperation("SoftmaxBackward0", inputs: [self], saving: [out]) { g, saved, _ in
            let y = saved[0]
            // dx = y * (g - sum(g * y))
            let gy = try g.zipData(y, *, double: *)
            let s = gy.sumData(dims: [d], keepDim: true)
            return [try y.zipData(try g.zipData(s, -, double: -), *, double: *)]
        }
    }

    /// The logarithm of the softmax along `dim`, computed stably.
    public func logSoftmax(dim: Int) throws -> Tensor {
        let d = try Dimension.wrap(dim, rank: rank)
        let out = softmaxData(dim: d, log: true)
        return out.recordOperation("LogSoftmaxBackward0", inputs: [self], saving: [out]) { g, saved, _ in
            let y = saved[0]
            // dx = g - exp(y) * sum(g)
            let s = g.sumData(dims: [d], keepDim: true)
            return [try g.zipData(try y.mapData({ Foundation.exp($0) }, double: { Foundation.exp($0) }).zipData(s, *, double: *), -, double: -)]
        }
    }

    private func softmaxData(dim d: Int, log: Bool) -> Tensor {
        dtype == .float64
            ? softmaxElements(dim: d, log: log, Double.self, exp: Foundation.exp, logarithm: Foundation.log)
            : softmaxElements(dim: d, log: log, Float.self, exp: Foundation.exp, logarithm: Foundation.log)
    }

    /// `softmaxData` with elements of `T` (float32, or float64 for float64 tensors).
    @inline(__always)
    private func softmaxElements<T: BinaryFloatingPoint>(dim d: Int, log: Bool, _: T.Type, exp: (T) -> T, logarithm: (T) -> T) -> Tensor {
        let (outer, size, inner) = Dimension.split(shape, at: d)
        let type: DType = T.self == Double.self ? .float64 : .float32
        let x = convertedData(to: type)
        let out = Tensor.empty(shape, dtype: type)
        let src = x.storage.raw.assumingMemoryBound(to: T.self) + x.offset, dst = out.storage.raw.assumingMemoryBound(to: T.self)
        for o in 0..<outer {
            for i in 0..<inner {
                let base = o * size * inner + i
                var m = -T.infinity
                for k in 0..<size { m = Swift.max(m, src[base + k * inner]) }
                var total: T = 0
                for k in 0..<size { total += exp(src[base + k * inner] - m) }
                if log {
                    let lse = m + logarithm(total)
                    for k in 0..<size { dst[base + k * inner] = src[base + k * inner] - lse }
                } else {
                    for k in 0..<size { dst[base + k * inner] = exp(src[base + k * inner] - m) / total }
                }
            }
        }
        withExtendedLifetime(x) {}
        return out
    }
}
