import Foundation

/// Products, variances, norms and `logsumexp`, over every element or along one
/// dimension, with PyTorch's backwards. Each accumulates in double precision.
extension Tensor {
    /// Reduces every lane along `dim` (nil: all elements as one lane) to `f(lane)`,
    /// recording `name`, whose backward maps a lane, its result and the incoming
    /// gradient to the lane's gradient. Saves the input and the output.
    private func reduceLanes(
        _ dim: Int?, keepDim: Bool, name: String, _ f: @escaping ([Double]) -> Double,
        backward: @escaping (_ x: [Double], _ y: Double, _ g: Double) -> [Double]
    ) throws -> Tensor {
        let original = shape
        let flat = dim == nil ? reshapedData([count]) : self
        let d = try dim.map { try Dimension.wrap($0, rank: rank) } ?? 0
        let outShape = dim == nil ? (keepDim ? original.map { _ in 1 } : []) : reducedShape(d, keepDim: keepDim)
        let laneShape = flat.rank == 0 ? [] : flat.reducedShape(d, keepDim: true)
        if dtype == .float64 {
            // float64 lanes stay in double precision, forward and backward.
            let out = Tensor.mapDoubleLanes([flat], dim: d, outSize: 1) { [f($0[0])] }.reshapedData(outShape)
            return out.recordOperation(name, inputs: [self], saving: [self, out]) { g, saved, _ in
                let x = dim == nil ? saved[0].reshapedData([original.reduce(1, *)]) : saved[0], y = saved[1]
                let lanes = Tensor.mapDoubleLanes([x, y.reshapedData(laneShape), g.reshapedData(laneShape)], dim: d, outSize: x.size(along: d)) {
                    backward($0[0], $0[1][0], $0[2][0])
                }
                return [lanes.reshapedData(original)]
            }
        }
        let out = flat.mapLanes(dim: d, outSize: 1) { [Float(f($0.map(Double.init)))] }.reshapedData(outShape)
        return out.recordOperation(name, inputs: [self], saving: [self, out]) { g, saved, _ in
            let x = dim == nil ? saved[0].reshapedData([original.reduce(1, *)]) : saved[0], y = saved[1]
            let lanes = Tensor.mapLanes([x, y.reshapedData(laneShape), g.reshapedData(laneShape)], dim: d, outSize: x.size(along: d)) {
                backward($0[0].map(Double.init), Double($0[1][0]), Double($0[2][0])).map { Float($0) }
            }
            return [lanes.reshapedData(original)]
        }
    }

    // MARK: Products

    /// The product of all elements.
    public func prod() throws -> Tensor {
        // Integer and bool products are exact int64s, as PyTorch's.
        if !dtype.isFloatingPoint { return Tensor(shape: [], int64s: [int64s.reduce(1, &*)]) }
        return try reduceLanes(nil, keepDim: false, name: "ProdBackward0", { $0.reduce(1, *) }, backward: Tensor.productGradient)
    }

    /// The product along `dim`.
    public func prod(dim: Int, keepDim: Bool = false) throws -> Tensor {
        if !dtype.isFloatingPoint {
            let d = try Dimension.wrap(dim, rank: rank)
            let lanes = try Tensor.mapLanesInt64(self, dim: d) { [$0.reduce(1, &*)] + [Int64](repeating: 0, count: $0.count - 1) }
            let full = Tensor(shape: shape, int64s: lanes)
            return try noGrad { try full.slice(dim: d, start: 0, end: 1) }.contiguousData().reshapedData(reducedShape(d, keepDim: keepDim))
        }
        return try reduceLanes(dim, keepDim: keepDim, name: "ProdBackward1", { $0.reduce(1, *) }, backward: Tensor.productGradient)
    }

    /// d prod / d x_i: the product of the other elements (computed without
    /// dividing, so zeros are handled), times the incoming gradient.
    private static func productGradient(_ x: [Double], _ y: Double, _ g: Double) -> [Double] {
        var before = [Double](repeating: 1, count: x.count), after = before
        for i in x.indices.dropFirst() { before[i] = before[i - 1] * x[i - 1] }
        for i in x.indices.reversed().dropFirst() { after[i] = after[i + 1] * x[i + 1] }
        return x.indices.map { g * before[$0] * after[$0] }
    }

    // MARK: Variance and standard deviation

