/// Sums, means, extrema and their backwards.
extension Tensor {
    // MARK: Kernels

    /// Sums over `dims` (each already non-negative), recording nothing.
    /// Integer and bool tensors sum exactly into int64, float64 ones in float64.
    package func sumData(dims: [Int], keepDim: Bool) -> Tensor {
        if dtype != .float32 {
            let type: DType = dtype == .float64 ? .float64 : .int64
            var result = convertedData(to: type)
            for dim in Set(dims).sorted(by: >) {
                result = type == .float64 ? result.sumElementsKeepingDim(dim, Double.self, +) : result.sumElementsKeepingDim(dim, Int64.self, &+)
            }
            if !keepDim {
                let removed = Set(dims)
                result = result.reshapedData(shape.indices.filter { !removed.contains($0) }.map { shape[$0] })
            }
            return result
        }
        var result = toFloat().contiguousData()
        for dim in Set(dims).sorted(by: >) { result = result.sumDataKeepingDim(dim) }
        if !keepDim {
            let removed = Set(dims)
            result = result.reshapedData(shape.indices.filter { !removed.contains($0) }.map { shape[$0] })
        }
        return result
    }

    /// Sums a contiguous float tensor along one dimension, keeping it with size 1.
    private func sumDataKeepingDim(_ dim: Int) -> Tensor {
        let (outer, size, inner) = Dimension.split(shape, at: dim)
        var outShape = shape
        if !outShape.isEmpty { outShape[dim] = 1 }
        let out = Tensor(zeros: outShape)
        let src = floatPointer, dst = out.storage.floats
        for o in 0..<outer {
            let d = dst + o * inner
            for k in 0..<size {
                let s = src + (o * size + k) * inner
                for i in 0..<inner { d[i] += s[i] }
            }
        }
        return out
    }

    /// `sumDataKeepingDim` for float64 and int64 data (wrapping as int64 sums do).
    private func sumElementsKeepingDim<T>(_ dim: Int, _: T.Type, _ add: (T, T) -> T) -> Tensor {
        let (outer, size, inner) = Dimension.split(shape, at: dim)
        var outShape = shape
        if !outShape.isEmpty { outShape[dim] = 1 }
        let out = Tensor(zeros: outShape, dtype: dtype)
        let src = storage.raw.assumingMemoryBound(to: T.self) + offset, dst = out.storage.raw.assumingMemoryBound(to: T.self)
        for o in 0..<outer {
            let d = dst + o * inner
            for k in 0..<size {
                let s = src + (o * size + k) * inner
                for i in 0..<inner { d[i] = add(d[i], s[i]) }
            }
        }
        return out
    }

    /// The sum of every element, accumulated in double precision (exactly in
    /// int64 for integer and bool tensors, whose sum is int64).
    func sumAllData() -> Tensor {
        if dtype != .float32 {
            if dtype == .float64 {
                var total = 0.0
                for v in doubles { total += v }
                return Tensor(shape: [], doubles: [total])
            }
            var total: Int64 = 0
            for v in int64s { total = total &+ v }
            return Tensor(shape: [], int64s: [total])
        }
        let c = toFloat().contiguousData()
        var total = 0.0
        let p = c.floatPointer
        for i in 0..<count { total += Double(p[i]) }
        return Tensor(shape: [], floats: [Float(total)])
    }

    /// Expands a reduced gradient back over `shape` (the backward of a reduction).
    func expandData(to target: [Int], reducedDims dims: [Int], keptDim: Bool) -> Tensor {
        var g = self
        if !keptDim {
            var kept = target
            for d in dims { kept[d] = 1 }
            g = g.reshapedData(kept)
        }
        return (try? Tensor(zeros: target, dtype: dtype == .float64 ? .float64 : .float32).zipData(g, +, double: +)) ?? g
    }

    // MARK: Differentiable reductions

    /// The sum of all elements, a scalar.
    public func sum() -> Tensor {
        let target = shape
        return sumAllData().recordOperation("SumBackward0", inputs: [self]) { g, _, _ in
            [g.expandData(to: target, reducedDims: Array(target.indices), keptDim: false)]
        }
    }

    /// The sum along `dim`, keeping it as size 1 when `keepDim`.
    public func sum(dim: Int, keepDim: Bool = false) throws -> Tensor {
        try sum(dims: [dim], keepDim: keepDim)
    }

