import Autograd
import XCTest

/// The graph engine: the seed tutorial's second half, gradient flow rules,
/// PyTorch's messages for the classic mistakes, and memory release.
final class AutogradEngineTests: XCTestCase {
    func testTutorialExternalGradient() throws {
        let a = Tensor([2.0, 3.0], requiresGrad: true)
        let b = Tensor([6.0, 4.0], requiresGrad: true)
        let q = try 3 * a ** 3 - b ** 2
        XCTAssertEqual(q.description, "tensor([-12.,  65.], grad_fn=<SubBackward0>)")
        try q.backward(gradient: Tensor([1.0, 1.0]))
        XCTAssertEqual(try (9 * a ** 2 == XCTUnwrap(a.grad)).description, "tensor([True, True])")
        XCTAssertEqual(try (-2 * b == XCTUnwrap(b.grad)).description, "tensor([True, True])")
    }

    func testRequiresGradPropagates() throws {
        let x = try Tensor.rand([5, 5]), y = try Tensor.rand([5, 5])
        let z = try Tensor.rand([5, 5], requiresGrad: true)
        XCTAssertFalse(try (x + y).requiresGrad)
        XCTAssertTrue(try (x + z).requiresGrad)
        XCTAssertFalse(try noGrad { try x + z }.requiresGrad)
        XCTAssertFalse(try (x + z).detach().requiresGrad)
    }

    func testGradientsAccumulateAcrossBackwards() throws {
        let w = Tensor([1.0, 2.0], requiresGrad: true)
        try (w * 3).sum().backward()
        try (w * 3).sum().backward()
        XCTAssertEqual(w.grad?.floats, [6, 6])
        w.zeroGrad()
        XCTAssertNil(w.grad)
    }

    func testSharedSubexpressionSumsGradients() throws {
        let x = Tensor([3.0], requiresGrad: true)
        let y = try x * x
        let z = try (y + y * x).sum()  // x² + x³, derivative 2x + 3x² = 33
        try z.backward()
        XCTAssertEqual(x.grad?.floats, [33])
    }

    func testGradFnNamesAndLeaves() throws {
        let a = Tensor([1.0, 2.0], requiresGrad: true)
        XCTAssertTrue(a.isLeaf)
        XCTAssertNil(a.gradFn)
        XCTAssertEqual(a.description, "tensor([1., 2.], requires_grad=True)")
        XCTAssertEqual((a * 2).gradFn?.name, "MulBackward0")
        XCTAssertEqual((a + 2).gradFn?.name, "AddBackward0")
        XCTAssertEqual((2 - a).gradFn?.name, "RsubBackward1")
        XCTAssertEqual((a ** 2).gradFn?.name, "PowBackward0")
        XCTAssertEqual(a.sum().gradFn?.name, "SumBackward0")
        XCTAssertEqual(try a.mean().gradFn?.name, "MeanBackward0")
        XCTAssertEqual(try a.reshape([2, 1]).gradFn?.name, "ViewBackward0")
        XCTAssertEqual((a * 2).gradFn?.next.first??.name, "AccumulateGrad")
        XCTAssertFalse((a * 2).isLeaf)
    }

    // MARK: Classic mistakes, with PyTorch's messages

    func testBackwardWithoutGrad() {
        XCTAssertThrowsError(try Tensor([1.0]).backward()) {
            XCTAssertEqual(($0 as? TensorError)?.message, "element 0 of tensors does not require grad and does not have a grad_fn")
        }
    }

    func testImplicitGradientOfNonScalar() {
        let a = Tensor([1.0, 2.0], requiresGrad: true)
        XCTAssertThrowsError(try (a * 2).backward()) {
            XCTAssertEqual(($0 as? TensorError)?.message, "grad can be implicitly created only for scalar outputs")
        }
    }

    func testGradientOfWrongShape() {
        let a = Tensor([1.0, 2.0], requiresGrad: true)
        XCTAssertThrowsError(try (a * 2).backward(gradient: Tensor([1.0, 1.0, 1.0]))) {
            XCTAssertEqual(($0 as? TensorError)?.message,
                           "Mismatch in shape: grad_output[0] has a shape of [3] and output[0] has a shape of [2].")
        }
    }

    func testSecondBackwardThroughFreedBuffers() throws {
        let a = Tensor([1.0, 2.0], requiresGrad: true)
        let y = try (a * a.exp()).sum()
        try y.backward()
        XCTAssertThrowsError(try y.backward()) {
            XCTAssertTrue(($0 as? TensorError)?.message.hasPrefix("Trying to backward through the graph a second time") ?? false)
        }
        let z = (a.exp()).sum()
        try z.backward(retainGraph: true)
        XCTAssertNoThrow(try z.backward())
    }

