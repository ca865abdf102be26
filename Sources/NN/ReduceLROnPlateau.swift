/// Multiplies every group's learning rate by `factor` when a metric has stopped
/// improving for `patience` epochs, PyTorch's `ReduceLROnPlateau`: `step(metric)`
/// after each validation.
public final class ReduceLROnPlateau {
    /// Whether a lower (`min`) or a higher (`max`) metric is better.
    public enum Mode: String, Sendable { case min, max }
    /// Whether `threshold` is relative to the best value or absolute.
    public enum ThresholdMode: String, Sendable { case rel, abs }

    /// The optimizer whose learning rates are reduced.
    public let optimizer: Optimizer
    public let mode: Mode
    /// The factor of each reduction (below 1).
    public let factor: Double
    /// How many epochs without improvement are tolerated.
    public let patience: Int
    /// The smallest change that counts as an improvement.
    public let threshold: Double
    public let thresholdMode: ThresholdMode
    /// Epochs to wait after a reduction before counting bad epochs again.
    public let cooldown: Int
    /// The lowest learning rate of each group.
    public let minLrs: [Double]
    /// A reduction smaller than this is not made.
    public let eps: Double
    /// The best metric so far.
    public private(set) var best: Double
    /// Epochs since the metric last improved.
    public private(set) var numBadEpochs = 0
    /// The number of `step` calls.
    public private(set) var lastEpoch = 0
    private var cooldownCounter = 0
    private var lastLr: [Double]

    /// A schedule over `optimizer`; `minLr` is one value for every group, or one per group.
    public init(
        _ optimizer: Optimizer, mode: Mode = .min, factor: Double = 0.1, patience: Int = 10, threshold: Double = 1e-4,
        thresholdMode: ThresholdMode = .rel, cooldown: Int = 0, minLr: [Double] = [0], eps: Double = 1e-8
    ) throws {
        guard factor < 1 else { throw ModuleError("Factor should be < 1.0.") }
        let groups = optimizer.paramGroups.count
        guard minLr.count == 1 || minLr.count == groups else { throw ModuleError("expected \(groups) min_lrs, got \(minLr.count)") }
        self.optimizer = optimizer
        self.mode = mode
        self.factor = factor
        self.patience = patience
        self.threshold = threshold
        self.thresholdMode = thresholdMode
        self.cooldown = cooldown
        minLrs = minLr.count == 1 ? Array(repeating: minLr[0], count: groups) : minLr
        self.eps = eps
        best = mode == .min ? .infinity : -.infinity
        lastLr = try optimizer.paramGroups.map { try $0.number("lr") }
    }

    /// Records this epoch's metric and reduces the learning rates after `patience` epochs without improvement.
    public func step(_ metric: Double) throws {
        lastEpoch += 1
        if isBetter(metric) {
            best = metric
            numBadEpochs = 0
        } else {
            numBadEpochs += 1
        }
        if cooldownCounter > 0 {
            cooldownCounter -= 1
            numBadEpochs = 0
        }
        if numBadEpochs > patience {
            guard minLrs.count == optimizer.paramGroups.count else {
                throw ModuleError("The number of param groups in the `optimizer` (\(optimizer.paramGroups.count)) differs from when `ReduceLROnPlateau` was initialized (\(minLrs.count))")
            }
            for index in optimizer.paramGroups.indices {
                let old = try optimizer.paramGroups[index].number("lr")
                let new = Swift.max(old * factor, minLrs[index])
                if old - new > eps { optimizer.paramGroups[index]["lr"] = .float(new) }
            }
            cooldownCounter = cooldown
            numBadEpochs = 0
        }
        lastLr = try optimizer.paramGroups.map { try $0.number("lr") }
    }

    /// The learning rates after the latest step, one per group.
    public func getLastLr() -> [Double] { lastLr }

    private func isBetter(_ value: Double) -> Bool {
        switch (mode, thresholdMode) {
        case (.min, .rel): return value < best * (1 - threshold)
        case (.min, .abs): return value < best - threshold
        case (.max, .rel): return value > best * (threshold + 1)
        case (.max, .abs): return value > best + threshold
        }
    }
}
