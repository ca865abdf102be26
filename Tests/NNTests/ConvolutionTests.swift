import Autograd
import NN
import XCTest

final class ConvolutionTests: XCTestCase {
    func testShapesAndInitialisation() throws {
        let conv = try Conv2d(4, 6, kernelSize: 3, stride: 2, padding: 1, groups: 2)
        XCTAssertEqual(conv.weight.shape, [6, 2, 3, 3])
        let bound = 1 / Float(2 * 3 * 3).squareRoot()
        XCTAssertTrue(conv.weight.floats.allSatisfy { abs($0) <= bound })
        XCTAssertTrue(conv.bias!.floats.allSatisfy { abs($0) <= bound })
        XCTAssertEqual(try conv(Tensor.randn([1, 4, 8, 8])).shape, [1, 6, 4, 4])
    }

    func testDescriptionMatchesPyTorch() {
        XCTAssertEqual(try Conv2d(3, 64, kernelSize: 7, stride: 2, padding: 3, bias: false).description,
                       "Conv2d(3, 64, kernel_size=(7, 7), stride=(2, 2), padding=(3, 3), bias=False)")
        XCTAssertEqual(try Conv2d(64, 128, kernelSize: 1, stride: 2, bias: false).description,
                       "Conv2d(64, 128, kernel_size=(1, 1), stride=(2, 2), bias=False)")
        XCTAssertEqual(try Conv2d(4, 4, kernelSize: (3, 1), padding: (2, 0), dilation: (2, 1), groups: 4).description,
                       "Conv2d(4, 4, kernel_size=(3, 1), stride=(1, 1), padding=(2, 0), dilation=(2, 1), groups=4)")
    }

    func testChannelMismatchUsesPyTorchWording() {
        XCTAssertThrowsError(try Conv2d(3, 8, kernelSize: 3)(Tensor.zeros([1, 1, 5, 5]))) { error in
            XCTAssertEqual("\(error)", "Given groups=1, weight of size [8, 3, 3, 3], expected input[1, 1, 5, 5] to have 3 channels, but got 1 channels instead")
        }
    }
}
