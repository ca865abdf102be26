import Autograd
import FixtureSupport
import XCTest

/// Each core operator against PyTorch's output and input gradients
/// (`Tests/Reference/ops`), within 1e-4 relative to the largest magnitude.
final class OperatorFixtureTests: XCTestCase {
    /// Runs fixture case `name`: builds leaf inputs, applies `op`, backpropagates
    /// the stored upstream gradient and compares output and input gradients.
    func check(_ name: String, file: StaticString = #filePath, line: UInt = #line, _ op: ([Tensor]) throws -> Tensor) throws {
        let data = try Fixtures.tensors("ops/ops.safetensors")
        var inputs: [Tensor] = []
        while let t = data["\(name).in\(inputs.count)"] {
            let leaf = t.detach().dtype == .float32 ? Tensor(shape: t.shape, floats: t.floats, requiresGrad: true) : t
            inputs.append(leaf)
        }
        XCTAssertFalse(inputs.isEmpty, "no fixture named \(name)", file: file, line: line)
        let out = try op(inputs)
        let expected = try XCTUnwrap(data["\(name).out"])
        XCTAssertLessThan(Fixtures.relativeError(out, expected), 1e-4, "\(name) output", file: file, line: line)
        try out.backward(gradient: XCTUnwrap(data["\(name).gout"]))
        for (i, input) in inputs.enumerated() {
            guard let reference = data["\(name).gin\(i)"] else { continue }
            let grad = try XCTUnwrap(input.grad, "\(name) input \(i) has no grad", file: file, line: line)
            XCTAssertLessThan(Fixtures.relativeError(grad, reference), 1e-4, "\(name) gradient \(i)", file: file, line: line)
        }
    }

    func testArithmetic() throws {
        try check("add_broadcast") { try $0[0] + $0[1] }
        try check("sub_broadcast") { try $0[0] - $0[1] }
        try check("mul_broadcast") { try $0[0] * $0[1] }
        try check("div") { try $0[0] / $0[1] }
        try check("pow3") { $0[0] ** 3 }
        try check("scalar_affine") { 3 * $0[0] - 2 }
        try check("neg") { -$0[0] }
    }

    func testElementwiseFunctions() throws {
        try check("exp") { $0[0].exp() }
        try check("log") { $0[0].log() }
        try check("tanh") { $0[0].tanh() }
        try check("sigmoid") { $0[0].sigmoid() }
        try check("relu") { $0[0].relu() }
    }

    func testReductions() throws {
        try check("sum_all") { $0[0].sum() }
        try check("sum_dim1_keepdim") { try $0[0].sum(dim: 1, keepDim: true) }
        try check("mean_all") { try $0[0].mean() }
        try check("mean_dim0") { try $0[0].mean(dim: 0) }
        try check("max_dim1") { try $0[0].max(dim: 1).values }
    }

    func testMatrixProducts() throws {
        try check("matmul_2d") { try $0[0].matmul($0[1]) }
        try check("matmul_batched") { try $0[0].matmul($0[1]) }
    }

    func testShapes() throws {
        try check("transpose") { try $0[0].transpose(0, 1) * 1.0 }
        try check("permute") { try $0[0].permute([2, 0, 1]) * 1.0 }
        try check("reshape") { try $0[0].reshape([6, 4]) }
        try check("flatten1") { try $0[0].flatten(startDim: 1) }
        try check("cat_dim1") { try Tensor.cat([$0[0], $0[1]], dim: 1) }
    }

    func testSoftmax() throws {
        try check("softmax") { try $0[0].softmax(dim: 1) }
        try check("log_softmax") { try $0[0].logSoftmax(dim: 1) }
    }
}
