/// Element-wise kernels that record no graph: the building blocks of the
/// differentiable operators.
extension Tensor {
    /// A float32 copy of an int64 or bool tensor (itself when already float32).
    public func toFloat() -> Tensor {
        if dtype == .float32 { return self }
        return Tensor(shape: shape, floats: floats)
    }

    /// Applies `f` to every element.
    @inline(__always)
    package func mapData(_ f: (Float) -> Float) -> Tensor {
        let src = toFloat().contiguousData()
        let out = Tensor.empty(shape)
        let s = src.floatPointer, d = out.storage.floats
        for i in 0..<count { d[i] = f(s[i]) }
        return out
    }

    /// Applies `f` to every element, or `double` when the tensor is float64
    /// (which keeps its dtype); other dtypes compute in float32.
    @inline(__always)
    package func mapData(_ f: (Float) -> Float, double: (Double) -> Double) -> Tensor {
        dtype == .float64 ? mapElements(as: .float64, double) : mapData(f)
    }

    /// Combines two tensors with `f` in float32, or with `double` when their
    /// promoted type is float64 (PyTorch's `result_type`).
    @inline(__always)
    package func zipData(_ other: Tensor, _ f: (Float, Float) -> Float, double: (Double, Double) -> Double) throws -> Tensor {
        if dtype == .float64 || other.dtype == .float64, resultType(other) == .float64 {
            return try Tensor.zipElements(self, other, as: .float64, double)
        }
        return try zipData(other, f)
    }

    /// Three same-shaped tensors combined with `f`, or `double` when the first is float64.
    @inline(__always)
    package func zipData(_ b: Tensor, _ c: Tensor, _ f: (Float, Float, Float) -> Float, double: (Double, Double, Double) -> Double) -> Tensor {
        dtype == .float64 ? Tensor.zipDoubles(self, b, c, double) : zipData(b, c, f)
    }

    /// Combines the elements of two tensors of broadcastable shapes.
    @inline(__always)
    package func zipData(_ other: Tensor, _ f: (Float, Float) -> Float) throws -> Tensor {
        let a = toFloat(), b = other.toFloat()
        if a.shape == b.shape && a.isContiguous && b.isContiguous {
            let out = Tensor.empty(shape)
            let pa = a.floatPointer, pb = b.floatPointer, d = out.storage.floats
            for i in 0..<count { d[i] = f(pa[i], pb[i]) }
            return out
        }
        if b.count == 1 && b.rank <= a.rank {
            let s = b.storage.floats[b.offset]
            let out = a.mapData { f($0, s) }
            return out
        }
        if a.count == 1 && a.rank <= b.rank {
            let s = a.storage.floats[a.offset]
            return b.mapData { f(s, $0) }
        }
        let shape = try Broadcasting.shape(a.shape, b.shape)
        // Broadcasting can make a result far larger than its operands.
        try MemoryBudget.check(shape: shape, for: "the result of broadcasting")
        let out = Tensor.empty(shape)
        let sa = a.storage.floats, sb = b.storage.floats, d = out.storage.floats
        Broadcasting.forEach(
            shape: shape,
            stridesA: Broadcasting.strides(of: a, expandedTo: shape), offsetA: a.offset,
            stridesB: Broadcasting.strides(of: b, expandedTo: shape), offsetB: b.offset
        ) { i, pa, pb in d[i] = f(sa[pa], sb[pb]) }
        return out
    }

    /// Combines three same-shaped tensors element by element (used by backward formulas).
    @inline(__always)
    package func zipData(_ b: Tensor, _ c: Tensor, _ f: (Float, Float, Float) -> Float) -> Tensor {
        precondition(shape == b.shape && shape == c.shape)
        let x = toFloat().contiguousData(), y = b.toFloat().contiguousData(), z = c.toFloat().contiguousData()
        let out = Tensor.empty(shape)
        let px = x.floatPointer, py = y.floatPointer, pz = z.floatPointer, d = out.storage.floats
        for i in 0..<count { d[i] = f(px[i], py[i], pz[i]) }
        return out
    }

    /// Sum of two tensors with broadcasting, recording nothing (gradient accumulation).
    package func adding(_ other: Tensor) throws -> Tensor { try zipData(other, +, double: +) }

    /// Adds `other` into this tensor's memory without any autograd checks
    /// (used for gradient accumulation, where the shapes are known to match).
    func addInPlaceUnchecked(_ other: Tensor) {
        if dtype == .float64 {
            let o = other.convertedData(to: .float64), s = o.storage.doubles + o.offset, d = storage.doubles
            var i = 0
            forEachOffset { d[$0] += s[i]; i += 1 }
            storage.bumpVersion()
            return
        }
        let o = other.toFloat().contiguousData()
        if isContiguous {
            let d = floatPointer, s = o.floatPointer
            for i in 0..<count { d[i] += s[i] }
        } else {
            let d = storage.floats, s = o.floatPointer
            var i = 0
            forEachOffset { d[$0] += s[i]; i += 1 }
        }
        storage.bumpVersion()
    }
}
