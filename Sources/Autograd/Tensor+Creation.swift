import Foundation

/// Factory functions: constants, ranges and random tensors.
extension Tensor {
    /// A tensor of zeros.
    public static func zeros(_ shape: [Int], requiresGrad: Bool = false) -> Tensor {
        full(shape, 0, requiresGrad: requiresGrad)
    }

    /// A tensor of ones.
    public static func ones(_ shape: [Int], requiresGrad: Bool = false) -> Tensor {
        full(shape, 1, requiresGrad: requiresGrad)
    }

    /// A tensor of `dtype` filled with `value` (converted as `to(_:)` converts);
    /// an error when `requiresGrad` is asked of a type that cannot have gradients.
    public static func full(_ shape: [Int], _ value: Double, dtype: DType, requiresGrad: Bool = false) throws -> Tensor {
        if dtype == .float32 { return full(shape, value, requiresGrad: requiresGrad) }
        let result = Tensor(zeros: shape, dtype: dtype)
        if value != 0 && !Cancellation.shouldStop(Cancellation.current) {
            let n = result.count
            switch dtype {
            case .float32, .bool: result.storage.floats.update(repeating: dtype == .bool ? 1 : Float(value), count: n)
            case .float64: result.storage.doubles.update(repeating: value, count: n)
            case .int64: result.storage.int64s.update(repeating: integer(value), count: n)
            case .int32: result.storage.int32s.update(repeating: Int32(truncatingIfNeeded: integer(value)), count: n)
            case .uint8: result.storage.uint8s.update(repeating: UInt8(truncatingIfNeeded: integer(value)), count: n)
            }
        }
        try result.setRequiresGrad(requiresGrad)
        return result
    }

    /// A tensor of `dtype` filled with the integer `value` (exact for int64).
    public static func full(_ shape: [Int], integer value: Int64, dtype: DType = .int64, requiresGrad: Bool = false) throws -> Tensor {
        guard dtype == .int64 else { return try full(shape, Double(value), dtype: dtype, requiresGrad: requiresGrad) }
        let result = Tensor(zeros: shape, dtype: .int64)
        if value != 0 && !Cancellation.shouldStop(Cancellation.current) {
            result.storage.int64s.update(repeating: value, count: result.count)
        }
        try result.setRequiresGrad(requiresGrad)
        return result
    }

    /// A tensor filled with `value`.
    public static func full(_ shape: [Int], _ value: Double, requiresGrad: Bool = false) -> Tensor {
        let result = Tensor(zeros: shape)
        // Work already cut short (a storage over the budget) writes nothing more.
        if value != 0 && !Cancellation.shouldStop(Cancellation.current) {
            result.storage.floats.update(repeating: Float(value), count: result.count)
        }
        result.leafRequiresGrad = requiresGrad
        return result
    }

    /// A one-dimensional float tensor `start, start + step, …` below `end` (PyTorch's `arange`).
    public static func arange(_ start: Double, _ end: Double, step: Double = 1) throws -> Tensor {
        guard step != 0 else { throw TensorError("step must be nonzero") }
        guard (end - start) / step >= 0 else { throw TensorError("upper bound and larger bound inconsistent with step sign") }
        let steps = ((end - start) / step).rounded(.up)
        guard steps.isFinite, steps < 4.6e18 else {
            throw TensorError("arange from \(start) to \(end) by \(step) has too many elements")
        }
        let n = Int(steps)
        try MemoryBudget.check(shape: [n], for: "arange")
        return Tensor(shape: [n], floats: (0..<n).map { Float(start + Double($0) * step) })
    }

    /// `arange(0, end)`.
    public static func arange(_ end: Double) throws -> Tensor { try arange(0, end) }

    /// Uniform random numbers in [0, 1), PyTorch's `torch.rand`, from `generator`.
    public static func rand(_ shape: [Int], requiresGrad: Bool = false, generator: Generator = .default) throws -> Tensor {
        try checkShape(shape)
        return filled(shape, requiresGrad: requiresGrad) { generator.fillUniform($0) }
    }

    /// Standard normal random numbers, PyTorch's `torch.randn`, from `generator`.
    public static func randn(_ shape: [Int], requiresGrad: Bool = false, generator: Generator = .default) throws -> Tensor {
        try checkShape(shape)
        return filled(shape, requiresGrad: requiresGrad) { generator.fillNormal($0) }
    }