    /// The sum along several dimensions.
    public func sum(dims: [Int], keepDim: Bool = false) throws -> Tensor {
        let wrapped = try dims.map { try Dimension.wrap($0, rank: rank) }
        let target = shape
        return sumData(dims: wrapped, keepDim: keepDim).recordOperation("SumBackward1", inputs: [self]) { g, _, _ in
            [g.expandData(to: target, reducedDims: wrapped, keptDim: keepDim)]
        }
    }

    /// The mean of all elements.
    public func mean() throws -> Tensor {
        try checkMean()
        let target = shape, n = Float(count), nd = Double(count)
        let out = sumAllData().mapData({ $0 / n }, double: { $0 / nd })
        return out.recordOperation("MeanBackward0", inputs: [self]) { g, _, _ in
            [g.mapData({ $0 / n }, double: { $0 / nd }).expandData(to: target, reducedDims: Array(target.indices), keptDim: false)]
        }
    }

    /// PyTorch's error for the mean of an integer or bool tensor.
    private func checkMean() throws {
        guard dtype.isFloatingPoint else {
            throw TensorError("mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: \(dtype.scalarTypeName)")
        }
    }

    /// The mean along `dim`.
    public func mean(dim: Int, keepDim: Bool = false) throws -> Tensor {
        try mean(dims: [dim], keepDim: keepDim)
    }

    /// The mean along several dimensions.
    public func mean(dims: [Int], keepDim: Bool = false) throws -> Tensor {
        try checkMean()
        let wrapped = try dims.map { try Dimension.wrap($0, rank: rank) }
        let target = shape
        let nd = Double(Set(wrapped).map { shape.isEmpty ? 1 : shape[$0] }.reduce(1, *)), n = Float(nd)
        let out = sumData(dims: wrapped, keepDim: keepDim).mapData({ $0 / n }, double: { $0 / nd })
        return out.recordOperation("MeanBackward1", inputs: [self]) { g, _, _ in
            [g.mapData({ $0 / n }, double: { $0 / nd }).expandData(to: target, reducedDims: wrapped, keptDim: keepDim)]
        }
    }

    /// The largest element.
    public func max() throws -> Tensor { try extremum(isMax: true) }
    /// The smallest element.
    public func min() throws -> Tensor { try extremum(isMax: false) }

    private func extremum(isMax: Bool) throws -> Tensor {
        guard count > 0 else {
            throw TensorError("\(isMax ? "max" : "min")(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.")
        }
        if dtype != .float32 {
            // Other types reduce along the flattened tensor, keeping their dtype.
            let (values, _) = try reshapedData([count]).extremum(dim: 0, keepDim: false, isMax: isMax)
            let value = values.detach()
            return value.recordOperation(isMax ? "MaxBackward1" : "MinBackward1", inputs: [self], saving: [self, value]) { g, saved, _ in
                // The gradient is shared evenly among the elements equal to the extremum.
                let result = try saved[1].item()
                let mask = saved[0].mapData({ _ in 0 }, double: { $0 == result ? 1 : 0 })
                let ties = mask.doubles.reduce(0, +)
                let share = try g.item() / ties
                return [mask.mapData({ _ in 0 }, double: { $0 * share })]
            }
        }
        let x = toFloat().contiguousData()
        let p = x.floatPointer
        var best = p[0]
        for i in 0..<count where (isMax ? p[i] > best : p[i] < best) || p[i].isNaN { best = p[i]; if best.isNaN { break } }
        let value = best
        let out = Tensor(shape: [], floats: [value])
        return out.recordOperation(isMax ? "MaxBackward1" : "MinBackward1", inputs: [self], saving: [self, out]) { g, saved, _ in
            // The gradient is shared evenly among the elements equal to the extremum.
            let (input, result) = (saved[0], saved[1].storage.floats[saved[1].offset])
            let mask = input.mapData { $0 == result ? 1 : 0 }
            let ties = mask.floats.reduce(0, +)
            let share = g.storage.floats[g.offset] / ties
            return [mask.mapData { $0 * share }]
        }
    }

    /// The largest values along `dim` and their indices.
    public func max(dim: Int, keepDim: Bool = false) throws -> (values: Tensor, indices: Tensor) {
        try extremum(dim: dim, keepDim: keepDim, isMax: true)
    }

