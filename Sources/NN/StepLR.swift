/// Multiplies every group's learning rate by `gamma` every `stepSize` epochs, PyTorch's `StepLR`.
public final class StepLR: LRScheduler {
    /// The period of the decay, in epochs.
    public let stepSize: Int
    /// The factor of each decay.
    public let gamma: Double

    /// A schedule over `optimizer`; throws for a step size that is not positive.
    public init(_ optimizer: Optimizer, stepSize: Int, gamma: Double = 0.1) throws {
        guard stepSize > 0 else { throw ModuleError("step_size must be a positive integer, got \(stepSize)") }
        self.stepSize = stepSize
        self.gamma = gamma
        try super.init(optimizer)
    }

    public override func computeLr() throws -> [Double] {
        let rates = try currentLrs()
        if lastEpoch == 0 || lastEpoch % stepSize != 0 { return rates }
        return rates.map { $0 * gamma }
    }
}
