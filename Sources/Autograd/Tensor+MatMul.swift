import CBLAS

/// Matrix products through OpenBLAS's cblas, with PyTorch's `matmul` rules
/// for vectors and batches.
extension Tensor {
    /// `C = op(A) · op(B)` for row-major float matrices (`C` is m×n), through `cblas_sgemm`.
    ///
    /// With more than one compute thread, a product of at least `parallelWork`
    /// multiply-adds is cut in two along `m` or `n`, whichever halves the larger of
    /// `A` and `B`, and the halves run at the same time.
    package static func gemm(
        _ a: UnsafePointer<Float>, transposeA: Bool, _ b: UnsafePointer<Float>, transposeB: Bool,
        _ c: UnsafeMutablePointer<Float>, m: Int, n: Int, k: Int, accumulate: Bool = false
    ) {
        let lda = transposeA ? m : k, ldb = transposeB ? k : n
        let threads = ComputeThreads.count
        let cancellation = Cancellation.current
        guard threads > 1 && Double(m) * Double(n) * Double(k) >= Double(parallelWork) && Swift.max(m, n) >= 2 * threads else {
            sgemm(a, lda, transposeA, b, ldb, transposeB, c, n, m: m, n: n, k: k, accumulate: accumulate,
                  cancellation: cancellation)
            return
        }
        let splitRows = m * k >= k * n
        let total = splitRows ? m : n
        ComputeThreads.parallel(threads) { part in
            // Part boundaries on multiples of 16 keep each half's rows or columns aligned for the kernels.
            let start = Swift.min(total, (total * part / threads + 8) / 16 * 16)
            let end = part == threads - 1 ? total : Swift.min(total, (total * (part + 1) / threads + 8) / 16 * 16)
            guard start < end else { return }
            if splitRows {
                sgemm(a + (transposeA ? start : start * lda), lda, transposeA, b, ldb, transposeB, c + start * n, n,
                      m: end - start, n: n, k: k, accumulate: accumulate, cancellation: cancellation)
            } else {
                sgemm(a, lda, transposeA, b + (transposeB ? start * ldb : start), ldb, transposeB, c + start, n,
                      m: m, n: end - start, k: k, accumulate: accumulate, cancellation: cancellation)
            }
        }
    }

    /// Products with fewer multiply-adds than this run on one thread.
    static let parallelWork = 1 << 18

    /// Multiply-adds of one uninterrupted call into OpenBLAS: larger products run
    /// in blocks of rows, checking for cancellation between them.
    static let blockWork = 1 << 28

    private static func sgemm(
        _ a: UnsafePointer<Float>, _ lda: Int, _ transposeA: Bool, _ b: UnsafePointer<Float>, _ ldb: Int, _ transposeB: Bool,
        _ c: UnsafeMutablePointer<Float>, _ ldc: Int, m: Int, n: Int, k: Int, accumulate: Bool,
        cancellation: Cancellation?
    ) {
        let limit = Int(Int32.max)
        guard n <= limit, k <= limit, lda <= limit, ldb <= limit, ldc <= limit else {
            cancellation?.fail("matrix product of [\(m), \(k)] and [\(k), \(n)] is too large for the BLAS library")
            return
        }
        let rowWork = Swift.max(1, n * k)
        let blockRows = Double(m) * Double(n) * Double(k) > Double(blockWork) ? Swift.max(16, blockWork / rowWork) : Swift.min(m, limit)
        var row = 0
        while row < m {
            if Cancellation.shouldStop(cancellation) { return }
            let rows = Swift.min(blockRows, m - row)
            cblas_sgemm(
                CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                Int32(rows), Int32(n), Int32(k), 1, a + (transposeA ? row : row * lda), Int32(lda), b, Int32(ldb),
                accumulate ? 1 : 0, c + row * ldc, Int32(ldc))
            row += rows
        }
    }

    /// The product of two matrices in their promoted dtype, recording nothing:
    /// float64 through `cblas_dgemm`, integers exactly in int64.
    package func mmData(_ other: Tensor) -> Tensor {
        if dtype != .float32 || other.dtype != .float32 {
            let type = DType.promote(dtype, other.dtype)
            if type == .float64 { return Tensor.doubleProduct(convertedData(to: .float64), other.convertedData(to: .float64), batch: 1) }
            if !type.isFloatingPoint { return Tensor.integerProduct(self, other, batch: 1, as: type) }
            return toFloat().mmData(other.toFloat())
        }
        let a = contiguousData(), b = other.contiguousData()
        let (m, k, n) = (shape[0], shape[1], other.shape[1])
        let out = Tensor(zeros: [m, n])
        if m > 0 && n > 0 && k > 0 {
            Tensor.gemm(a.floatPointer, transposeA: false, b.floatPointer, transposeB: false, out.storage.floats, m: m, n: n, k: k)
        }
        return out
    }

