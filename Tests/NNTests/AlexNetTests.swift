import Autograd
import NN
import XCTest

final class AlexNetTests: XCTestCase {
    func testSeededInitialisationEqualsTorchvision() throws {
        try checkModelReference("alexnet") { try alexnet() }
        try checkModelReference("resnet34") { try resnet34() }
    }

    func testForward() throws {
        manualSeed(0)
        let model = try alexnet(numClasses: 10)
        model.eval()
        XCTAssertEqual(try model(try Tensor.rand([2, 3, 64, 64])).shape, [2, 10])
    }
}
