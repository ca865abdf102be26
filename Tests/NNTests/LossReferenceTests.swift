import Autograd
import NN
import XCTest

/// Every loss against `Tests/Reference/losses/losses.json`: the value, the gradient
/// of its sum with respect to the input, and the gradFn's name, for each reduction.
final class LossReferenceTests: XCTestCase {
    private func compute(_ name: String, _ x: Tensor, _ target: Tensor, _ tensors: [String: Tensor], _ kwargs: [String: Any]) throws -> Tensor {
        let reductionName = kwargs["reduction"] as? String ?? "mean"
        let reduction = Reduction(rawValue: reductionName) ?? .mean
        let number = { (key: String, fallback: Double) in (kwargs[key] as? NSNumber)?.doubleValue ?? fallback }
        switch name {
        case let n where n.hasPrefix("bce_logits"):
            return try BCEWithLogitsLoss(weight: tensors["weight"], reduction: reduction, posWeight: tensors["pos_weight"])(x, target)
        case let n where n.hasPrefix("bce"): return try BCELoss(weight: tensors["weight"], reduction: reduction)(x, target)
        case let n where n.hasPrefix("l1"): return try L1Loss(reduction: reduction)(x, target)
        case let n where n.hasPrefix("smooth_l1"): return try SmoothL1Loss(reduction: reduction, beta: number("beta", 1))(x, target)
        case let n where n.hasPrefix("huber"): return try HuberLoss(reduction: reduction, delta: number("delta", 1))(x, target)
        case let n where n.hasPrefix("cross_entropy"):
            return try CrossEntropyLoss(weight: tensors["weight"], reduction: reduction, labelSmoothing: number("label_smoothing", 0))(x, target)
        case let n where n.hasPrefix("kl_div"):
            return try KLDivLoss(reduction: try XCTUnwrap(Tensor.KLDivReduction(rawValue: reductionName)),
                                 logTarget: kwargs["log_target"] as? Bool ?? false)(x, target)
        default: throw ModuleError("unknown loss \(name)")
        }
    }

    func testMatchesPyTorch() throws {
        let cases = try XCTUnwrap(Reference.json("losses/losses.json")["cases"] as? [[String: Any]])
        XCTAssertEqual(cases.count, 42)
        var worstValue = 0.0, worstGrad = 0.0
        for c in cases {
            let name = try XCTUnwrap(c["name"] as? String)
            let shape = try XCTUnwrap(c["shape"] as? [Int])
            let x = Tensor(shape: shape, floats: try Reference.floats(c["input"]), requiresGrad: true)
            let targetValues = try Reference.floats(c["target"])
            let target = c["target_int"] as? Bool == true
                ? Tensor(shape: [targetValues.count], int64s: targetValues.map { Int64($0) })
                : Tensor(shape: shape, floats: targetValues)
            let shapes = c["tensor_shapes"] as? [String: [Int]] ?? [:]
            var tensors: [String: Tensor] = [:]
            for (key, values) in c["tensors"] as? [String: Any] ?? [:] {
                tensors[key] = Tensor(shape: shapes[key] ?? [], floats: try Reference.floats(values))
            }
            let loss = try compute(name, x, target, tensors, c["kwargs"] as? [String: Any] ?? [:])
            XCTAssertEqual(loss.gradFn?.name, c["grad_fn"] as? String, name)
            XCTAssertEqual(loss.shape, c["value_shape"] as? [Int], name)
            try loss.sum().backward()
            func error(_ ours: [Float], _ reference: [Float]) -> Double {
                let scale = max(Double(reference.map { abs($0) }.max() ?? 0), 1)
                return zip(ours, reference).map { Double(abs($0 - $1)) }.max().map { $0 / scale } ?? .infinity
            }
            let valueError = error(loss.floats, try Reference.floats(c["value"]))
            let gradError = error(try XCTUnwrap(x.grad, name).floats, try Reference.floats(c["grad"]))
            XCTAssertLessThan(valueError, 1e-5, name)
            XCTAssertLessThan(gradError, 1e-5, name)
            worstValue = max(worstValue, valueError)
            worstGrad = max(worstGrad, gradError)
        }
        print("Losses: largest relative error against PyTorch \(worstValue) (values), \(worstGrad) (input gradients)")
    }

    func testBadInputIsAnError() throws {
        let p = Tensor(shape: [2], floats: [0.5, 1.5])
        XCTAssertThrowsError(try binaryCrossEntropy(p, Tensor(shape: [2], floats: [0, 1]))) {
            XCTAssertEqual("\($0)", "all elements of input should be between 0 and 1")
        }
        XCTAssertThrowsError(try binaryCrossEntropy(p, Tensor(shape: [1], floats: [0]))) {
            XCTAssertEqual("\($0)", "Using a target size (torch.Size([1])) that is different to the input size (torch.Size([2])) is deprecated. Please ensure they have the same size.")
        }
        XCTAssertThrowsError(try binaryCrossEntropyWithLogits(p, Tensor(shape: [3], floats: [0, 1, 1]))) {
            XCTAssertEqual("\($0)", "Target size (torch.Size([3])) must be the same as input size (torch.Size([2]))")
        }
        XCTAssertThrowsError(try CrossEntropyLoss(labelSmoothing: 1.5)) { XCTAssertEqual("\($0)", "label_smoothing must be between 0.0 and 1.0. Got: 1.5") }
        XCTAssertThrowsError(try HuberLoss(delta: 0)) { XCTAssertEqual("\($0)", "huber_loss does not support non-positive values for delta.") }
        XCTAssertThrowsError(try SmoothL1Loss(beta: -1)) { XCTAssertEqual("\($0)", "smooth_l1_loss does not support negative values for beta.") }
        XCTAssertThrowsError(try l1Loss(Tensor.zeros([3, 4]), Tensor.zeros([2, 4])))
    }
}
