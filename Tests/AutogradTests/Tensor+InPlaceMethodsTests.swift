import Autograd
import XCTest

/// `zero_`, `copy_`, `clamp_`, `detach_`, `add_`/`sub_` with `alpha`, and devices.
final class TensorInPlaceMethodsTests: XCTestCase {
    typealias R = OperatorReference

    func testInPlaceMethodsChangeTheTensorAndItsHistory() throws {
        let leaf = Tensor([1.0, -2.0, 3.0], requiresGrad: true)
        let y = leaf * 2
        let version = y.storage.version
        try y.clamp_(min: -1, max: 4)
        XCTAssertEqual(y.floats, [2, -1, 4])
        XCTAssertEqual(y.gradFn?.name, "ClampBackward1")
        XCTAssertGreaterThan(y.storage.version, version)
        try y.backward(gradient: Tensor([1.0, 1.0, 1.0]))
        XCTAssertEqual(leaf.grad?.floats, [2, 0, 0])

        let source = Tensor([5.0, 6.0, 7.0], requiresGrad: true)
        let z = (leaf * 1).detach()
        try z.copy_(source)
        XCTAssertEqual(z.gradFn?.name, "CopyBackwards")
        try (z * z).sum().backward()
        XCTAssertEqual(source.grad?.floats, [10, 12, 14])

        let w = leaf * 3
        try w.zero_()
        XCTAssertEqual(w.gradFn?.name, "ZeroBackward0")
        XCTAssertEqual(w.floats, [0, 0, 0])
        XCTAssertEqual(try Tensor([1.0, 1.0]).add_(Tensor([1.0, 2.0]), alpha: -2).floats, [-1, -3])
        let detached = (leaf * 2).detach_()
        XCTAssertTrue(detached.isLeaf)
        XCTAssertFalse(detached.requiresGrad)
    }

    func testInPlaceMethodsFollowPyTorchsRules() {
        let leaf = Tensor([1.0, 2.0], requiresGrad: true)
        R.assertThrows("a leaf Variable that requires grad is being used in an in-place operation.") { try leaf.zero_() }
        R.assertThrows("a leaf Variable that requires grad is being used in an in-place operation.") { try leaf.copy_(Tensor([1.0, 2.0])) }
        R.assertThrows("The size of tensor a (2) must match the size of tensor b (3) at non-singleton dimension 0") { try Tensor([1.0, 2.0]).copy_(Tensor([1.0, 2.0, 3.0])) }
        R.assertThrows("output with shape [2] doesn't match the broadcast shape [2, 2]") { try Tensor([1.0, 2.0]).copy_(Tensor.ones([2, 2])) }
        // A saved tensor changed in place by one of these methods fails the backward.
        let x = Tensor([1.0, 2.0], requiresGrad: true)
        let e = x.exp()
        let s = e.sum()
        XCTAssertNoThrow(try e.fill_(0))
        XCTAssertThrowsError(try s.backward())
    }

    func testDevicesAreCPUOnly() throws {
        XCTAssertEqual(Tensor([1.0]).device, .cpu)
        XCTAssertEqual(try Device("cuda:1").description, "cuda:1")
        XCTAssertEqual(try Device("cpu").description, "cpu")
        XCTAssertFalse(try Device("mps").isAvailable)
        let x = Tensor([1.0])
        XCTAssertTrue(try x.to(.cpu) === x)
        R.assertThrows("Torch not compiled with CUDA enabled") { try x.to(Device("cuda")) }
        R.assertThrows("PyTorch is not linked with support for mps devices") { try x.to(Device("mps")) }
        R.assertThrows("Invalid device string: 'cuda:x'") { try Device("cuda:x") }
    }
}
