import Autograd
import XCTest

/// Each operator's backward against central finite differences of its forward.
final class GradientCheckTests: XCTestCase {
    /// Compares the analytic gradient of `sum(f(x) * weights)` with finite differences.
    func check(_ name: String, shape: [Int], positive: Bool = false, file: StaticString = #filePath, line: UInt = #line,
               _ f: (Tensor) throws -> Tensor) throws {
        let generator = Generator(seed: 7)
        var values = try Tensor.randn(shape, generator: generator).floats
        if positive { values = values.map { abs($0) + 0.5 } }
        let x = Tensor(shape: shape, floats: values, requiresGrad: true)
        let probe = try f(x.detach())
        let weights = try Tensor.randn(probe.shape, generator: generator)
        func objective(_ t: Tensor) throws -> Double { try (f(t) * weights).sum().item() }
        try (f(x) * weights).sum().backward()
        let analytic = try XCTUnwrap(x.grad, "\(name): no gradient", file: file, line: line).floats
        let eps: Float = 1e-2
        for i in 0..<values.count {
            var plus = values, minus = values
            plus[i] += eps; minus[i] -= eps
            let numeric = (try objective(Tensor(shape: shape, floats: plus)) - objective(Tensor(shape: shape, floats: minus))) / Double(2 * eps)
            XCTAssertEqual(Double(analytic[i]), numeric, accuracy: 2e-2 * max(1, abs(numeric)),
                           "\(name): element \(i)", file: file, line: line)
        }
    }

    func testArithmetic() throws {
        let c = try Tensor.randn([3], generator: Generator(seed: 1)).abs() + 0.5
        try check("add", shape: [2, 3]) { try $0 + c }
        try check("sub", shape: [2, 3]) { try c - $0 }
        try check("mul", shape: [2, 3]) { try $0 * $0 }
        try check("div", shape: [2, 3], positive: true) { try c / $0 }
        try check("pow", shape: [4]) { $0 ** 3 }
        try check("pow tensor", shape: [4], positive: true) { try $0.pow($0) }
        try check("rpow", shape: [4]) { 2 ** $0 }
        try check("reciprocal", shape: [4], positive: true) { $0.reciprocal() }
    }

    func testElementwise() throws {
        try check("exp", shape: [5]) { $0.exp() }
        try check("log", shape: [5], positive: true) { $0.log() }
        try check("sqrt", shape: [5], positive: true) { $0.sqrt() }
        try check("abs", shape: [5]) { try $0.abs() }
        try check("relu", shape: [5]) { $0.relu() }
        try check("sigmoid", shape: [5]) { $0.sigmoid() }
        try check("tanh", shape: [5]) { $0.tanh() }
        try check("softmax", shape: [2, 4]) { try $0.softmax(dim: 1) }
        try check("logSoftmax", shape: [2, 4]) { try $0.logSoftmax(dim: 0) }
    }

    func testReductions() throws {
        try check("sum", shape: [2, 3]) { $0.sum() }
        try check("sum dims", shape: [2, 3, 2]) { try $0.sum(dims: [0, 2]) }
        try check("mean", shape: [2, 3]) { try $0.mean(dim: -1, keepDim: true) }
        try check("max", shape: [6]) { try $0.max() }
        try check("min dim", shape: [3, 4]) { try $0.min(dim: 1).values }
    }

    func testShapesAndIndexing() throws {
        try check("matmul", shape: [3, 4]) { try $0.matmul($0.t()) }
        try check("batched matmul", shape: [2, 2, 3]) { try $0.matmul($0.transpose(1, 2)) }
        try check("matrix-vector", shape: [3, 2]) { try $0.matmul(Tensor([1.0, -2.0])) }
        try check("permute", shape: [2, 3, 4]) { try $0.permute([2, 0, 1]) }
        try check("squeeze", shape: [2, 1, 3]) { try $0.squeeze().unsqueeze(dim: 0) }
        try check("select", shape: [3, 4]) { try $0.select(dim: 1, index: -1) }
        try check("slice", shape: [5, 2]) { try $0.slice(dim: 0, start: 1, end: 5, step: 2) }
        try check("stack", shape: [3]) { try Tensor.stack([$0, $0 * 2], dim: 1) }
        try check("cat", shape: [2, 2]) { try Tensor.cat([$0, $0.exp()], dim: 0) }
    }
}
