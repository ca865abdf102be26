import Autograd

/// Randomly zeroes whole channels with probability `p` during training and scales
/// the rest by `1 / (1 − p)`, PyTorch's `nn.Dropout2d`; does nothing in evaluation mode.
/// A 3-D input is read as `[N, C, L]`, as PyTorch does.
public final class Dropout2d: Module {
    /// Probability of a channel being zeroed.
    public let p: Double
    /// Whether PyTorch would overwrite its input; kept for printing, the result is the same.
    public let inplace: Bool

    /// A channel dropout layer zeroing with probability `p`; throws unless `p` lies in 0...1.
    public init(p: Double = 0.5, inplace: Bool = false) throws {
        guard p >= 0 && p <= 1 else {
            throw ModuleError("dropout probability has to be between 0 and 1, but got \(Python.float(p))")
        }
        self.p = p
        self.inplace = inplace
        super.init()
    }

    public override func callAsFunction(_ input: Tensor) throws -> Tensor {
        try dropout2d(input, p: p, training: isTraining)
    }

    public override var extraDescription: String { "p=\(Python.float(p)), inplace=\(Python.bool(inplace))" }
}

/// PyTorch's `F.dropout2d` (ATen's `feature_dropout`): in training, `input * mask / (1 − p)`
/// with one Bernoulli(1 − p) draw from `generator` per `[sample, channel]`, shared by the
/// channel's elements; otherwise the input itself.
public func dropout2d(_ input: Tensor, p: Double = 0.5, training: Bool = true, generator: Generator = .default) throws -> Tensor {
    guard p >= 0 && p <= 1 else {
        throw ModuleError("dropout probability has to be between 0 and 1, but got \(Python.float(p))")
    }
    if p == 0 || !training || input.count == 0 { return input }
    guard input.rank >= 2 else { throw ModuleError("Feature dropout requires at least 2 dimensions in the input") }
    if p == 1 { return try input * Tensor.zeros([]) }
    let scale = 1 / Float(1 - p)
    let keep = generator.bernoulli(count: input.shape[0] * input.shape[1], p: 1 - p)
    let noise = Tensor(shape: [input.shape[0], input.shape[1]] + Array(repeating: 1, count: input.rank - 2),
                       floats: keep.map { $0 ? scale : 0 })
    return try input * noise
}
