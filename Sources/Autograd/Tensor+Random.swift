import Foundation

/// Random tensors beyond `rand` and `randn`: integers, permutations, normal
/// numbers with a mean and spread, Bernoulli and multinomial samples, and the
/// in-place fills `uniform_` and `normal_`. Each draws from the generator in
/// the order ATen's CPU kernels do, so a seeded notebook gets PyTorch's numbers.
extension Tensor {
    /// Integers uniform in `low..<high` (int64), PyTorch's `torch.randint`: each one
    /// 32-bit draw modulo the range, or a 64-bit draw when the range needs it.
    public static func randint(low: Int = 0, high: Int, _ shape: [Int], generator: Generator = .default) throws -> Tensor {
        try checkShape(shape)
        guard low < high else {
            throw TensorError("random_ expects 'from' to be less than 'to', but got from=\(low) >= to=\(high)")
        }
        let range = UInt64(bitPattern: Int64(high) &- Int64(low))
        let count = shape.reduce(1, *)
        let values: [Int64] = generator.withLock {
            (0..<count).map { _ in
                let draw = range >= 1 << 32 ? generator.drawUInt64() : UInt64(generator.drawUInt32())
                return Int64(bitPattern: draw % range &+ UInt64(bitPattern: Int64(low)))
            }
        }
        return Tensor(shape: shape, int64s: values)
    }

    /// A random permutation of `0..<n` (int64), PyTorch's `torch.randperm`.
    public static func randperm(_ n: Int, generator: Generator = .default) throws -> Tensor {
        try checkShape([n])
        return Tensor(shape: [n], int64s: generator.randperm(n))
    }

    /// Normal numbers with the given mean and standard deviation (`torch.normal`).
    public static func normal(mean: Double, std: Double, _ shape: [Int], generator: Generator = .default) throws -> Tensor {
        try checkShape(shape)
        guard std >= 0 else { throw TensorError("normal expects std >= 0.0, but found std \(std)") }
        let out = empty(shape)
        generator.fillNormal(UnsafeMutableBufferPointer(start: out.storage.floats, count: out.count), mean: Float(mean), std: Float(std))
        return out
    }

    /// One normal number per element, with element-wise means and standard
    /// deviations (`torch.normal(mean, std)`: standard normals, scaled and shifted).
    public static func normal(mean: Tensor, std: Tensor, generator: Generator = .default) throws -> Tensor {
        let shape = try Broadcasting.shape(mean.shape, std.shape)
        guard std.floats.allSatisfy({ $0 >= 0 }) else { throw TensorError("normal expects all elements of std >= 0.0") }
        let z = try randn(shape, generator: generator)
        return try noGrad { try z.zipData(std, *).zipData(mean, +) }
    }

    /// 1 with probability `self` (each element in [0, 1]), else 0 (`torch.bernoulli`).
    public func bernoulli(generator: Generator = .default) throws -> Tensor {
        let p = toFloat().floats
        guard p.allSatisfy({ $0 >= 0 && $0 <= 1 }) else { throw TensorError("Expected p_in >= 0 && p_in <= 1 to be true, but got false.") }
        let u = generator.uniform(count: p.count)
        return Tensor(shape: shape, floats: zip(u, p).map { $0 < $1 ? 1 : 0 })
    }

