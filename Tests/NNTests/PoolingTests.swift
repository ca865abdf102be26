import Autograd
import NN
import XCTest

final class PoolingTests: XCTestCase {
    func testDescriptionsMatchPyTorch() {
        XCTAssertEqual(MaxPool2d(kernelSize: 3, stride: 2, padding: 1).description,
                       "MaxPool2d(kernel_size=3, stride=2, padding=1, dilation=1, ceil_mode=False)")
        XCTAssertEqual(MaxPool2d(kernelSize: (2, 3)).description,
                       "MaxPool2d(kernel_size=(2, 3), stride=(2, 3), padding=(0, 0), dilation=(1, 1), ceil_mode=False)")
        XCTAssertEqual(AvgPool2d(kernelSize: 2).description, "AvgPool2d(kernel_size=2, stride=2, padding=0)")
        XCTAssertEqual(AdaptiveAvgPool2d(outputSize: (1, 1)).description, "AdaptiveAvgPool2d(output_size=(1, 1))")
        XCTAssertEqual(AdaptiveAvgPool2d(outputSize: 7).description, "AdaptiveAvgPool2d(output_size=7)")
    }

    func testForward() throws {
        let x = Tensor(shape: [1, 1, 2, 4], floats: [1, 5, 2, 0, 3, 4, 9, 8])
        XCTAssertEqual(try MaxPool2d(kernelSize: 2)(x).floats, [5, 9])
        XCTAssertEqual(try AvgPool2d(kernelSize: 2)(x).floats, [3.25, 4.75])
        XCTAssertEqual(try AdaptiveAvgPool2d(outputSize: (1, 1))(x).floats, [4])
        XCTAssertEqual(try AdaptiveAvgPool2d(outputSize: (1, 1))(x).shape, [1, 1, 1, 1])
    }
}
