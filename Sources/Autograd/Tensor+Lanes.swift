/// Kernels over lanes: the elements of a tensor that differ only in their index
/// along one dimension. Scans, sorts, products and statistics along a dimension
/// are functions from a lane to a lane; they record no graph.
extension Tensor {
    /// Applies `f` to every lane of `dim` of this tensor's float data, giving lanes
    /// of `outSize` elements: the result has this shape with `dim` of size
    /// `outSize`. A 0-dimensional tensor is one lane of one element.
    func mapLanes(dim: Int, outSize: Int, _ f: ([Float]) -> [Float]) -> Tensor {
        Tensor.mapLanes([self], dim: dim, outSize: outSize) { f($0[0]) }
    }

    /// `mapLanes` over several tensors of the same shape except along `dim`:
    /// `f` receives the corresponding lane of each.
    static func mapLanes(_ tensors: [Tensor], dim: Int, outSize: Int, _ f: ([[Float]]) -> [Float]) -> Tensor {
        let first = tensors[0]
        let data = tensors.map { $0.toFloat().contiguousData() }
        let (outer, _, inner) = Dimension.split(first.shape, at: dim)
        var outShape = first.shape
        if !outShape.isEmpty { outShape[dim] = outSize }
        let out = Tensor(zeros: outShape)
        let dst = out.storage.floats
        let sizes = data.map { $0.rank == 0 ? 1 : $0.shape[dim] }
        for o in 0..<outer {
            for i in 0..<inner {
                let lanes = zip(data, sizes).map { t, size in
                    let src = t.floatPointer
                    return (0..<size).map { src[(o * size + $0) * inner + i] }
                }
                let result = f(lanes)
                for (k, value) in result.prefix(outSize).enumerated() { dst[(o * outSize + k) * inner + i] = value }
            }
        }
        withExtendedLifetime(data) {}
        return out
    }

    /// `mapLanes` in double precision, giving a float64 tensor (for float64 inputs).
    static func mapDoubleLanes(_ tensors: [Tensor], dim: Int, outSize: Int, _ f: ([[Double]]) -> [Double]) -> Tensor {
        let first = tensors[0]
        let data = tensors.map { $0.convertedData(to: .float64) }
        let (outer, _, inner) = Dimension.split(first.shape, at: dim)
        var outShape = first.shape
        if !outShape.isEmpty { outShape[dim] = outSize }
        let out = Tensor(zeros: outShape, dtype: .float64)
        let dst = out.storage.doubles
        let sizes = data.map { $0.rank == 0 ? 1 : $0.shape[dim] }
        for o in 0..<outer {
            for i in 0..<inner {
                let lanes = zip(data, sizes).map { t, size in
                    let src = t.storage.doubles + t.offset
                    return (0..<size).map { src[(o * size + $0) * inner + i] }
                }
                for (k, value) in f(lanes).prefix(outSize).enumerated() { dst[(o * outSize + k) * inner + i] = value }
            }
        }
        withExtendedLifetime(data) {}
        return out
    }

    /// The size of `dim` (one for a 0-dimensional tensor).
    func size(along dim: Int) -> Int { rank == 0 ? 1 : shape[dim] }

    /// This shape without dimension `dim`, or with it of size 1 when `keepDim`.
    func reducedShape(_ dim: Int, keepDim: Bool) -> [Int] {
        guard rank > 0 else { return [] }
        var s = shape
        if keepDim { s[dim] = 1 } else { s.remove(at: dim) }
        return s
    }

    /// A gradient of a reduction along `dim` (without `keepDim`) with that dimension
    /// put back with size 1, so that it lines up with the input's lanes.
    func keepingDim(_ dim: Int, of input: [Int], keptDim: Bool) -> Tensor {
        guard !keptDim, !input.isEmpty else { return self }
        var s = input
        s[dim] = 1
        return reshapedData(s)
    }
}
