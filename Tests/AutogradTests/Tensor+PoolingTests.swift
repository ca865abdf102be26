import Autograd
import FixtureSupport
import XCTest

final class TensorPoolingTests: XCTestCase {
    func testMatchesPyTorch() throws {
        try checkKernelFixture("max_pool2d_k3s2p1") { try $0[0].maxPool2d(kernelSize: (3, 3), stride: (2, 2), padding: (1, 1)) }
        try checkKernelFixture("avg_pool2d_k2") { try $0[0].avgPool2d(kernelSize: (2, 2)) }
        try checkKernelFixture("adaptive_avg_pool2d_1") { try $0[0].adaptiveAvgPool2d(outputSize: (1, 1)) }
    }

    func testGradientsMatchFiniteDifferences() throws {
        try checkFiniteDifferences("maxPool2d", shapes: [[1, 2, 5, 6]]) {
            try $0[0].maxPool2d(kernelSize: (3, 2), stride: (2, 2), padding: (1, 1))
        }
        try checkFiniteDifferences("maxPool2d dilation ceil", shapes: [[1, 1, 7, 7]]) {
            try $0[0].maxPool2d(kernelSize: (2, 2), stride: (2, 2), dilation: (2, 2), ceilMode: true)
        }
        try checkFiniteDifferences("avgPool2d", shapes: [[2, 1, 5, 5]]) {
            try $0[0].avgPool2d(kernelSize: (3, 3), stride: (2, 2), padding: (1, 1), ceilMode: true, countIncludePad: false)
        }
        try checkFiniteDifferences("adaptiveAvgPool2d", shapes: [[1, 2, 5, 7]]) { try $0[0].adaptiveAvgPool2d(outputSize: (3, 4)) }
    }

    func testMaxPoolIndicesAndGradFn() throws {
        let x = Tensor(shape: [1, 1, 2, 4], floats: [1, 5, 2, 0, 3, 4, 9, 8], requiresGrad: true)
        let (values, indices) = try x.maxPool2dWithIndices(kernelSize: (2, 2))
        XCTAssertEqual(values.floats, [5, 9])
        XCTAssertEqual(indices.int64s, [1, 6])
        XCTAssertEqual(values.gradFn?.name, "MaxPool2DWithIndicesBackward0")
        XCTAssertEqual(try x.avgPool2d(kernelSize: (2, 2)).gradFn?.name, "AvgPool2DBackward0")
        XCTAssertEqual(try x.adaptiveAvgPool2d(outputSize: (1, 2)).gradFn?.name, "AdaptiveAvgPool2DBackward0")
        XCTAssertEqual(try x.adaptiveAvgPool2d(outputSize: (1, 2)).floats, [3.25, 4.75])
    }

    func testAvgPoolDivisorRules() throws {
        let x = Tensor.ones([1, 1, 3, 3])
        // With padding 1, the corner window holds 4 real elements out of 9.
        XCTAssertEqual(try x.avgPool2d(kernelSize: (3, 3), stride: (2, 2), padding: (1, 1)).floats, [4.0 / 9, 4.0 / 9, 4.0 / 9, 4.0 / 9])
        XCTAssertEqual(try x.avgPool2d(kernelSize: (3, 3), stride: (2, 2), padding: (1, 1), countIncludePad: false).floats, [1, 1, 1, 1])
        XCTAssertEqual(try x.avgPool2d(kernelSize: (3, 3), stride: (2, 2), padding: (1, 1), divisorOverride: 2).floats, [2, 2, 2, 2])
    }

    func testErrors() throws {
        let x = Tensor.ones([1, 1, 4, 4])
        XCTAssertThrowsError(try x.maxPool2d(kernelSize: (3, 3), padding: (2, 2))) { error in
            XCTAssertEqual((error as? TensorError)?.message, "pad should be at most half of effective kernel size, but got pad=2, kernel_size=3 and dilation=1")
        }
        XCTAssertThrowsError(try x.maxPool2d(kernelSize: (5, 5))) { error in
            XCTAssertEqual((error as? TensorError)?.message, "Given input size: (1x4x4). Calculated output size: (1x0x0). Output size is too small")
        }
        XCTAssertThrowsError(try Tensor.ones([4, 4]).avgPool2d(kernelSize: (2, 2))) { error in
            XCTAssertEqual((error as? TensorError)?.message, "non-empty 3D or 4D (batch mode) tensor expected for input")
        }
    }
}