    /// The variance of all elements, dividing by `count - correction` (1 is
    /// Bessel's correction, PyTorch's default; `unbiased: false` is 0).
    public func variance(correction: Double = 1) throws -> Tensor {
        try moments(nil, keepDim: false, correction: correction, std: false)
    }

    /// The variance along `dim`.
    public func variance(dim: Int, correction: Double = 1, keepDim: Bool = false) throws -> Tensor {
        try moments(dim, keepDim: keepDim, correction: correction, std: false)
    }

    /// The standard deviation of all elements (see `variance(correction:)`).
    public func std(correction: Double = 1) throws -> Tensor {
        try moments(nil, keepDim: false, correction: correction, std: true)
    }

    /// The standard deviation along `dim`.
    public func std(dim: Int, correction: Double = 1, keepDim: Bool = false) throws -> Tensor {
        try moments(dim, keepDim: keepDim, correction: correction, std: true)
    }

    private func moments(_ dim: Int?, keepDim: Bool, correction c: Double, std: Bool) throws -> Tensor {
        guard dtype == .float32 else { throw TensorError("std and var only support floating point and complex dtypes") }
        func mean(_ x: [Double]) -> Double { x.reduce(0, +) / Double(x.count) }
        func variance(_ x: [Double]) -> Double {
            let m = mean(x)
            return x.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Swift.max(Double(x.count) - c, 0)
        }
        return try reduceLanes(dim, keepDim: keepDim, name: std ? "StdBackward0" : "VarBackward0", { std ? variance($0).squareRoot() : variance($0) }) { x, y, g in
            let m = mean(x), n = Double(x.count) - c
            // var: 2 (x - mean) / (n - c); std: that over 2 std.
            return x.map { std ? g * ($0 - m) / (n * y) : g * 2 * ($0 - m) / n }
        }
    }

    // MARK: Norms

    /// The vector `p`-norm of all elements (2: Euclidean; `.infinity`: largest magnitude).
    public func norm(p: Double = 2) throws -> Tensor { try vectorNorm(nil, p: p, keepDim: false) }

    /// The vector `p`-norm along `dim`.
    public func norm(p: Double = 2, dim: Int, keepDim: Bool = false) throws -> Tensor { try vectorNorm(dim, p: p, keepDim: keepDim) }

    private func vectorNorm(_ dim: Int?, p: Double, keepDim: Bool) throws -> Tensor {
        guard dtype == .float32 else {
            throw TensorError("linalg.vector_norm: Expected a floating point or complex tensor as input. Got \(dtype == .int64 ? "Long" : "Bool")")
        }
        let value: ([Double]) -> Double = { x in
            if p == .infinity { return x.map(Swift.abs).max() ?? 0 }
            if p == 0 { return Double(x.filter { $0 != 0 }.count) }
            if p == 1 { return x.reduce(0) { $0 + Swift.abs($1) } }
            if p == 2 { return x.reduce(0) { $0 + $1 * $1 }.squareRoot() }
            return Foundation.pow(x.reduce(0) { $0 + Foundation.pow(Swift.abs($1), p) }, 1 / p)
        }
        return try reduceLanes(dim, keepDim: keepDim, name: "LinalgVectorNormBackward0", value) { x, y, g in
            func sign(_ v: Double) -> Double { v > 0 ? 1 : v < 0 ? -1 : 0 }
            if p == 0 { return x.map { _ in 0 } }
            if p == 1 { return x.map { g * sign($0) } }
            if p == .infinity {
                let ties = Double(x.filter { Swift.abs($0) == y }.count)
                return x.map { Swift.abs($0) == y ? g * sign($0) / ties : 0 }
            }
            guard y != 0 else { return x.map { _ in 0 } }
            if p == 2 { return x.map { g * $0 / y } }
            return x.map { g * sign($0) * Foundation.pow(Swift.abs($0), p - 1) / Foundation.pow(y, p - 1) }
        }
    }

    // MARK: Log-sum-exp

    /// `log(sum(exp(self)))` along `dim`, computed stably.
    public func logsumexp(dim: Int, keepDim: Bool = false) throws -> Tensor {
        try reduceLanes(dim, keepDim: keepDim, name: "LogsumexpBackward0", { x in
            let m = x.max() ?? -.infinity
            let shift = m.isInfinite ? 0 : m
            return shift + Foundation.log(x.reduce(0) { $0 + Foundation.exp($1 - shift) })
        }) { x, y, g in x.map { g * Foundation.exp($0 - y) } }
    }
}
