import Autograd
import NN
import XCTest

final class DropoutTests: XCTestCase {
    func testTrainingZeroesAndRescales() throws {
        manualSeed(0)
        let layer = try Dropout(p: 0.25)
        let y = try layer(Tensor.ones([10_000]))
        let values = y.floats
        XCTAssertTrue(values.allSatisfy { $0 == 0 || $0 == Float(1 / 0.75) })
        let dropped = Double(values.filter { $0 == 0 }.count) / 10_000
        XCTAssertEqual(dropped, 0.25, accuracy: 0.02)
        XCTAssertEqual(layer.description, "Dropout(p=0.25, inplace=False)")
    }

    func testEvaluationAndEdgeProbabilities() throws {
        let x = try Tensor.randn([5])
        XCTAssertTrue(try Dropout().eval()(x) === x)
        XCTAssertTrue(try dropout(x, p: 0) === x)
        XCTAssertEqual(try dropout(x, p: 1).floats, [0, 0, 0, 0, 0])
        XCTAssertThrowsError(try dropout(x, p: 1.5)) { XCTAssertEqual("\($0)", "dropout probability has to be between 0 and 1, but got 1.5") }
    }

    func testGradientFlowsThroughKeptElements() throws {
        let x = Tensor(shape: [100], floats: [Float](repeating: 1, count: 100), requiresGrad: true)
        let y = try dropout(x, p: 0.5)
        try y.sum().backward()
        XCTAssertEqual(x.grad?.floats, y.floats)
    }
}
