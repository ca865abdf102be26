import Autograd
import Pictures
import XCTest

/// `graph(of:)`: the picture of the autograd graph behind a tensor.
final class TensorGraphTests: XCTestCase {
    func testTutorialGraphHasLeavesOperationsAndOutput() throws {
        let a = Tensor([2.0, 3.0], requiresGrad: true)
        let b = Tensor([6.0, 4.0], requiresGrad: true)
        a.label = "a"
        b.label = "b"
        let q = try 3 * a ** 3 - b ** 2
        q.label = "Q"
        let picture = graph(of: q)
        let labels = picture.nodes.map(\.label).sorted()
        XCTAssertEqual(labels, ["AccumulateGrad", "AccumulateGrad", "MulBackward0", "PowBackward0", "PowBackward0", "Q", "SubBackward0", "a", "b"])
        XCTAssertEqual(picture.nodes.filter { $0.kind == .leaf }.map(\.detail), ["(2)", "(2)"])
        XCTAssertEqual(picture.edges.count, 8)
        let output = try XCTUnwrap(picture.nodes.first { $0.kind == .output })
        XCTAssertEqual(picture.edges.filter { $0.to == output.id }.count, 1)
        XCTAssertTrue(picture.svg().contains("SubBackward0"))
    }

    func testTensorWithoutHistoryIsASingleNode() {
        XCTAssertEqual(graph(of: Tensor([1.0])).nodes.count, 1)
    }
}
