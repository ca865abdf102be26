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
