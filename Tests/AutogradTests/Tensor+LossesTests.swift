import Autograd
import FixtureSupport
import XCTest

final class TensorLossesTests: XCTestCase {
    func testMatchesPyTorch() throws {
        try checkKernelFixture("mse_loss") { try $0[0].mseLoss($0[1]) }
        let target = Tensor(shape: [3], int64s: [1, 0, 4])
        try checkKernelFixture("cross_entropy") { try $0[0].crossEntropy(target) }
    }

    func testGradientsMatchFiniteDifferences() throws {
        try checkFiniteDifferences("mseLoss", shapes: [[3, 2], [3, 2]]) { try $0[0].mseLoss($0[1]) }
        try checkFiniteDifferences("mseLoss sum broadcast", shapes: [[3, 2], [2]]) { try $0[0].mseLoss($0[1], reduction: .sum) }
        let target = Tensor(shape: [4], int64s: [2, 0, -100, 1])
        let weight = Tensor(shape: [3], floats: [0.5, 2, 1])
        try checkFiniteDifferences("crossEntropy weighted ignore", shapes: [[4, 3]]) {
            try $0[0].crossEntropy(target, weight: weight)
        }
        try checkFiniteDifferences("nllLoss none", shapes: [[4, 3]]) { try $0[0].nllLoss(target, reduction: .none) }
        let spatial = Tensor(shape: [2, 2], int64s: [0, 2, 1, 1])
        try checkFiniteDifferences("crossEntropy spatial", shapes: [[2, 3, 2]]) { try $0[0].crossEntropy(spatial, reduction: .sum) }
        let probabilities = Tensor(shape: [2, 3], floats: [0.2, 0.3, 0.5, 1, 0, 0])
        try checkFiniteDifferences("crossEntropy probabilities", shapes: [[2, 3]]) { try $0[0].crossEntropy(probabilities) }
    }

    func testGraphMatchesPyTorch() throws {
        let logits = try Tensor.randn([2, 3], requiresGrad: true)
        let loss = try logits.crossEntropy(Tensor(shape: [2], int64s: [0, 2]))
        XCTAssertEqual(loss.gradFn?.name, "NllLossBackward0")
        XCTAssertEqual(loss.gradFn?.next.first??.name, "LogSoftmaxBackward0")
        XCTAssertEqual(try logits.mseLoss(Tensor.zeros([2, 3])).gradFn?.name, "MseLossBackward0")
    }

    func testValues() throws {
        // −log softmax of equal logits is log 3.
        let loss = try Tensor.zeros([2, 3]).crossEntropy(Tensor(shape: [2], int64s: [0, 2]))
        XCTAssertEqual(try loss.item(), log(3.0), accuracy: 1e-6)
        XCTAssertEqual(try Tensor([1.0, 2.0]).mseLoss(Tensor([0.0, 0.0])).item(), 2.5, accuracy: 1e-6)
    }

    func testErrors() throws {
        let logits = Tensor.zeros([3, 5])
        XCTAssertThrowsError(try logits.crossEntropy(Tensor(shape: [2], int64s: [0, 1]))) { error in
            XCTAssertEqual((error as? TensorError)?.message, "Expected input batch_size (3) to match target batch_size (2).")
        }
        XCTAssertThrowsError(try logits.crossEntropy(Tensor(shape: [3], int64s: [0, 5, 1]))) { error in
            XCTAssertEqual((error as? TensorError)?.message, "Target 5 is out of bounds.")
        }
        XCTAssertThrowsError(try logits.nllLoss(Tensor(shape: [3], floats: [0, 1, 1]))) { error in
            XCTAssertEqual((error as? TensorError)?.message, "expected scalar type Long but found Float")
        }
    }
}
