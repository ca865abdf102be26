import Autograd
import FixtureSupport
import XCTest

final class TensorLinearTests: XCTestCase {
    func testMatchesPyTorch() throws {
        try checkKernelFixture("linear") { try $0[0].linear(weight: $0[1], bias: $0[2]) }
    }

    func testGradientsMatchFiniteDifferences() throws {
        try checkFiniteDifferences("linear", shapes: [[3, 4], [2, 4], [2]]) { try $0[0].linear(weight: $0[1], bias: $0[2]) }
        try checkFiniteDifferences("linear no bias 3-D", shapes: [[2, 2, 3], [4, 3]]) { try $0[0].linear(weight: $0[1]) }
        try checkFiniteDifferences("linear vector", shapes: [[3], [2, 3], [2]]) { try $0[0].linear(weight: $0[1], bias: $0[2]) }
    }

    func testShapesAndGradFn() throws {
        let w = try Tensor.randn([5, 3], requiresGrad: true), b = try Tensor.randn([5], requiresGrad: true)
        XCTAssertEqual(try Tensor.randn([2, 3]).linear(weight: w, bias: b).gradFn?.name, "AddmmBackward0")
        XCTAssertEqual(try Tensor.randn([2, 3]).linear(weight: w).gradFn?.name, "MmBackward0")
        XCTAssertEqual(try Tensor.randn([4, 2, 3]).linear(weight: w, bias: b).shape, [4, 2, 5])
        XCTAssertEqual(try Tensor.randn([3]).linear(weight: w, bias: b).shape, [5])
    }

    func testShapeMismatchUsesPyTorchWording() throws {
        XCTAssertThrowsError(try Tensor.randn([1, 512]).linear(weight: Tensor.randn([10, 256]), bias: Tensor.randn([10]))) { error in
            XCTAssertEqual((error as? TensorError)?.message, "mat1 and mat2 shapes cannot be multiplied (1x512 and 256x10)")
        }
    }
}