    func testInPlaceChangeToSavedTensor() throws {
        let a = Tensor([1.0, 2.0], requiresGrad: true)
        let b = a.exp()
        let c = b.exp()  // saves b's output? No: ExpBackward saves its own output c.
        let d = try b * 2  // MulBackward0 saves nothing of b (the other operand is a scalar).
        _ = d
        try c.mulInPlace(2)
        XCTAssertThrowsError(try c.sum().backward()) {
            XCTAssertEqual(($0 as? TensorError)?.message,
                           "one of the variables needed for gradient computation has been modified by an inplace operation: [torch.FloatTensor [2]], which is output 0 of Exp, is at version 1; expected version 0 instead. Hint: enable anomaly detection to find the operation that failed to compute its gradient, with torch.autograd.set_detect_anomaly(True, check_nan=False).")
        }
    }

    func testInPlaceOnLeafThatRequiresGrad() throws {
        let a = Tensor([1.0, 2.0], requiresGrad: true)
        XCTAssertThrowsError(try a.addInPlace(1)) {
            XCTAssertEqual(($0 as? TensorError)?.message, "a leaf Variable that requires grad is being used in an in-place operation.")
        }
        try noGrad { try a.addInPlace(1) }
        XCTAssertEqual(a.floats, [2, 3])
        XCTAssertEqual(a.storage.version, 1)
    }

    func testRequiresGradOnNonLeaf() throws {
        let a = Tensor([1.0], requiresGrad: true)
        XCTAssertThrowsError(try (a * 2).setRequiresGrad(false)) {
            XCTAssertTrue(($0 as? TensorError)?.message.hasPrefix("you can only change requires_grad flags of leaf variables.") ?? false)
        }
    }

    func testRequiresGradOnIntegerTensor() {
        XCTAssertThrowsError(try Tensor(shape: [2], int64s: [1, 2]).setRequiresGrad(true)) {
            XCTAssertEqual(($0 as? TensorError)?.message, "only Tensors of floating point and complex dtype can require gradients")
        }
    }

    func testBroadcastMismatch() {
        XCTAssertThrowsError(try Tensor.zeros([2, 3]) + Tensor.zeros([4])) {
            XCTAssertEqual(($0 as? TensorError)?.message,
                           "The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 1")
        }
    }

    func testMatmulMismatch() {
        XCTAssertThrowsError(try Tensor.zeros([1, 512]).matmul(Tensor.zeros([256, 10]))) {
            XCTAssertEqual(($0 as? TensorError)?.message, "mat1 and mat2 shapes cannot be multiplied (1x512 and 256x10)")
        }
    }

    // MARK: In-place arithmetic in the graph

    func testInPlaceOnNonLeafKeepsGradientsFlowing() throws {
        let a = Tensor([1.0, 2.0], requiresGrad: true)
        let b = a * 3
        try b.addInPlace(a)  // b = 3a + a
        XCTAssertEqual(b.gradFn?.name, "AddBackward0")
        try b.sum().backward()
        XCTAssertEqual(a.grad?.floats, [4, 4])
    }

    // MARK: Memory

    func testGraphIsFreedWithItsOutput() throws {
        weak var node: GradFn?
        let w = Tensor([1.0, 2.0], requiresGrad: true)
        for _ in 0..<1000 {
            try autoreleasepool {
                let loss = try (w * w.exp() + 1).sum()
                node = loss.gradFn
                try loss.backward()
            }
        }
        XCTAssertNil(node, "the last graph is still alive after its output went away")
        XCTAssertEqual(w.grad?.count, 2)
    }

    func testGraphOfAnOutputSavedByItsOwnNodeIsFreedWithoutBackward() throws {
        weak var output: Tensor?
        weak var node: GradFn?
        let w = Tensor([1.0, -2.0], requiresGrad: true)
        autoreleasepool {
            let y = w.relu()  // ReluBackward0 saves its own output
            output = y
            node = y.gradFn
        }
        XCTAssertNil(output, "an output saved by its own node outlived every user reference")
        XCTAssertNil(node)
    }

    func testInPlaceChangeToSavedOutputThatIsNoLongerReferenced() throws {
        let a = Tensor([1.0, 2.0], requiresGrad: true)
        let alias: Tensor, loss: Tensor
        do {
            let e = a.exp()  // ExpBackward0 saves e; only `alias` shares its memory afterwards
            alias = e.detach()
            loss = e.sum()
        }
        try alias.mulInPlace(2)
        XCTAssertThrowsError(try loss.backward()) {
            XCTAssertEqual(($0 as? TensorError)?.message,
                           "one of the variables needed for gradient computation has been modified by an inplace operation: [torch.FloatTensor [2]], which is output 0 of Exp, is at version 1; expected version 0 instead. Hint: enable anomaly detection to find the operation that failed to compute its gradient, with torch.autograd.set_detect_anomaly(True, check_nan=False).")
        }
    }
}

#if !canImport(ObjectiveC)
/// Linux has no autorelease pools; scopes end where the closure does.
func autoreleasepool<T>(_ body: () throws -> T) rethrows -> T { try body() }
#endif