    /// Batched product of `[B, m, k]` and `[B, k, n]`, recording nothing.
    func bmmData(_ other: Tensor) -> Tensor {
        if dtype != .float32 || other.dtype != .float32 {
            let type = DType.promote(dtype, other.dtype)
            if type == .float64 { return Tensor.doubleProduct(convertedData(to: .float64), other.convertedData(to: .float64), batch: shape[0]) }
            if !type.isFloatingPoint { return Tensor.integerProduct(self, other, batch: shape[0], as: type) }
            return toFloat().bmmData(other.toFloat())
        }
        let a = contiguousData(), b = other.contiguousData()
        let (batch, m, k, n) = (shape[0], shape[1], shape[2], other.shape[2])
        let out = Tensor(zeros: [batch, m, n])
        if m > 0 && n > 0 && k > 0 {
            for i in 0..<batch {
                Tensor.gemm(a.floatPointer + i * m * k, transposeA: false, b.floatPointer + i * k * n, transposeB: false,
                            out.storage.floats + i * m * n, m: m, n: n, k: k)
            }
        }
        return out
    }

    /// `batch` float64 products of contiguous `[m, k]` and `[k, n]` matrices
    /// (the shapes' last two dimensions) through `cblas_dgemm`.
    private static func doubleProduct(_ a: Tensor, _ b: Tensor, batch: Int) -> Tensor {
        let (m, k, n) = (a.shape[a.rank - 2], a.shape[a.rank - 1], b.shape[b.rank - 1])
        let out = Tensor(zeros: (batch == 1 && a.rank == 2 ? [] : [batch]) + [m, n], dtype: .float64)
        guard m > 0 && n > 0 && k > 0 else { return out }
        let limit = Int(Int32.max)
        guard m <= limit, n <= limit, k <= limit else {
            Cancellation.current?.fail("matrix product of [\(m), \(k)] and [\(k), \(n)] is too large for the BLAS library")
            return out
        }
        let pa = a.storage.doubles + a.offset, pb = b.storage.doubles + b.offset, pc = out.storage.doubles
        for i in 0..<batch {
            if Cancellation.shouldStop(Cancellation.current) { break }
            cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(m), Int32(n), Int32(k), 1,
                        pa + i * m * k, Int32(k), pb + i * k * n, Int32(n), 0, pc + i * m * n, Int32(n))
        }
        return out
    }

    /// `batch` exact integer products (wrapping as int64 does), stored as `type`.
    private static func integerProduct(_ a: Tensor, _ b: Tensor, batch: Int, as type: DType) -> Tensor {
        let (m, k, n) = (a.shape[a.rank - 2], a.shape[a.rank - 1], b.shape[b.rank - 1])
        let x = a.convertedData(to: .int64), y = b.convertedData(to: .int64)
        let out = Tensor(zeros: (batch == 1 && a.rank == 2 ? [] : [batch]) + [m, n], dtype: .int64)
        let pa = x.storage.int64s + x.offset, pb = y.storage.int64s + y.offset, pc = out.storage.int64s
        for i in 0..<batch {
            for r in 0..<m {
                for p in 0..<k {
                    let v = pa[i * m * k + r * k + p]
                    for c in 0..<n { pc[i * m * n + r * n + c] = pc[i * m * n + r * n + c] &+ v &* pb[i * k * n + p * n + c] }
                }
            }
        }
        withExtendedLifetime((x, y)) {}
        return type == .int64 ? out : out.convertedData(to: type)
    }

    /// PyTorch's errors for a product of two dtypes, or of bools.
    private func checkProductTypes(_ other: Tensor) throws {
        if dtype != other.dtype {
            throw TensorError("expected m1 and m2 to have the same dtype, but got: \(dtype.cppName) != \(other.dtype.cppName)")
        }
        if dtype == .bool { throw TensorError("\"addmm_impl_cpu_\" not implemented for 'Bool'") }
    }

    /// The matrix product of two matrices: `[m, k] · [k, n]`.
    public func mm(_ other: Tensor) throws -> Tensor {
        try checkProductTypes(other)
        guard rank == 2 && other.rank == 2 else {
            throw TensorError(rank != 2 ? "self must be a matrix" : "mat2 must be a matrix")
        }
        guard shape[1] == other.shape[0] else {
            throw TensorError("mat1 and mat2 shapes cannot be multiplied (\(shape[0])x\(shape[1]) and \(other.shape[0])x\(other.shape[1]))")
        }
        try MemoryBudget.check(shape: [shape[0], other.shape[1]], for: "a matrix product")
        // Each factor is saved only when the other one's gradient needs it, as PyTorch does.
        let (savesSelf, savesOther) = (other.requiresGrad, requiresGrad)
        let saving = (savesSelf ? [self] : []) + (savesOther ? [other] : [])
        return mmData(other).recordOperation("MmBackward0", inputs: [self, other], saving: saving) { g, saved, needs in
            let a = savesSelf ? saved[0] : nil, b = savesOther ? saved[saved.count - 1] : nil
            return [needs[0] ? g.mmData(try b!.transpose(0, 1)) : nil,
                    needs[1] ? (try a!.transpose(0, 1)).mmData(g) : nil]
        }
    }

    /// PyTorch's `matmul`: dot product of vectors, matrix-vector, matrix-matrix, and
    /// batched products whose batch dimensions broadcast.
    public func matmul(_ other: Tensor) throws -> Tensor {
        switch (rank, other.rank) {
        case (0, _), (_, 0):
            throw TensorError("both arguments to matmul need to be at least 1D, but they are \(rank)D and \(other.rank)D")
        case (1, 1):
            guard shape[0] == other.shape[0] else {
                throw TensorError("inconsistent tensor size, expected tensor [\(shape[0])] and src [\(other.shape[0])] to have the same number of elements, but got \(shape[0]) and \(other.shape[0]) elements respectively")
            }
            return try mul(other).sum()
        case (2, 2):
            return try mm(other)
        case (1, _):
            return try unsqueeze(dim: 0).matmul(other).squeeze(dim: -2)
        case (_, 1):
            guard shape[rank - 1] == other.shape[0] else {
                throw TensorError("size mismatch, got input (\(shape[rank - 2])x\(shape[rank - 1])), vec (\(other.shape[0]))")
            }
            return try matmul(other.unsqueeze(dim: 1)).squeeze(dim: -1)
        default:
            return try batchedMatmul(other)
        }
    }

    private func batchedMatmul(_ other: Tensor) throws -> Tensor {
        try checkProductTypes(other)
        let (m, k) = (shape[rank - 2], shape[rank - 1])
        let (k2, n) = (other.shape[other.rank - 2], other.shape[other.rank - 1])
        guard k == k2 else {
            throw TensorError("Expected size for first two dimensions of batch2 tensor to be: [\(k), \(n)] but got: [\(k2), \(n)].")
        }
        let batchA = Array(shape.dropLast(2)), batchB = Array(other.shape.dropLast(2))
        let batch = try Broadcasting.shape(batchA, batchB)
        let b = batch.reduce(1, *)
        let ea = try expandData(to: batch + [m, k]), eb = try other.expandData(to: batch + [k, n])
        let a3 = ea.reshapedData([b, m, k]), b3 = eb.reshapedData([b, k, n])
        let out = a3.bmmData(b3).reshapedData(batch + [m, n])
        let (sa, sb) = (shape, other.shape)
        return out.recordOperation("BmmBackward0", inputs: [self, other], saving: [self, other]) { g, saved, needs in
            let x = try saved[0].expandData(to: batch + [m, k]).reshapedData([b, m, k])
            let y = try saved[1].expandData(to: batch + [k, n]).reshapedData([b, k, n])
            let g3 = g.reshapedData([b, m, n])
            return [
                needs[0] ? g3.bmmData(try y.transpose(1, 2)).reshapedData(batch + [m, k]).sumToShape(sa) : nil,
                needs[1] ? (try x.transpose(1, 2)).bmmData(g3).reshapedData(batch + [k, n]).sumToShape(sb) : nil,
            ]
        }
    }

    /// This tensor's data broadcast to `target` and laid out contiguously; records nothing.
    package func expandData(to target: [Int]) throws -> Tensor {
        if shape == target { return self }
        if dtype == .float32 { return try Tensor(zeros: target, dtype: .float32).zipData(self) { _, x in x } }
        // Other dtypes keep their type: elements are copied as bits of their width.
        let base = Tensor(zeros: target, dtype: dtype)
        switch dtype.elementSize {
        case 8: return try Tensor.zipElements(base, self, as: dtype) { (_: UInt64, x) in x }
        case 4: return try Tensor.zipElements(base, self, as: dtype) { (_: UInt32, x) in x }
        default: return try Tensor.zipElements(base, self, as: dtype) { (_: UInt8, x) in x }
        }
    }
}
