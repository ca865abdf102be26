import Autograd
import NN
import XCTest

final class FlattenTests: XCTestCase {
    func testUnflattenMatchesPyTorch() throws {
        try LayerReference("unflatten").check(Unflatten(dim: 1, unflattenedSize: [2, 3]))
        XCTAssertEqual(try Unflatten(dim: 1, unflattenedSize: [-1, 3])(Tensor.ones([2, 6])).shape, [2, 2, 3])
        XCTAssertEqual(try Unflatten(dim: -1, unflattenedSize: [2, -1])(Tensor.ones([2, 6])).shape, [2, 2, 3])
        XCTAssertEqual(Unflatten(dim: 0, unflattenedSize: [4]).description, "Unflatten(dim=0, unflattened_size=(4,))")
        XCTAssertEqual(Flatten(startDim: 0, endDim: 1).description, "Flatten(start_dim=0, end_dim=1)")
    }

    func testUnflattenErrorsArePyTorchs() {
        func message(_ body: () throws -> Any) -> String {
            do { _ = try body(); return "no error" } catch { return "\(error)" }
        }
        XCTAssertEqual(message { try Unflatten(dim: -1, unflattenedSize: [2, 4])(Tensor.ones([2, 6])) },
                       "unflatten: Provided sizes [2, 4] don't multiply up to the size of dim 1 (6) in the input tensor")
        XCTAssertEqual(message { try Unflatten(dim: 1, unflattenedSize: [4, -1])(Tensor.ones([2, 6])) },
                       "unflatten: Provided sizes [4, -1] don't multiply up to the size of dim 1 (6) in the input tensor")
        XCTAssertEqual(message { try Unflatten(dim: 3, unflattenedSize: [2, 3])(Tensor.ones([2, 6])) },
                       "Dimension out of range (expected to be in range of [-2, 1], but got 3)")
    }
}
