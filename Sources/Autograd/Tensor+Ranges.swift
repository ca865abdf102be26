import Foundation

/// Evenly spaced values and identity matrices: `linspace`, `logspace`, `eye`.
extension Tensor {
    /// `steps` values from `start` to `end` inclusive, evenly spaced (float32),
    /// computed as ATen does: the first half counting up from `start`, the second
    /// counting down from `end`, so both ends are exact.
    public static func linspace(_ start: Double, _ end: Double, steps: Int) throws -> Tensor {
        guard steps >= 0 else { throw TensorError("number of steps must be non-negative") }
        let a = Float(start), b = Float(end)
        let step = steps > 1 ? (b - a) / Float(steps - 1) : 0
        let halfway = steps / 2
        return Tensor(shape: [steps], floats: (0..<steps).map { i in
            i < halfway ? a + step * Float(i) : b - step * Float(steps - i - 1)
        })
    }

    /// `steps` values from `base ** start` to `base ** end`, evenly spaced in the exponent.
    public static func logspace(_ start: Double, _ end: Double, steps: Int, base: Double = 10) throws -> Tensor {
        guard steps >= 0 else { throw TensorError("number of steps must be non-negative") }
        let step = steps > 1 ? (end - start) / Double(steps - 1) : 0
        let halfway = steps / 2
        return Tensor(shape: [steps], floats: (0..<steps).map { i in
            let exponent = i < halfway ? start + step * Double(i) : end - step * Double(steps - i - 1)
            return Float(Foundation.pow(base, exponent))
        })
    }

    /// The `n × m` matrix with ones on the diagonal (`m` defaults to `n`).
    public static func eye(_ n: Int, _ m: Int? = nil, requiresGrad: Bool = false) throws -> Tensor {
        let columns = m ?? n
        guard n >= 0 else { throw TensorError("n must be greater or equal to 0, got \(n)") }
        guard columns >= 0 else { throw TensorError("m must be greater or equal to 0, got \(columns)") }
        try checkShape([n, columns])
        var values = [Float](repeating: 0, count: n * columns)
        for i in 0..<Swift.min(n, columns) { values[i * columns + i] = 1 }
        return Tensor(shape: [n, columns], floats: values, requiresGrad: requiresGrad)
    }
}
