import Autograd
import NN
import XCTest

/// Every layer initialiser given bad sizes throws PyTorch's error instead of trapping.
final class LayerInitialiserTests: XCTestCase {
    private func message(_ body: () throws -> Any) -> String {
        do { _ = try body(); return "no error" } catch { return "\(error)" }
    }

    func testBadSizesThrow() {
        XCTAssertEqual(message { try Linear(-1, 2) }, "Trying to create tensor with negative dimension -1: [2, -1]")
        XCTAssertEqual(message { try Conv2d(3, -6, kernelSize: 3) }, "Trying to create tensor with negative dimension -6: [-6, 3, 3, 3]")
        XCTAssertEqual(message { try Conv2d(3, 6, kernelSize: 3, groups: 2) }, "in_channels must be divisible by groups")
        XCTAssertEqual(message { try Conv2d(3, 6, kernelSize: 3, groups: 0) }, "groups must be a positive integer")
        XCTAssertEqual(message { try Conv2d(3, 6, kernelSize: 0) }, "kernel size should be greater than zero, but got (0, 0)")
        XCTAssertEqual(message { try Conv2d(3, 6, kernelSize: 3, stride: 0) }, "non-positive stride is not supported")
        XCTAssertEqual(message { try Conv2d(3, 6, kernelSize: 3, padding: -1) }, "negative padding is not supported")
        XCTAssertEqual(message { try Conv2d(3, 6, kernelSize: 3, dilation: 0) }, "dilation should be greater than zero")
        XCTAssertEqual(message { try Dropout(p: 1.5) }, "dropout probability has to be between 0 and 1, but got 1.5")
        XCTAssertEqual(message { try BatchNorm2d(-2) }, "Trying to create tensor with negative dimension -2: [-2]")
        XCTAssertEqual(message { try ResNet(layers: [2, 2]) }, "ResNet takes the number of blocks of its four stages, got 2")
    }
}