    /// `numSamples` category indices per row of weights (a vector, or one
    /// distribution per row of a matrix), PyTorch's `torch.multinomial`.
    ///
    /// With replacement, each sample is a 53-bit uniform located in the row's
    /// cumulative distribution; without, the rows are ranked by weight over an
    /// exponential draw (the Gumbel trick ATen uses), the top `numSamples` kept.
    public func multinomial(_ numSamples: Int, replacement: Bool = false, generator: Generator = .default) throws -> Tensor {
        guard rank == 1 || rank == 2 else { throw TensorError("prob_dist must be 1 or 2 dim") }
        guard dtype == .float32 else { throw TensorError("multinomial only supports floating-point dtypes for input, got: \(dtype == .int64 ? "Long" : "Bool")") }
        guard numSamples > 0 else { throw TensorError("cannot sample n_sample <= 0 samples") }
        let categories = shape[rank - 1], rows = rank == 1 ? 1 : shape[0]
        guard replacement || numSamples <= categories else { throw TensorError("cannot sample n_sample > prob_dist.size(-1) samples without replacement") }
        let weights = floats
        guard weights.allSatisfy({ $0.isFinite && $0 >= 0 }) else { throw TensorError("probability tensor contains either `inf`, `nan` or element < 0") }
        for r in 0..<rows where weights[(r * categories)..<((r + 1) * categories)].allSatisfy({ $0 == 0 }) {
            throw TensorError("invalid multinomial distribution (sum of probabilities <= 0)")
        }
        var result: [Int64] = []
        if replacement && numSamples > 1 {
            generator.withLock {
                for r in 0..<rows {
                    let row = weights[(r * categories)..<((r + 1) * categories)]
                    var total = 0.0
                    var cumulative = row.map { total += Double($0); return Float(total) }
                    cumulative = cumulative.map { Float(Double($0) / total) }
                    cumulative[categories - 1] = 1
                    for _ in 0..<numSamples {
                        let u = generator.drawUniformDouble()
                        var lo = 0, hi = categories
                        while hi - lo > 0 {
                            let mid = lo + (hi - lo) / 2
                            if Double(cumulative[mid]) < u { lo = mid + 1 } else { hi = mid }
                        }
                        result.append(Int64(lo))
                    }
                }
            }
        } else {
            let q: [Float] = generator.withLock { weights.map { _ in Float(-Foundation.log1p(-generator.drawUniformDouble())) } }
            for r in 0..<rows {
                let keys = (0..<categories).map { weights[r * categories + $0] / q[r * categories + $0] }
                // Largest first; ties keep the lower index.
                let order = keys.indices.sorted { keys[$0] > keys[$1] || (keys[$0] == keys[$1] && $0 < $1) }
                result += order.prefix(numSamples).map { Int64($0) }
            }
        }
        return Tensor(shape: rank == 1 ? [numSamples] : [rows, numSamples], int64s: result)
    }

    /// Fills this tensor in place with numbers uniform in `[from, to)` (`uniform_`).
    @discardableResult
    public func uniform_(from: Double = 0, to: Double = 1, generator: Generator = .default) throws -> Tensor {
        guard from <= to else { throw TensorError("uniform_ expects to return a [from, to) range, but found from=\(from) > to=\(to)") }
        try fillRandom("UniformBackward0") { generator.fillUniform($0, from: Float(from), to: Float(to)) }
        return self
    }

    /// Fills this tensor in place with normal numbers (`normal_`).
    @discardableResult
    public func normal_(mean: Double = 0, std: Double = 1, generator: Generator = .default) throws -> Tensor {
        guard std >= 0 else { throw TensorError("normal expects std >= 0.0, but found std \(std)") }
        try fillRandom("NormalBackward0") { generator.fillNormal($0, mean: Float(mean), std: Float(std)) }
        return self
    }

    /// Writes fresh random floats into this tensor's elements in row-major order.
    /// The values no longer depend on the old ones: a tensor in a graph gets a
    /// node `name` whose gradient is zero.
    private func fillRandom(_ name: String, _ fill: (UnsafeMutableBufferPointer<Float>) -> Void) throws {
        try checkInPlaceAllowed()
        guard dtype == .float32 else { throw TensorError("\"check_uniform_bounds\" not implemented for '\(dtype == .int64 ? "Long" : "Bool")'") }
        let values = Tensor.empty(shape)
        fill(UnsafeMutableBufferPointer(start: values.storage.floats, count: values.count))
        copyValues(from: values)
        if Tensor.shouldRecord([self]) {
            let original = shape
            gradFn = GradFn(name: name, next: [gradientEdge()], outputShape: shape, saved: []) { _, _, _ in [Tensor(zeros: original)] }
        }
    }
}
