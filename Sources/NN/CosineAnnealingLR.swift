import Foundation

/// Anneals every group's learning rate from its initial rate to `etaMin` along a
/// cosine over `tMax` epochs (and back, periodically), PyTorch's `CosineAnnealingLR`
/// with its recursive update.
public final class CosineAnnealingLR: LRScheduler {
    /// Half the period of the cosine, in epochs.
    public let tMax: Int
    /// The lowest learning rate.
    public let etaMin: Double

    /// A schedule over `optimizer`; throws for a period that is not positive.
    public init(_ optimizer: Optimizer, tMax: Int, etaMin: Double = 0) throws {
        guard tMax > 0 else { throw ModuleError("T_max must be a positive integer, got \(tMax)") }
        self.tMax = tMax
        self.etaMin = etaMin
        try super.init(optimizer)
    }

    public override func computeLr() throws -> [Double] {
        let rates = try currentLrs()
        if isInitialStep { return rates }
        let epoch = Double(lastEpoch), period = Double(tMax)
        if (lastEpoch - 1 - tMax) % (2 * tMax) == 0 {
            return zip(rates, baseLrs).map { rate, base in rate + (base - etaMin) * (1 - cos(Double.pi / period)) / 2 }
        }
        return rates.map { rate in
            (1 + cos(Double.pi * epoch / period)) / (1 + cos(Double.pi * (epoch - 1) / period)) * (rate - etaMin) + etaMin
        }
    }
}
