import Autograd
import NN
import XCTest

final class LossesTests: XCTestCase {
    func testFunctionsAndModulesAgree() throws {
        let logits = try Tensor.randn([4, 3], requiresGrad: true)
        let classes = Tensor(shape: [4], int64s: [0, 2, 1, 2])
        let a = try crossEntropy(logits, classes), b = try CrossEntropyLoss()(logits, classes)
        XCTAssertEqual(try a.item(), try b.item())
        XCTAssertEqual(a.gradFn?.name, "NllLossBackward0")
        let logProbabilities = try logits.logSoftmax(dim: 1)
        XCTAssertEqual(try nllLoss(logProbabilities, classes).item(), try a.item(), accuracy: 1e-6)
        XCTAssertEqual(try NLLLoss(reduction: .sum)(logProbabilities, classes).item(), try a.item() * 4, accuracy: 1e-5)
        let target = try Tensor.randn([4, 3])
        XCTAssertEqual(try mseLoss(logits, target).item(), try MSELoss()(logits, target).item())
        XCTAssertEqual(try MSELoss(reduction: .none)(logits, target).shape, [4, 3])
        XCTAssertEqual(try CrossEntropyLoss().description, "CrossEntropyLoss()")
    }

    func testClassWeightsAreTheWeightBuffer() throws {
        let logits = try Tensor.randn([4, 3])
        let classes = Tensor(shape: [4], int64s: [0, 2, 1, 2])
        let weight = Tensor([1.0, 0.0, 0.0])
        let expected = try crossEntropy(logits, classes, weight: weight).item()
        XCTAssertNotEqual(expected, try crossEntropy(logits, classes).item())

        // Replacing the buffer, as a state dict or a script assignment does, changes the loss.
        let loss = try CrossEntropyLoss()
        loss.register(buffer: weight, name: "weight")
        XCTAssertEqual(try loss(logits, classes).item(), expected)
        let nll = NLLLoss()
        nll.weight = weight
        XCTAssertTrue(nll.buffer(named: "weight") === weight)
        XCTAssertEqual(try nll(logits.logSoftmax(dim: 1), classes).item(), expected, accuracy: 1e-6)
    }
}