    /// Uniform random numbers in [0, 1) of a floating-point `dtype`: float64 draws
    /// 53 random bits per element, as PyTorch's double generator does.
    public static func rand(_ shape: [Int], dtype: DType, requiresGrad: Bool = false, generator: Generator = .default) throws -> Tensor {
        try checkFloatingCreation("rand", dtype)
        guard dtype == .float64 else { return try rand(shape, requiresGrad: requiresGrad, generator: generator) }
        try checkShape(shape)
        let result = empty(shape, dtype: .float64)
        let p = result.storage.doubles
        generator.withLock { for i in 0..<result.count { p[i] = generator.drawUniformDouble() } }
        result.leafRequiresGrad = requiresGrad
        return result
    }

    /// Standard normal random numbers of a floating-point `dtype` (float64 by
    /// ATen's scalar Box-Muller transform in double precision).
    public static func randn(_ shape: [Int], dtype: DType, requiresGrad: Bool = false, generator: Generator = .default) throws -> Tensor {
        try checkFloatingCreation("randn", dtype)
        guard dtype == .float64 else { return try randn(shape, requiresGrad: requiresGrad, generator: generator) }
        try checkShape(shape)
        let result = empty(shape, dtype: .float64)
        let p = result.storage.doubles, n = result.count
        generator.withLock {
            guard n >= 16 else {
                for i in 0..<n { p[i] = generator.drawScalarNormal(mean: 0, std: 1) }
                return
            }
            // ATen's generic `normal_fill`: uniforms for every element, Box-Muller
            // on each whole block of 16, then the last 16 redrawn and transformed.
            for i in 0..<n { p[i] = generator.drawUniformDouble() }
            for i in stride(from: 0, to: n - 15, by: 16) { boxMuller16(p + i) }
            if n % 16 != 0 {
                for i in (n - 16)..<n { p[i] = generator.drawUniformDouble() }
                boxMuller16(p + n - 16)
            }
        }
        result.leafRequiresGrad = requiresGrad
        return result
    }

    /// `normal_fill_16` in double precision: radii from the first eight uniforms,
    /// angles from the last eight, cosines into the first half, sines the second.
    private static func boxMuller16(_ data: UnsafeMutablePointer<Double>) {
        for j in 0..<8 {
            let radius = (-2 * Foundation.log(1 - data[j])).squareRoot()
            let theta = 2 * Double.pi * data[j + 8]
            data[j] = radius * Foundation.cos(theta)
            data[j + 8] = radius * Foundation.sin(theta)
        }
    }

    /// PyTorch's error for a random floating-point creation asked for another type.
    private static func checkFloatingCreation(_ name: String, _ dtype: DType) throws {
        guard dtype.isFloatingPoint else {
            throw TensorError("\"\(name == "rand" ? "check_uniform_bounds" : "normal_kernel_cpu")\" not implemented for '\(dtype.scalarTypeName)'")
        }
    }

    /// A new float32 tensor whose elements `fill` writes, in order, straight into its memory.
    private static func filled(_ shape: [Int], requiresGrad: Bool, _ fill: (UnsafeMutableBufferPointer<Float>) -> Void) -> Tensor {
        let result = empty(shape)
        fill(UnsafeMutableBufferPointer(start: result.storage.floats, count: result.count))
        result.leafRequiresGrad = requiresGrad
        return result
    }

    /// Rejects negative sizes and sizes too large to allocate, with PyTorch's
    /// message (`Trying to create tensor with negative dimension -1: [-1]`).
    public static func checkShape(_ shape: [Int]) throws {
        if let bad = shape.first(where: { $0 < 0 }) {
            throw TensorError("Trying to create tensor with negative dimension \(bad): \(describe(shape: shape))")
        }
        var total = 1
        for d in shape {
            // A zero dimension leaves no element, but the strides of the others still multiply.
            let (p, overflow) = total.multipliedReportingOverflow(by: Swift.max(d, 1))
            guard !overflow, p <= 1 << 32 else { throw TensorError("tensor of shape \(describe(shape: shape)) is too large") }
            total = p
        }
        try MemoryBudget.check(shape: shape, for: "a tensor")
    }
}
