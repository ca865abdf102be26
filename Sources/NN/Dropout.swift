import Autograd

/// Randomly zeroes elements with probability `p` during training and scales the
/// rest by `1 / (1 − p)`, PyTorch's `nn.Dropout`; does nothing in evaluation mode.
public final class Dropout: Module {
    /// Probability of an element being zeroed.
    public let p: Double
    /// Whether PyTorch would overwrite its input; kept for printing, the result is the same.
    public let inplace: Bool

    /// A dropout layer zeroing with probability `p`; throws unless `p` lies in 0...1.
    public init(p: Double = 0.5, inplace: Bool = false) throws {
        guard p >= 0 && p <= 1 else {
            throw ModuleError("dropout probability has to be between 0 and 1, but got \(Python.float(p))")
        }
        self.p = p
        self.inplace = inplace
        super.init()
    }

    public override func callAsFunction(_ input: Tensor) throws -> Tensor {
        try dropout(input, p: p, training: isTraining)
    }

    public override var extraDescription: String { "p=\(Python.float(p)), inplace=\(Python.bool(inplace))" }
}

/// PyTorch's `F.dropout`: in training, `input * mask / (1 − p)` with a Bernoulli(1 − p)
/// mask drawn from `generator`; otherwise the input itself.
public func dropout(_ input: Tensor, p: Double = 0.5, training: Bool = true, generator: Generator = .default) throws -> Tensor {
    guard p >= 0 && p <= 1 else {
        throw ModuleError("dropout probability has to be between 0 and 1, but got \(Python.float(p))")
    }
    if p == 0 || !training || input.count == 0 { return input }
    if p == 1 { return try input * Tensor.zeros([]) }
    let scale = 1 / Float(1 - p)
    let keep = generator.bernoulli(count: input.count, p: 1 - p)
    let noise = Tensor(shape: input.shape, floats: keep.map { $0 ? scale : 0 })
    return try input * noise
}
