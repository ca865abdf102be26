import Autograd
import NN
import XCTest

final class SequentialTests: XCTestCase {
    func testIndexingAndReplacement() throws {
        let model = Sequential(try Linear(4, 3), ReLU(), try Linear(3, 2))
        XCTAssertEqual(model.count, 3)
        XCTAssertTrue(model[1] is ReLU)
        XCTAssertTrue(model[-1] === model[2])
        model[2] = try Linear(3, 5)
        XCTAssertEqual(model.namedParameters().map(\.0), ["0.weight", "0.bias", "2.weight", "2.bias"])
        XCTAssertEqual(try model(Tensor.randn([2, 4])).shape, [2, 5])
        XCTAssertThrowsError(try model.module(at: 3)) { XCTAssertEqual("\($0)", "index 3 is out of range") }
        model.append(Flatten(startDim: 0))
        XCTAssertEqual(model.namedChildren().map(\.0), ["0", "1", "2", "3"])
    }

    func testForwardChainsModules() throws {
        let model = Sequential(try Linear(2, 2), ReLU())
        let x = try Tensor.randn([3, 2])
        XCTAssertEqual(try model(x).floats, try model[0](x).relu().floats)
        XCTAssertEqual(try model(x).gradFn?.name, "ReluBackward0")
    }
}
