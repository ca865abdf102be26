import Foundation

/// The one-cycle policy, PyTorch's `OneCycleLR`: the learning rate rises from
/// `maxLr / divFactor` to `maxLr` over the first `pctStart` of the steps, then
/// falls to `initial_lr / finalDivFactor`, while the momentum (or Adam's β₁)
/// moves the opposite way between `maxMomentum` and `baseMomentum`.
public final class OneCycleLR: LRScheduler {
    /// How a phase interpolates between its ends.
    public enum AnnealStrategy: String, Sendable {
        case cos, linear
    }

    /// The number of steps in the cycle.
    public let totalSteps: Int
    /// How each phase interpolates.
    public let annealStrategy: AnnealStrategy
    /// Whether the momentum (or β₁) is cycled too.
    public let cycleMomentum: Bool
    private let phases: [(endStep: Double, startLr: String, endLr: String, startMomentum: String, endMomentum: String)]
    private var usesBeta1 = false

    /// A cycle of `totalSteps` (or `epochs × stepsPerEpoch`) steps peaking at `maxLr`
    /// (one value for every group, or one per group).
    public init(
        _ optimizer: Optimizer, maxLr: [Double], totalSteps: Int? = nil, epochs: Int? = nil, stepsPerEpoch: Int? = nil,
        pctStart: Double = 0.3, annealStrategy: AnnealStrategy = .cos, cycleMomentum: Bool = true,
        baseMomentum: Double = 0.85, maxMomentum: Double = 0.95, divFactor: Double = 25, finalDivFactor: Double = 1e4,
        threePhase: Bool = false
    ) throws {
        if let totalSteps {
            guard totalSteps > 0 else { throw ModuleError("Expected positive integer total_steps, but got \(totalSteps)") }
            self.totalSteps = totalSteps
        } else if let epochs, let stepsPerEpoch {
            guard epochs > 0 else { throw ModuleError("Expected positive integer epochs, but got \(epochs)") }
            guard stepsPerEpoch > 0 else { throw ModuleError("Expected positive integer steps_per_epoch, but got \(stepsPerEpoch)") }
            self.totalSteps = epochs * stepsPerEpoch
        } else {
            throw ModuleError("You must define either total_steps OR (epochs AND steps_per_epoch)")
        }
        let total = Double(self.totalSteps)
        if threePhase {
            phases = [(pctStart * total - 1, "initial_lr", "max_lr", "max_momentum", "base_momentum"),
                      (2 * pctStart * total - 2, "max_lr", "initial_lr", "base_momentum", "max_momentum"),
                      (total - 1, "initial_lr", "min_lr", "max_momentum", "max_momentum")]
        } else {
            phases = [(pctStart * total - 1, "initial_lr", "max_lr", "max_momentum", "base_momentum"),
                      (total - 1, "max_lr", "min_lr", "base_momentum", "max_momentum")]
        }
        guard pctStart >= 0 && pctStart <= 1 else {
            throw ModuleError("Expected float between 0 and 1 pct_start, but got \(Python.float(pctStart))")
        }
        self.annealStrategy = annealStrategy
        let groups = optimizer.paramGroups.count
        guard maxLr.count == 1 || maxLr.count == groups else {
            throw ModuleError("expected \(groups) values for max_lr, got \(maxLr.count)")
        }
        let maxLrs = maxLr.count == 1 ? Array(repeating: maxLr[0], count: groups) : maxLr
        for index in 0..<groups {
            optimizer.paramGroups[index]["initial_lr"] = .float(maxLrs[index] / divFactor)
            optimizer.paramGroups[index]["max_lr"] = .float(maxLrs[index])
            optimizer.paramGroups[index]["min_lr"] = .float(maxLrs[index] / divFactor / finalDivFactor)
        }
        self.cycleMomentum = cycleMomentum
        if cycleMomentum {
            let defaults = optimizer.defaults.map(\.0)
            guard defaults.contains("momentum") || defaults.contains("betas") else {
                throw ModuleError("optimizer must support momentum or beta1 with `cycle_momentum` option enabled")
            }
            usesBeta1 = defaults.contains("betas")
            for index in 0..<groups {
                if usesBeta1 {
                    let betas = try optimizer.paramGroups[index].pair("betas")
                    optimizer.paramGroups[index]["betas"] = .pair(maxMomentum, betas.1)
                } else {
                    optimizer.paramGroups[index]["momentum"] = .float(maxMomentum)
                }
                optimizer.paramGroups[index]["max_momentum"] = .float(maxMomentum)
                optimizer.paramGroups[index]["base_momentum"] = .float(baseMomentum)
            }
        }
        try super.init(optimizer)
    }

    private func anneal(_ start: Double, _ end: Double, _ pct: Double) -> Double {
        switch annealStrategy {
        case .cos: return end + (start - end) / 2.0 * (cos(Double.pi * pct) + 1)
        case .linear: return (end - start) * pct + start
        }
    }

    public override func computeLr() throws -> [Double] {
        guard lastEpoch <= totalSteps else {
            throw ModuleError("Tried to step \(lastEpoch) times. The specified number of total steps is \(totalSteps)")
        }
        let stepNumber = Double(lastEpoch)
        var rates: [Double] = []
        for index in optimizer.paramGroups.indices {
            let group = optimizer.paramGroups[index]
            var startStep = 0.0
            for (i, phase) in phases.enumerated() {
                guard stepNumber <= phase.endStep || i == phases.count - 1 else {
                    startStep = phase.endStep
                    continue
                }
                let pct = (stepNumber - startStep) / (phase.endStep - startStep)
                rates.append(anneal(try group.number(phase.startLr), try group.number(phase.endLr), pct))
                if cycleMomentum {
                    let momentum = anneal(try group.number(phase.startMomentum), try group.number(phase.endMomentum), pct)
                    if usesBeta1 {
                        optimizer.paramGroups[index]["betas"] = .pair(momentum, try group.pair("betas").1)
                    } else {
                        optimizer.paramGroups[index]["momentum"] = .float(momentum)
                    }
                }
                break
            }
        }
        return rates
    }
}
