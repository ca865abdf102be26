import ArgumentParser
import Autograd
import Foundation
import NN
import Script

/// Times the engine on ResNet18, and the cell interpreter on the loop shapes
/// cells use most, in-process; prints one JSON object per case.
@main
struct NotebookBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notebook-bench",
        abstract: "Time ResNet18 training and inference, and interpreter loops, with the notebook engine.",
        discussion: """
            Prints one JSON line per case: {"case", "size", "batch", "threads", "median_ms", "min_ms", "iterations", "blas_kernels"}.
            Warm-up runs are not counted. Compare with PyTorch: python3 bench/compare_torch.py
            """)

    enum Case: String, CaseIterable, ExpressibleByArgument {
        case trainStep = "train_step", forward, backward, sgdStep = "sgd_step", finetuneStep = "finetune_step"
        /// Interpreter loops (`ScriptLoops`), one row per loop.
        case scriptLoops = "script_loops"
    }

    @Option(help: "Image height and width.") var size = 64
    @Option(help: "Images per batch.") var batch = 1
    @Option(help: "Threads for matrix products.") var threads = 2
    @Option(help: "Timed runs per case.") var iterations = 20
    @Option(help: "Untimed runs before timing.") var warmup = 3
    @Option(name: .customLong("case"), help: "Run only this case (\(Case.allCases.map(\.rawValue).joined(separator: ", "))).")
    var only: Case?

    func validate() throws {
        if size < 1 || batch < 1 || threads < 1 { throw ValidationError("--size, --batch and --threads need positive numbers.") }
        if iterations < 1 { throw ValidationError("--iterations needs at least one timed run.") }
        if warmup < 0 { throw ValidationError("--warmup cannot be negative.") }
    }

    func run() throws {
        ComputeThreads.count = threads
        for c in Case.allCases where only == nil || only == c {
            if c == .scriptLoops {
                try runScriptLoops()
                continue
            }
            let samples = try measure(c)
            let sorted = samples.sorted()
            let median = sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
            let row: [String: Any] = [
                "case": c.rawValue, "size": size, "batch": batch, "threads": threads,
                "median_ms": (median * 1000).rounded() / 1000, "min_ms": (sorted[0] * 1000).rounded() / 1000,
                "iterations": iterations, "blas_kernels": ComputeThreads.kernels,
            ]
            let data = try JSONSerialization.data(withJSONObject: row, options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        }
    }

    /// Milliseconds of each timed run of one case.
    private func measure(_ c: Case) throws -> [Double] {
        manualSeed(0)
        let model = try resnet18()
        let data = try Tensor.rand([batch, 3, size, size])
        var labels = try Tensor.rand([batch, 1000])
        var optimizer = try SGD(model.parameters(), lr: 1e-2, momentum: 0.9)

        if c == .finetuneStep {
            for p in model.parameters() { try p.setRequiresGrad(false) }
            model.fc = try Linear(512, 10)
            labels = try Tensor.rand([batch, 10])
            optimizer = try SGD(model.parameters(), lr: 1e-2, momentum: 0.9)
        }
        if c == .forward { _ = model.eval() }

        func trainStep() throws {
            optimizer.zeroGrad()
            let loss = try (model(data) - labels).sum()
            try loss.backward()
            try optimizer.step()
        }
        if c == .sgdStep || c == .backward { try trainStep() }

        var samples: [Double] = []
        for i in 0..<(warmup + iterations) {
            let elapsed: Duration
            switch c {
            case .backward:
                optimizer.zeroGrad()
                let loss = try (model(data) - labels).sum()
                elapsed = try ContinuousClock().measure { try loss.backward() }
            case .forward:
                elapsed = try ContinuousClock().measure { _ = try noGrad { try model(data) } }
            case .sgdStep:
                elapsed = try ContinuousClock().measure { try optimizer.step() }
            case .trainStep, .finetuneStep:
                elapsed = try ContinuousClock().measure { try trainStep() }
            case .scriptLoops:
                return []
            }
            if i >= warmup {
                samples.append(Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15)
            }
        }
        return samples
    }

    /// One JSON row per interpreter loop: the median of the timed runs.
    private func runScriptLoops() throws {
        for loop in ScriptLoops.all {
            var samples: [Double] = []
            for i in 0..<(warmup + iterations) {
                let elapsed = try ScriptLoops.time(loop.source)
                if i >= warmup { samples.append(elapsed * 1000) }
            }
            let sorted = samples.sorted()
            let row: [String: Any] = [
                "case": "script_loops", "loop": loop.name, "iterations": iterations,
                "median_ms": (sorted[sorted.count / 2] * 1000).rounded() / 1000, "min_ms": (sorted[0] * 1000).rounded() / 1000,
            ]
            let data = try JSONSerialization.data(withJSONObject: row, options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        }
    }
}
