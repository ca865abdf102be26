import Autograd
import NN
import XCTest

final class ActivationsTests: XCTestCase {
    func testForwardAndDescriptions() throws {
        let x = Tensor(shape: [1, 3], floats: [-1, 0, 2])
        XCTAssertEqual(try ReLU()(x).floats, [0, 0, 2])
        XCTAssertEqual(try Sigmoid()(x).floats, x.sigmoid().floats)
        XCTAssertEqual(try Tanh()(x).floats, x.tanh().floats)
        XCTAssertEqual(try Softmax(dim: 1)(x).floats, try x.softmax(dim: 1).floats)
        XCTAssertEqual(try LogSoftmax(dim: 1)(x).floats, try x.logSoftmax(dim: 1).floats)
        XCTAssertTrue(try Identity()(x) === x)
        XCTAssertEqual(ReLU().description, "ReLU()")
        XCTAssertEqual(ReLU(inplace: true).description, "ReLU(inplace=True)")
        XCTAssertEqual(Softmax(dim: 1).description, "Softmax(dim=1)")
        XCTAssertEqual(Identity().description, "Identity()")
    }
}
