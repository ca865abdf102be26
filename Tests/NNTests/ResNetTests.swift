import Serialization
import Autograd
import FixtureSupport
import Foundation
import NN
import XCTest

/// ResNet-18 against torchvision: seeded initialisation, two training steps and
/// evaluation (`../shared/fixtures/resnet18`), fine-tuning, and speed.
final class ResNetTests: XCTestCase {
    static let seed0Path = Fixtures.path("resnet18/resnet18-seed0.pth")

    /// The distance between two floats in units in the last place.
    func ulps(_ a: Float, _ b: Float) -> Int {
        func ordered(_ x: Float) -> Int64 {
            let bits = Int64(Int32(bitPattern: x.bitPattern))
            return bits < 0 ? Int64(Int32.min) - bits : bits
        }
        return Int(abs(ordered(a) - ordered(b)))
    }

    func testSeededInitialisationEqualsTorchvision() throws {
        manualSeed(0)
        let model = resnet18()
        let reference = try Checkpoint.load(Self.seed0Path)
        let ours = model.stateDict()
        XCTAssertEqual(ours.map(\.0), reference.map(\.0), "state dict keys and order")
        var worst = 0, worstKey = ""
        for ((key, mine), (_, theirs)) in zip(ours, reference) {
            XCTAssertEqual(mine.shape, theirs.shape, key)
            XCTAssertEqual(mine.dtype, theirs.dtype, key)
            for (a, b) in zip(mine.floats, theirs.floats) where ulps(a, b) > worst {
                worst = ulps(a, b)
                worstKey = key
            }
        }
        print("resnet18 seed 0: largest difference \(worst) ulp\(worstKey.isEmpty ? "" : " (\(worstKey))")")
        XCTAssertLessThanOrEqual(worst, 1)
    }

