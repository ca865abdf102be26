import Serialization
import Autograd
import FixtureSupport
import Foundation
import NN
import XCTest

/// ResNet-18 against torchvision: seeded initialisation, two training steps and
/// evaluation (`Tests/Reference/resnet18`), fine-tuning, and structure.
final class ResNetTests: XCTestCase {
    /// `torch.manual_seed(0); torchvision.models.resnet18()`, derived from our own
    /// initialisation: `testSeededInitialisationEqualsTorchvision` checks it bit for bit.
    static func seed0() throws -> ResNet {
        manualSeed(0)
        return try resnet18()
    }

    func testSeededInitialisationEqualsTorchvision() throws {
        let ours = try Self.seed0().stateDict()
        let reference = try Fixtures.digests("resnet18/seed0.json")
        XCTAssertEqual(ours.map(\.0), reference.map(\.name), "state dict keys and order")
        for ((key, tensor), expected) in zip(ours, reference) {
            XCTAssertEqual(tensor.shape, expected.shape, key)
            XCTAssertEqual("\(tensor.dtype)", "torch.\(expected.dtype)", key)
            let first = tensor.floats.prefix(expected.first.count).map(Double.init)
            XCTAssertEqual(Fixtures.digest(tensor), expected.sha256,
                           "\(key) differs from torchvision's: first elements \(first), PyTorch's \(expected.first)")
        }
    }

