/// Multiplies every group's learning rate by `gamma` every epoch, PyTorch's `ExponentialLR`.
public final class ExponentialLR: LRScheduler {
    /// The factor of each epoch's decay.
    public let gamma: Double

    /// A schedule over `optimizer`.
    public init(_ optimizer: Optimizer, gamma: Double) throws {
        self.gamma = gamma
        try super.init(optimizer)
    }

    public override func computeLr() throws -> [Double] {
        let rates = try currentLrs()
        return isInitialStep ? rates : rates.map { $0 * gamma }
    }
}
