import Foundation

/// Multiplies every group's learning rate by `gamma` at each milestone epoch, PyTorch's `MultiStepLR`.
public final class MultiStepLR: LRScheduler {
    /// The epochs at which the rate decays (a repeated milestone decays once per repetition).
    public let milestones: [Int]
    /// The factor of each decay.
    public let gamma: Double

    /// A schedule over `optimizer`.
    public init(_ optimizer: Optimizer, milestones: [Int], gamma: Double = 0.1) throws {
        self.milestones = milestones.sorted()
        self.gamma = gamma
        try super.init(optimizer)
    }

    public override func computeLr() throws -> [Double] {
        let rates = try currentLrs()
        let hits = milestones.filter { $0 == lastEpoch }.count
        guard hits > 0 else { return rates }
        return rates.map { $0 * Foundation.pow(gamma, Double(hits)) }
    }
}