    func testTwoTrainingStepsMatchPyTorch() throws {
        let model = try Self.seed0()
        let data = try Fixtures.tensors("resnet18/train-64.safetensors")
        // torch.Generator().manual_seed(100): the input, then the labels.
        manualSeed(100)
        let input = try Tensor.rand([1, 3, 64, 64]), labels = try Tensor.rand([1, 1000])
        XCTAssertEqual(try Fixtures.sampledError(input, "data", in: data), 0)
        XCTAssertEqual(try Fixtures.sampledError(labels, "labels", in: data), 0)
        let optimizer = try SGD(model.parameters(), lr: 1e-2, momentum: 0.9)
        let named = Dictionary(uniqueKeysWithValues: model.namedParameters())
        let buffers = Dictionary(uniqueKeysWithValues: model.namedBuffers())
        var report: [String: Double] = [:]
        func record(_ label: String, _ error: Double, _ key: String, tolerance: Double) {
            report[label] = max(report[label] ?? 0, error)
            XCTAssertLessThan(error, tolerance, key)
        }
        func compare(_ label: String, _ ours: Tensor, _ key: String, tolerance: Double) throws {
            record(label, Fixtures.relativeError(ours, try XCTUnwrap(data[key], key)), key, tolerance: tolerance)
        }
        func compareSample(_ label: String, prefix: String, tolerance: Double, _ tensor: (String) -> Tensor?) throws {
            let names = data.keys.filter { $0.hasPrefix(prefix) && $0.hasSuffix(".sample") }
                .map { String($0.dropFirst(prefix.count).dropLast(".sample".count)) }
            XCTAssertFalse(names.isEmpty, prefix)
            for name in names {
                let ours = try XCTUnwrap(tensor(name), name)
                record(label, try Fixtures.sampledError(ours, prefix + name, in: data), prefix + name, tolerance: tolerance)
            }
        }
        for step in 1...2 {
            optimizer.zeroGrad()
            let prediction = try model(input)
            let loss = try (prediction - labels).sum()
            try loss.backward()
            try compare("prediction", prediction, "step\(step).prediction", tolerance: 1e-4)
            try compare("loss", loss.reshape([1]), "step\(step).loss", tolerance: 1e-4)
            if step == 1 {
                try compareSample("gradients", prefix: "step1.grad.", tolerance: 1e-3) { named[$0]?.grad }
            }
            try optimizer.step()
            if step == 1 {
                try compareSample("parameters", prefix: "step1.after.", tolerance: 1e-3) { named[$0] }
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
        let model = try resnet18()
        try model.setRequiresGrad(false)
        model.fc = try Linear(512, 10)
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
        let model = try resnet18()
        XCTAssertEqual(model.stateDict().count, 122)
        XCTAssertEqual(model.parameters().count, 62)
        XCTAssertEqual(model.namedParameters().prefix(4).map(\.0), ["conv1.weight", "bn1.weight", "bn1.bias", "layer1.0.conv1.weight"])
        XCTAssertTrue(try XCTUnwrap(model.layer1[0] as? BasicBlock).conv1 === model.layer1[0][child: "conv1"])
        let text = model.description
        XCTAssertTrue(text.hasPrefix("""
            ResNet(
              (conv1): Conv2d(3, 64, kernel_size=(7, 7), stride=(2, 2), padding=(3, 3), bias=False)
              (bn1): BatchNorm2d(64, eps=1e-05, momentum=0.1, affine=True, bias=True, track_running_stats=True)
              (relu): ReLU(inplace=True)
              (maxpool): MaxPool2d(kernel_size=3, stride=2, padding=1, dilation=1, ceil_mode=False)
              (layer1): Sequential(
                (0): BasicBlock(
                  (conv1): Conv2d(64, 64, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1), bias=False)
                  (bn1): BatchNorm2d(64, eps=1e-05, momentum=0.1, affine=True, bias=True, track_running_stats=True)
                  (relu): ReLU(inplace=True)
                  (conv2): Conv2d(64, 64, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1), bias=False)
                  (bn2): BatchNorm2d(64, eps=1e-05, momentum=0.1, affine=True, bias=True, track_running_stats=True)
                )
            """), text)
        XCTAssertTrue(text.contains("""
                  (downsample): Sequential(
                    (0): Conv2d(64, 128, kernel_size=(1, 1), stride=(2, 2), bias=False)
                    (1): BatchNorm2d(128, eps=1e-05, momentum=0.1, affine=True, bias=True, track_running_stats=True)
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

    func testResNet50SeededInitialisationEqualsTorchvision() throws {
        let start = Date()
        let ulps = try checkModelReference("resnet50") { try resnet50() }
        XCTAssertEqual(ulps, 0)
        print("resnet50 construction and digests: \(Int(Date().timeIntervalSince(start) * 1000)) ms")
    }

    func testResNet50StructureForwardAndLoading() throws {
        // One model for all three (a ResNet-50 takes a while to draw in a debug build).
        manualSeed(0)
        let model = try resnet50()
        XCTAssertEqual(model.namedParameters().prefix(8).map(\.0).suffix(4),
                       ["layer1.0.bn1.weight", "layer1.0.bn1.bias", "layer1.0.conv2.weight", "layer1.0.bn2.weight"])
        let block = try XCTUnwrap(model.layer2[0] as? Bottleneck)
        XCTAssertEqual(block.conv2.stride.0, 2)
        XCTAssertEqual(block.conv3.outChannels, 512)
        XCTAssertNotNil(block.downsample)
        XCTAssertNil(try XCTUnwrap(model.layer2[1] as? Bottleneck).downsample)
        model.fc = try Linear(2048, 10)
        XCTAssertEqual(model.parameters().reduce(0) { $0 + $1.count }, 23_528_522)
        let start = Date()
        let output = try model(try Tensor.rand([2, 3, 32, 32]))
        try output.sum().backward()
        print("resnet50 forward+backward at 2x3x32x32: \(Int(Date().timeIntervalSince(start) * 1000)) ms")
        XCTAssertEqual(output.shape, [2, 10])
        XCTAssertNotNil(model.layer4[2][child: "conv3"]?.parameter(named: "weight")?.grad)
        // torch.save of torchvision's state dict, each float tensor holding K / 1000 (K its position).
        model.fc = try Linear(2048, 1000)
        try PretrainedWeights.load(Fixtures.path("models/resnet50-expanded.pth"), into: model)
        let state = model.stateDict()
        XCTAssertEqual(state.count, 320)
        for (k, (name, tensor)) in state.enumerated() where tensor.dtype == .float32 {
            XCTAssertEqual(tensor.floats.first, Float(Double(k) / 1000), name)
        }
        XCTAssertThrowsError(try PretrainedWeights.load(Fixtures.path("models/resnet50-expanded.pth"), into: Self.seed0())) {
            XCTAssertTrue("\($0)".hasPrefix("Error(s) in loading state_dict for ResNet:"), "\($0)")
        }
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
        // A valid checkpoint, but not the published ImageNet file.
        try FileManager.default.copyItem(atPath: Fixtures.path("resnet18/resnet18-expanded.pth"), toPath: folder.appendingPathComponent("resnet18-f37072fd.pth").path)
        setenv("TORCH_HOME", home.path, 1)
        defer { unsetenv("TORCH_HOME") }
        XCTAssertThrowsError(try resnet18(pretrained: true)) { error in
            XCTAssertTrue("\(error)".contains("invalid hash value"), "\(error)")
        }
    }

    func testForwardAndBackwardAreFast() throws {
        let model = try resnet18()
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
