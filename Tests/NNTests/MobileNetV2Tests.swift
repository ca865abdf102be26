import Autograd
import FixtureSupport
import NN
import XCTest

final class MobileNetV2Tests: XCTestCase {
    func testSeededInitialisationEqualsTorchvision() throws {
        let ulps = try checkModelReference("mobilenet_v2") { try mobilenetV2() }
        XCTAssertEqual(ulps, 0)
    }

    func testStructureNamesAndPrinting() throws {
        manualSeed(0)
        let model = try mobilenetV2(numClasses: 10)
        XCTAssertEqual(model.namedParameters().prefix(4).map(\.0),
                       ["features.0.0.weight", "features.0.1.weight", "features.0.1.bias", "features.1.conv.0.0.weight"])
        XCTAssertEqual(model.parameters().reduce(0) { $0 + $1.count }, 2_236_682)
        let block = try XCTUnwrap(model.features[2] as? InvertedResidual)
        XCTAssertFalse(block.usesResidualConnection)
        XCTAssertTrue(try XCTUnwrap(model.features[3] as? InvertedResidual).usesResidualConnection)
        XCTAssertTrue(block.conv[0] is Conv2dNormActivation)
        XCTAssertTrue(block.conv[0][child: "2"] is ReLU6)
        XCTAssertTrue(model.description.contains("""
                    (1): Conv2dNormActivation(
                      (0): Conv2d(96, 96, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1), groups=96, bias=False)
                      (1): BatchNorm2d(96, eps=1e-05, momentum=0.1, affine=True, bias=True, track_running_stats=True)
                      (2): ReLU6(inplace=True)
                    )
            """), model.description)
        XCTAssertThrowsError(try InvertedResidual(inp: 8, oup: 8, stride: 3, expandRatio: 6)) {
            XCTAssertEqual("\($0)", "stride should be 1 or 2 instead of 3")
        }
    }

    func testForwardAndBackward() throws {
        manualSeed(0)
        let model = try mobilenetV2(numClasses: 10)
        let output = try model(try Tensor.rand([2, 3, 32, 32]))
        XCTAssertEqual(output.shape, [2, 10])
        try output.sum().backward()
        XCTAssertNotNil(model.features[0][child: "0"]?.parameter(named: "weight")?.grad)
    }

    func testLoadsATorchvisionStateDict() throws {
        // torch.save of torchvision's state dict, each float tensor holding K / 1000 (K its position).
        let model = try PretrainedWeights.load(Fixtures.path("models/mobilenet_v2-expanded.pth"), into: try mobilenetV2())
        let state = model.stateDict()
        XCTAssertEqual(state.count, 314)
        for (k, (name, tensor)) in state.enumerated() where tensor.dtype == .float32 {
            XCTAssertEqual(tensor.floats.first, Float(Double(k) / 1000), name)
        }
        setenv("TORCH_HOME", "/nonexistent-torch-home", 1)
        defer { unsetenv("TORCH_HOME") }
        XCTAssertThrowsError(try PretrainedWeights.loadFromHub("mobilenet_v2", into: model)) {
            XCTAssertTrue("\($0)".contains("/nonexistent-torch-home/hub/checkpoints/mobilenet_v2-b0353104.pth"), "\($0)")
        }
    }
}
