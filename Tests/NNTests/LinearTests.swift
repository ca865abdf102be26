import Autograd
import NN
import XCTest

final class LinearTests: XCTestCase {
    func testInitialisationBoundsAndShapes() throws {
        let layer = try Linear(16, 4)
        XCTAssertEqual(layer.weight.shape, [4, 16])
        XCTAssertEqual(layer.bias?.shape, [4])
        XCTAssertTrue(layer.weight.requiresGrad && layer.weight.isLeaf)
        // Kaiming-uniform with a = √5 and the bias both have bound 1/√16.
        XCTAssertTrue(layer.weight.floats.allSatisfy { abs($0) <= 0.25 })
        XCTAssertTrue(layer.bias!.floats.allSatisfy { abs($0) <= 0.25 })
        XCTAssertGreaterThan(layer.weight.floats.map { abs($0) }.max()!, 0.2)
        XCTAssertNil(try Linear(3, 2, bias: false).bias)
    }

    func testSeededInitialisationDrawsInPyTorchsOrder() throws {
        manualSeed(0)
        let layer = try Linear(3, 2)
        manualSeed(0)
        let weight = Generator.default.uniform(count: 6, from: -1 / Float(3).squareRoot(), to: 1 / Float(3).squareRoot())
        let bias = Generator.default.uniform(count: 2, from: -1 / Float(3).squareRoot(), to: 1 / Float(3).squareRoot())
        XCTAssertEqual(layer.weight.floats, weight)
        XCTAssertEqual(layer.bias!.floats, bias)
    }

    func testForwardDescriptionAndErrors() throws {
        let layer = try Linear(3, 2)
        let x = try Tensor.randn([5, 3])
        XCTAssertEqual(try layer(x).floats, try x.linear(weight: layer.weight, bias: layer.bias).floats)
        XCTAssertEqual(try layer(x).gradFn?.name, "AddmmBackward0")
        XCTAssertEqual(layer.description, "Linear(in_features=3, out_features=2, bias=True)")
        XCTAssertEqual(try Linear(3, 2, bias: false).description, "Linear(in_features=3, out_features=2, bias=False)")
        XCTAssertThrowsError(try layer(Tensor.randn([1, 4]))) { error in
            XCTAssertEqual("\(error)", "mat1 and mat2 shapes cannot be multiplied (1x4 and 3x2)")
        }
    }
}
