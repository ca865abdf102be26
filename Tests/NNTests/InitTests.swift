import Autograd
import NN
import XCTest

final class InitTests: XCTestCase {
    func testFansAndGains() throws {
        let (fanIn, fanOut) = try Init.fans(of: Tensor.zeros([8, 4, 3, 3]))
        XCTAssertEqual(fanIn, 36)
        XCTAssertEqual(fanOut, 72)
        XCTAssertThrowsError(try Init.fans(of: Tensor.zeros([3])))
        XCTAssertEqual(Init.Nonlinearity.relu.gain, 2.0.squareRoot())
        XCTAssertEqual(Init.Nonlinearity.leakyRelu(negativeSlope: 5.0.squareRoot()).gain, (1.0 / 3).squareRoot(), accuracy: 1e-15)
    }

    func testKaimingNormalDrawsPyTorchsNormals() throws {
        let w = Tensor.zeros([16, 2, 3, 3])
        manualSeed(0)
        try Init.kaimingNormal(w, mode: .fanOut, nonlinearity: .relu)
        manualSeed(0)
        let std = Float(2.0.squareRoot() / Double(16 * 9).squareRoot())
        XCTAssertEqual(w.floats, Generator.default.normal(count: w.count, mean: 0, std: std))
    }

    func testUniformFillsInPlaceAndBumpsTheVersion() throws {
        let w = Tensor.zeros([64, 33])
        let version = w.storage.version
        Init.uniform(w, from: -0.25, to: 0.5, generator: Generator(seed: 3))
        XCTAssertEqual(w.floats, Generator(seed: 3).uniform(count: w.count, from: -0.25, to: 0.5))
        XCTAssertGreaterThan(w.storage.version, version)
    }

    func testFillingAViewWritesItsElementsInOrder() throws {
        // A transposed view is not contiguous: its elements take the numbers in
        // their logical order, and the base tensor sees them.
        let base = Tensor.zeros([4, 5])
        let view = try base.t()
        Init.normal(view, mean: 1, std: 2, generator: Generator(seed: 4))
        let expected = Generator(seed: 4).normal(count: 20, mean: 1, std: 2)
        XCTAssertEqual(view.floats, expected)
        XCTAssertEqual(try base.t().floats, expected)
    }

    func testXavierBounds() throws {
        let w = Tensor.zeros([10, 20])
        try Init.xavierUniform(w)
        let bound = Float((6.0 / 30).squareRoot())
        XCTAssertTrue(w.floats.allSatisfy { abs($0) <= bound })
        Init.constant(w, 2)
        XCTAssertTrue(w.floats.allSatisfy { $0 == 2 })
    }
}
