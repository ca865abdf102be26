import Autograd
import NN
import XCTest

final class VGGTests: XCTestCase {
    func testSeededInitialisationEqualsTorchvision() throws {
        // Each VGG takes seconds to draw and digest: these two cover both configurations,
        // with and without batch normalisation. vgg11_bn.json and vgg16.json hold the
        // same reference for the other two (checked by hand with checkModelReference).
        try checkModelReference("vgg11") { try vgg11() }
        try checkModelReference("vgg16_bn") { try vgg16BN() }
    }

    func testForwardWithFewClasses() throws {
        manualSeed(0)
        let model = try vgg11BN(numClasses: 3)
        model.eval()
        let output = try model(try Tensor.rand([1, 3, 32, 32]))
        XCTAssertEqual(output.shape, [1, 3])
        XCTAssertThrowsError(try vgg11(numClasses: -1)) { XCTAssertEqual("\($0)", "numClasses must be non-negative, got -1") }
    }

    func testPretrainedNamesTheMissingFile() throws {
        setenv("TORCH_HOME", "/nonexistent-torch-home", 1)
        defer { unsetenv("TORCH_HOME") }
        XCTAssertThrowsError(try PretrainedWeights.loadFromHub("vgg16", into: try vgg11(numClasses: 1))) {
            XCTAssertTrue("\($0)".contains("/nonexistent-torch-home/hub/checkpoints/vgg16-397923af.pth"), "\($0)")
        }
    }
}