    /// The smallest values along `dim` and their indices.
    public func min(dim: Int, keepDim: Bool = false) throws -> (values: Tensor, indices: Tensor) {
        try extremum(dim: dim, keepDim: keepDim, isMax: false)
    }

    private func extremum(dim: Int, keepDim: Bool, isMax: Bool) throws -> (values: Tensor, indices: Tensor) {
        let d = try Dimension.wrap(dim, rank: rank)
        let (outer, size, inner) = Dimension.split(shape, at: d)
        guard size > 0 else { throw TensorError("cannot perform reduction function \(isMax ? "max" : "min") on a tensor with no elements because the operation does not have an identity") }
        var keptShape = shape
        if !keptShape.isEmpty { keptShape[d] = 1 }
        // float32 (and bool) compare in float, every other type in double: exact
        // for the integers tensors hold in practice; values keep the input's dtype.
        let work: DType = dtype == .float32 || dtype == .bool ? .float32 : .float64
        let indices = Tensor(zeros: keptShape, dtype: .int64)
        var values = Tensor.empty(keptShape, dtype: work)
        func scan<T: FloatingPoint>(_: T.Type) {
            let x = convertedData(to: work)
            let src = x.storage.raw.assumingMemoryBound(to: T.self) + x.offset
            let pv = values.storage.raw.assumingMemoryBound(to: T.self), pi = indices.storage.int64s
            for o in 0..<outer {
                for i in 0..<inner {
                    var best = src[o * size * inner + i], at = 0
                    for k in 1..<Swift.max(size, 1) {
                        let v = src[(o * size + k) * inner + i]
                        if best.isNaN { break }
                        if v.isNaN || (isMax ? v > best : v < best) { best = v; at = k }
                    }
                    pv[o * inner + i] = best
                    pi[o * inner + i] = Int64(at)
                }
            }
            withExtendedLifetime(x) {}
        }
        if work == .float32 { scan(Float.self) } else { scan(Double.self) }
        if values.dtype != dtype { values = values.convertedData(to: dtype) }
        let outShape = keepDim ? keptShape : shape.enumerated().filter { $0.offset != d }.map(\.element)
        let v = values.reshapedData(outShape), idx = indices.reshapedData(outShape)
        let inputShape = shape
        // The backward reads the indices the caller receives, so that changing them is detected.
        v.recordOperation(isMax ? "MaxBackward0" : "MinBackward0", inputs: [self], saving: [idx]) { g, saved, _ in
            let indices = saved[0].contiguousData()
            let pi = indices.storage.int64s + indices.offset
            let grad = Tensor(zeros: inputShape, dtype: g.dtype)
            let gk = g.contiguousData()
            func scatter<T: FloatingPoint>(_: T.Type) {
                let pg = gk.storage.raw.assumingMemoryBound(to: T.self) + gk.offset
                let out = grad.storage.raw.assumingMemoryBound(to: T.self)
                for o in 0..<outer {
                    for i in 0..<inner {
                        let k = Int(pi[o * inner + i])
                        out[(o * size + k) * inner + i] += pg[o * inner + i]
                    }
                }
            }
            if g.dtype == .float64 { scatter(Double.self) } else { scatter(Float.self) }
            return [grad]
        }
        return (v, idx)
    }

    /// The index of the largest element of the flattened tensor (int64 scalar).
    public func argmax() throws -> Tensor {
        try reshapedData([count]).max(dim: 0).indices
    }

    /// The indices of the largest elements along `dim` (int64).
    public func argmax(dim: Int, keepDim: Bool = false) throws -> Tensor {
        if dtype == .bool { throw TensorError("argmax(): does not support bool input") }
        return try detach().max(dim: dim, keepDim: keepDim).indices
    }

    /// The indices of the smallest elements along `dim` (int64).
    public func argmin(dim: Int, keepDim: Bool = false) throws -> Tensor {
        if dtype == .bool { throw TensorError("argmin(): does not support bool input") }
        return try detach().min(dim: dim, keepDim: keepDim).indices
    }

    /// True (a bool scalar) when every element is non-zero.
    public func all() -> Tensor { Tensor(shape: [], bools: [floats.allSatisfy { $0 != 0 }]) }
    /// True (a bool scalar) when some element is non-zero.
    public func any() -> Tensor { Tensor(shape: [], bools: [floats.contains { $0 != 0 }]) }
}
