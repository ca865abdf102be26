import Autograd
import NN
import XCTest

/// Every scheduler's learning rates (and cycled momenta) against
/// `Tests/Reference/optim/schedulers.json`.
final class LRSchedulerTests: XCTestCase {
    private struct Run {
        var lrs: [[Double]] = []
        var momenta: [Double?] = []
        var description = ""
    }

    private func run(steps: Int, groups: Int = 1, adam: Bool = false, metrics: [Double]? = nil,
                     _ make: (Optimizer) throws -> AnyObject) throws -> Run {
        let params = (0..<groups).map { _ in Tensor(shape: [2], floats: [0, 0], requiresGrad: true) }
        let optimizer: Optimizer
        if adam {
            optimizer = try Adam(params, lr: 0.001)
        } else if groups == 1 {
            optimizer = try SGD(params, lr: 0.1, momentum: 0.9)
        } else {
            optimizer = try SGD(params.enumerated().map { ParameterGroup([$1], ["lr": .float(0.1 * Double($0 + 1))]) }, lr: 0.1, momentum: 0.9)
        }
        let scheduler = try make(optimizer)
        func lastLr() -> [Double] {
            (scheduler as? LRScheduler)?.getLastLr() ?? (scheduler as! ReduceLROnPlateau).getLastLr()
        }
        func momentum() -> Double? {
            let group = optimizer.paramGroups[0]
            if case .pair(let b1, _)? = group["betas"] { return b1 }
            return group["momentum"]?.doubleValue
        }
        var result = Run(lrs: [lastLr()], momenta: [momentum()])
        for k in 0..<steps {
            try optimizer.step()
            if let metrics { try (scheduler as! ReduceLROnPlateau).step(metrics[k]) } else { try (scheduler as! LRScheduler).step() }
            result.lrs.append(lastLr())
            result.momenta.append(momentum())
        }
        result.description = optimizer.description
        return result
    }

    func testMatchesPyTorch() throws {
        let data = try Reference.json("optim/schedulers.json")
        let cases = try XCTUnwrap(data["cases"] as? [[String: Any]])
        var byName: [String: [String: Any]] = [:]
        for c in cases { byName[c["name"] as! String] = c }
        let plateauMetrics = try Reference.doubles(byName["plateau"]?["metrics"])
        let runs: [(String, Run)] = [
            ("step", try run(steps: 10) { try StepLR($0, stepSize: 3, gamma: 0.5) }),
            ("step_groups", try run(steps: 7, groups: 2) { try StepLR($0, stepSize: 2) }),
            ("multistep", try run(steps: 10) { try MultiStepLR($0, milestones: [2, 5, 5, 8], gamma: 0.3) }),
            ("exponential", try run(steps: 10) { try ExponentialLR($0, gamma: 0.9) }),
            ("cosine", try run(steps: 22) { try CosineAnnealingLR($0, tMax: 5, etaMin: 0.001) }),
            ("cosine_groups", try run(steps: 9, groups: 2) { try CosineAnnealingLR($0, tMax: 4) }),
            ("lambda", try run(steps: 8) { try LambdaLR($0) { epoch in pow(0.95, Double(epoch)) } }),
            ("onecycle", try run(steps: 20) { try OneCycleLR($0, maxLr: [0.5], totalSteps: 20) }),
            ("onecycle_linear_three", try run(steps: 12) {
                try OneCycleLR($0, maxLr: [1.0], epochs: 3, stepsPerEpoch: 4, pctStart: 0.25, annealStrategy: .linear, threePhase: true)
            }),
            ("onecycle_adam", try run(steps: 10, adam: true) { try OneCycleLR($0, maxLr: [0.01], totalSteps: 10) }),
            ("plateau", try run(steps: plateauMetrics.count, metrics: plateauMetrics) {
                try ReduceLROnPlateau($0, factor: 0.5, patience: 2, cooldown: 1, minLr: [0.02])
            }),
            ("plateau_max_abs", try run(steps: plateauMetrics.count, metrics: plateauMetrics) {
                try ReduceLROnPlateau($0, mode: .max, patience: 1, threshold: 0.05, thresholdMode: .abs)
            }),
        ]
        XCTAssertEqual(runs.count, cases.count)
        var worst = 0.0
        for (name, ours) in runs {
            let reference = try XCTUnwrap(byName[name], name)
            let lrs = try XCTUnwrap(reference["lrs"] as? [[NSNumber]]).map { $0.map(\.doubleValue) }
            XCTAssertEqual(ours.lrs.count, lrs.count, name)
            for (a, b) in zip(ours.lrs.joined(), lrs.joined()) {
                let error = abs(a - b) / max(abs(b), 1e-300)
                worst = max(worst, error)
                XCTAssertLessThanOrEqual(error, 1e-12, "\(name): \(a) against \(b)")
            }
            let momenta = try XCTUnwrap(reference["momenta"] as? [Any]).map { ($0 as? NSNumber)?.doubleValue }
            for (a, b) in zip(ours.momenta, momenta) {
                XCTAssertEqual(a ?? -1, b ?? -1, accuracy: 1e-12, name)
            }
            if !name.hasPrefix("onecycle") { XCTAssertEqual(ours.description, reference["repr"] as? String, name) }
        }
        print("Schedulers: largest relative difference from PyTorch \(worst)")
    }

    func testErrors() throws {
        let optimizer = try SGD([Tensor(shape: [1], floats: [0], requiresGrad: true)], lr: 0.1)
        XCTAssertThrowsError(try StepLR(optimizer, stepSize: 0))
        XCTAssertThrowsError(try OneCycleLR(optimizer, maxLr: [1])) {
            XCTAssertEqual("\($0)", "You must define either total_steps OR (epochs AND steps_per_epoch)")
        }
        XCTAssertThrowsError(try ReduceLROnPlateau(optimizer, factor: 1)) { XCTAssertEqual("\($0)", "Factor should be < 1.0.") }
        let cycle = try OneCycleLR(optimizer, maxLr: [1], totalSteps: 2)
        try cycle.step()
        try cycle.step()
        XCTAssertThrowsError(try cycle.step()) { XCTAssertEqual("\($0)", "Tried to step 3 times. The specified number of total steps is 2") }
    }
}
