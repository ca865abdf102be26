/// Running sums and products along a dimension, with PyTorch's backwards.
/// Both accumulate in double precision, as ATen's CPU kernels do.
extension Tensor {
    /// The running sum along `dim`: element k is the sum of elements 0…k.
    public func cumsum(dim: Int) throws -> Tensor {
        let d = try Dimension.wrap(dim, rank: rank)
        let size = size(along: d)
        if dtype == .int64 {
            return Tensor(shape: shape, int64s: try Tensor.mapLanesInt64(self, dim: d) { lane in
                var total: Int64 = 0
                return lane.map { total &+= $0; return total }
            })
        }
        let out = mapLanes(dim: d, outSize: size) { Tensor.runningSums($0) }
        return out.recordOperation("CumsumBackward0", inputs: [self]) { g, _, _ in
            // The gradient of element k is the sum of the incoming gradients from k on.
            [g.mapLanes(dim: d, outSize: size) { Array(Tensor.runningSums($0.reversed()).reversed()) }]
        }
    }

    /// The running product along `dim`: element k is the product of elements 0…k.
    public func cumprod(dim: Int) throws -> Tensor {
        let d = try Dimension.wrap(dim, rank: rank)
        let size = size(along: d)
        if dtype == .int64 {
            return Tensor(shape: shape, int64s: try Tensor.mapLanesInt64(self, dim: d) { lane in
                var total: Int64 = 1
                return lane.map { total &*= $0; return total }
            })
        }
        let out = mapLanes(dim: d, outSize: size) { lane in
            var total = 1.0
            return lane.map { total *= Double($0); return Float(total) }
        }
        return out.recordOperation("CumprodBackward0", inputs: [self], saving: [self]) { g, saved, _ in
            // d out_k / d x_i is the product of x_0…x_k without x_i, for k ≥ i;
            // written without dividing so that zeros are handled.
            [Tensor.mapLanes([saved[0], g], dim: d, outSize: size) { lanes in
                let (x, g) = (lanes[0].map(Double.init), lanes[1].map(Double.init))
                return (0..<x.count).map { i in
                    var total = 0.0, before = 1.0
                    for j in 0..<i { before *= x[j] }
                    var product = before
                    for k in i..<x.count {
                        if k > i { product *= x[k] }
                        total += g[k] * product
                    }
                    return Float(total)
                }
            }]
        }
    }

    static func runningSums(_ lane: [Float]) -> [Float] {
        var total = 0.0
        return lane.map { total += Double($0); return Float(total) }
    }

    /// `mapLanes` for int64 data, exactly; the lanes in row-major order of the result.
    static func mapLanesInt64(_ tensor: Tensor, dim: Int, _ f: ([Int64]) -> [Int64]) throws -> [Int64] {
        let values = tensor.int64s
        let (outer, size, inner) = Dimension.split(tensor.shape, at: dim)
        var out = [Int64](repeating: 0, count: values.count)
        for o in 0..<outer {
            for i in 0..<inner {
                let lane = (0..<size).map { values[(o * size + $0) * inner + i] }
                for (k, v) in f(lane).enumerated() { out[(o * size + k) * inner + i] = v }
            }
        }
        return out
    }
}