    func testTwoTrainingStepsMatchPyTorch() throws {
        let model = try resnet18(weights: Self.seed0Path)
        let data = try Fixtures.tensors("resnet18/train-64.safetensors")
        let input = try XCTUnwrap(data["data"]), labels = try XCTUnwrap(data["labels"])
        let optimizer = try SGD(model.parameters(), lr: 1e-2, momentum: 0.9)
        let named = Dictionary(uniqueKeysWithValues: model.namedParameters())
        let buffers = Dictionary(uniqueKeysWithValues: model.namedBuffers())
        var report: [String: Double] = [:]
        func compare(_ label: String, _ ours: Tensor, _ key: String, tolerance: Double) throws {
            let error = Fixtures.relativeError(ours, try XCTUnwrap(data[key], key))
            report[label] = max(report[label] ?? 0, error)
            XCTAssertLessThan(error, tolerance, key)
        }
        for step in 1...2 {
            optimizer.zeroGrad()
            let prediction = try model(input)
            let loss = try (prediction - labels).sum()
            try loss.backward()
            try compare("prediction", prediction, "step\(step).prediction", tolerance: 1e-4)
            try compare("loss", loss.reshape([1]), "step\(step).loss", tolerance: 1e-4)
            if step == 1 {
                for (key, tensor) in data where key.hasPrefix("step1.grad.") {
                    let name = String(key.dropFirst("step1.grad.".count))
                    try compare("gradients", XCTUnwrap(named[name]?.grad, name), key, tolerance: 1e-3)
                }
            }
            try optimizer.step()
            if step == 1 {
                for key in data.keys where key.hasPrefix("step1.after.") {
                    let name = String(key.dropFirst("step1.after.".count))
                    try compare("parameters", XCTUnwrap(named[name], name), key, tolerance: 1e-3)
                }
            }
            for key in data.keys where key.hasPrefix("step\(step).buffer.") {
                let name = String(key.dropFirst("step\(step).buffer.".count))
                try compare("buffers", XCTUnwrap(buffers[name], name).toFloat(), key, tolerance: 1e-3)
            }
        }
        // After two steps of lr 0.01 on `sum(prediction)` the weights have grown so much
        // that the evaluation output (about 1e10) is chaotic: changing one input pixel by
        // one ulp moves it by 4e-3 relative, so only agreement to a few percent is meaningful.
        model.eval()
        let evaluation = try noGrad { try model(input) }
        try compare("eval", evaluation, "eval.prediction", tolerance: 0.1)
        print("resnet18 training vs PyTorch:", report.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
    }

    func testFineTuningUpdatesOnlyTheNewClassifier() throws {
        manualSeed(1)
        let model = resnet18()
        try model.setRequiresGrad(false)
        model.fc = Linear(512, 10)
        let trainable = model.namedParameters().filter { $0.1.requiresGrad }.map(\.0)
        XCTAssertEqual(trainable, ["fc.weight", "fc.bias"])
        XCTAssertEqual(model.parameters().count, 62)
        let before = model.stateDict().map { ($0.0, $0.1.floats) }
        let optimizer = try SGD(model.parameters(), lr: 1e-2, momentum: 0.9)
        let prediction = try model(Tensor.rand([1, 3, 64, 64]))
        XCTAssertEqual(prediction.shape, [1, 10])
        try (prediction - Tensor.rand([1, 10])).sum().backward()
        try optimizer.step()
        let after = Dictionary(uniqueKeysWithValues: model.stateDict().map { ($0.0, $0.1.floats) })
        let changed = before.filter { key, values in after[key] != values }.map(\.0)
        // Training mode also updates BatchNorm's running statistics, which are buffers, not parameters.
        XCTAssertEqual(changed.filter { !$0.contains("running_") && !$0.contains("num_batches") }, ["fc.weight", "fc.bias"])
        XCTAssertNil(model.conv1.weight.grad)
    }

    func testStructureNamesAndPrinting() throws {
        let model = resnet18()
        XCTAssertEqual(model.stateDict().count, 122)
        XCTAssertEqual(model.parameters().count, 62)
        XCTAssertEqual(model.namedParameters().prefix(4).map(\.0), ["conv1.weight", "bn1.weight", "bn1.bias", "layer1.0.conv1.weight"])
        XCTAssertTrue(try XCTUnwrap(model.layer1[0] as? BasicBlock).conv1 === model.layer1[0][child: "conv1"])
        let text = model.description
        XCTAssertTrue(text.hasPrefix("""
            ResNet(
              (conv1): Conv2d(3, 64, kernel_size=(7, 7), stride=(2, 2), padding=(3, 3), bias=False)
              (bn1): BatchNorm2d(64, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)
              (relu): ReLU(inplace=True)
              (maxpool): MaxPool2d(kernel_size=3, stride=2, padding=1, dilation=1, ceil_mode=False)
              (layer1): Sequential(
                (0): BasicBlock(
                  (conv1): Conv2d(64, 64, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1), bias=False)
                  (bn1): BatchNorm2d(64, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)
                  (relu): ReLU(inplace=True)
                  (conv2): Conv2d(64, 64, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1), bias=False)
                  (bn2): BatchNorm2d(64, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)
                )
            """), text)
        XCTAssertTrue(text.contains("""
                  (downsample): Sequential(
                    (0): Conv2d(64, 128, kernel_size=(1, 1), stride=(2, 2), bias=False)
                    (1): BatchNorm2d(128, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)
                  )
                )
            """), text)
        XCTAssertTrue(text.hasSuffix("""
              (avgpool): AdaptiveAvgPool2d(output_size=(1, 1))
              (fc): Linear(in_features=512, out_features=1000, bias=True)
            )
            """), text)
        XCTAssertEqual(text.components(separatedBy: "\n").count, 84)
    }

    func testPretrainedNamesTheMissingFile() throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("torch-home-\(UUID().uuidString)").path
        setenv("TORCH_HOME", home, 1)
        defer { unsetenv("TORCH_HOME") }
        XCTAssertThrowsError(try resnet18(pretrained: true)) { error in
            XCTAssertTrue("\(error)".contains("\(home)/hub/checkpoints/resnet18-f37072fd.pth"), "\(error)")
        }
    }

    func testPretrainedRejectsAFileWithTheWrongHash() throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("torch-home-\(UUID().uuidString)")
        let folder = home.appendingPathComponent("hub/checkpoints")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: home) }
        // The seed-0 weights are a valid checkpoint, but not the published ImageNet file.
        try FileManager.default.copyItem(atPath: Self.seed0Path, toPath: folder.appendingPathComponent("resnet18-f37072fd.pth").path)
        setenv("TORCH_HOME", home.path, 1)
        defer { unsetenv("TORCH_HOME") }
        XCTAssertThrowsError(try resnet18(pretrained: true)) { error in
            XCTAssertTrue("\(error)".contains("invalid hash value"), "\(error)")
        }
    }

    func testForwardAndBackwardAreFast() throws {
        let model = resnet18()
        let input = try Tensor.rand([1, 3, 64, 64])
        var times: [Double] = []
        for _ in 0..<3 {
            let start = Date()
            model.zeroGrad()
            try model(input).sum().backward()
            times.append(Date().timeIntervalSince(start))
        }
        let median = times.sorted()[1]
        print("resnet18 forward+backward at 1x3x64x64: \(Int(median * 1000)) ms")
        XCTAssertLessThan(median, 1.0)
    }
}
