import Autograd
import XCTest

/// Every operation that saves a tensor for its backward detects an in-place
/// change to that tensor, because its backward can only read it through the node.
final class GradFnTests: XCTestCase {
    /// One operation: what it computes from `x` (a leaf that requires grad), and
    /// the tensor it saves that the case changes in place before the backward.
    private struct Case {
        let name: String
        let build: (Tensor) throws -> (output: Tensor, saved: Tensor)
    }

    private static let message =
        "one of the variables needed for gradient computation has been modified by an inplace operation: "

    private var cases: [Case] {
        let other = Tensor(shape: [2, 3], floats: [0.5, 1.5, 2, 3, 0.25, 1])
        let square = Tensor(shape: [3, 2], floats: [1, 2, 3, 4, 5, 6])
        return [
            Case(name: "mul saves the other factor") { x in (try x * other, other) },
            Case(name: "mul saves self") { x in (try other.mul(x), other) },
            Case(name: "div") { x in (try x / other, other) },
            Case(name: "reciprocal") { x in let y = x.reciprocal(); return (y, y) },
            Case(name: "pow") { x in let y = try x * 1.0; return (y.pow(3), y) },
            Case(name: "pow tensor") { x in (try x.pow(other), other) },
            Case(name: "rpow") { x in let y = x.rpow(2); return (y, y) },
            Case(name: "exp") { x in let y = x.exp(); return (y, y) },
            Case(name: "log") { x in let y = try x * 1.0; return (y.log(), y) },
            Case(name: "sqrt") { x in let y = x.sqrt(); return (y, y) },
            Case(name: "abs") { x in let y = try x * 1.0; return (y.abs(), y) },
            Case(name: "relu") { x in let y = x.relu(); return (y, y) },
            Case(name: "sigmoid") { x in let y = x.sigmoid(); return (y, y) },
            Case(name: "tanh") { x in let y = x.tanh(); return (y, y) },
            Case(name: "softmax") { x in let y = try x.softmax(dim: 1); return (y, y) },
            Case(name: "logSoftmax") { x in let y = try x.logSoftmax(dim: 1); return (y, y) },
            Case(name: "max") { x in let y = try x.max(); return (y, y) },
            Case(name: "min input") { x in let y = try x * 1.0; return (try y.min(), y) },
            Case(name: "max(dim:) indices") { x in let r = try x.max(dim: 1); return (r.values, r.indices) },
            Case(name: "min(dim:) indices") { x in let r = try x.min(dim: 0); return (r.values, r.indices) },
            Case(name: "mseLoss target") { x in (try x.mseLoss(other), other) },
            Case(name: "nllLoss target") { x in
                let target = Tensor(shape: [2], int64s: [2, 0])
                return (try x.nllLoss(target), target)
            },
            Case(name: "nllLoss weight") { x in
                let weight = Tensor(shape: [3], floats: [1, 2, 3])
                return (try x.nllLoss(Tensor(shape: [2], int64s: [2, 0]), weight: weight), weight)
            },
            Case(name: "linear weight") { x in
                let w = Tensor(shape: [4, 3], floats: (0..<12).map { Float($0) / 10 })
                return (try x.linear(weight: w), w)
            },
            Case(name: "linear input") { x in
                let w = try Tensor(shape: [4, 3], floats: (0..<12).map { Float($0) / 10 }).requiresGrad(true)
                let input = try x.detach() * 1.0
                return (try input.linear(weight: w), input)
            },
            Case(name: "mm") { x in (try x.mm(square), square) },
            Case(name: "batched matmul") { x in
                let b = Tensor(shape: [1, 3, 2], floats: [1, 2, 3, 4, 5, 6])
                return (try x.unsqueeze(dim: 0).matmul(b), b)
            },
            Case(name: "conv2d weight") { x in
                let w = Tensor(shape: [1, 1, 2, 2], floats: [1, -1, 0.5, 2])
                return (try x.reshape([1, 1, 2, 3]).conv2d(weight: w), w)
            },
            Case(name: "batchNorm input") { x in
                let y = try x * 1.0
                return (try y.batchNorm(runningMean: nil, runningVar: nil, training: true), y)
            },
            Case(name: "batchNorm weight") { x in
                let w = Tensor(shape: [3], floats: [1, 2, 3])
                return (try x.batchNorm(runningMean: nil, runningVar: nil, weight: w, training: true), w)
            },
            Case(name: "maxPool2d indices") { x in
                let r = try x.reshape([1, 1, 2, 3]).maxPool2dWithIndices(kernelSize: (2, 2), stride: (1, 1))
                return (r.values, r.indices)
            },
            Case(name: "in-place mul") { x in
                let y = try x * 1.0
                try y.mulInPlace(other)
                return (y, other)
            },
            Case(name: "in-place div") { x in
                let y = try x * 1.0
                try y.divInPlace(other)
                return (y, other)
            },
        ]
    }

    func testEveryOperationChecksWhatItSaved() throws {
        for c in cases {
            let x = Tensor(shape: [2, 3], floats: [0.5, 2, 1.5, 3, 1, 0.25], requiresGrad: true)
            let (output, saved) = try c.build(x)
            // The same case without the change runs its backward.
            XCTAssertNoThrow(try output.sum().backward(retainGraph: true), c.name)
            try saved.detach().fill(0)
            XCTAssertThrowsError(try output.sum().backward(), c.name) {
                let message = ($0 as? TensorError)?.message ?? ""
                XCTAssertTrue(message.hasPrefix(GradFnTests.message), "\(c.name): \(message)")
            }
        }
    }

    func testMaxIndicesChangedInPlace() throws {
        let x = try Tensor([[1.0, 5.0, 2.0], [7.0, 0.0, 3.0]], requiresGrad: true)
        let r = try x.max(dim: 1)
        try r.indices.fill(0)
        XCTAssertThrowsError(try r.values.sum().backward()) {
            XCTAssertEqual(($0 as? TensorError)?.message,
                           "one of the variables needed for gradient computation has been modified by an inplace operation: [torch.LongTensor [2]] is at version 1; expected version 0 instead. Hint: enable anomaly detection to find the operation that failed to compute its gradient, with torch.autograd.set_detect_anomaly(True, check_nan=False).")
        }
        XCTAssertNil(x.grad)
    }

    func testSavedOutputNamesItsOperation() throws {
        let x = Tensor(shape: [2, 3], floats: [1, 2, 3, 4, 5, 6], requiresGrad: true)
        let e = try Tensor(shape: [2, 3], floats: [1, 2, 1, 2, 1, 2]).requiresGrad(true)
        let y = try x.exp().pow(e)
        try y.mulInPlace(2)
        XCTAssertThrowsError(try y.sum().backward()) {
            XCTAssertEqual(($0 as? TensorError)?.message,
                           "one of the variables needed for gradient computation has been modified by an inplace operation: [torch.FloatTensor [2, 3]], which is output 0 of Pow1, is at version 1; expected version 0 instead. Hint: enable anomaly detection to find the operation that failed to compute its gradient, with torch.autograd.set_detect_anomaly(True, check_nan=False).")
        }
    }

    func testSquaringInPlaceFailsItsBackward() throws {
        let x = Tensor([1.0, 2.0, 3.0], requiresGrad: true)
        let a = try x * 1.0
        try a.mulInPlace(a)
        XCTAssertThrowsError(try a.sum().backward()) {
            XCTAssertTrue((($0 as? TensorError)?.message ?? "").contains("which is output 0 of Mul, is at version 1; expected version 0"))
        }
    }
}
