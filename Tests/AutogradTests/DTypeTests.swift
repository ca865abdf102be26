import Autograd
import Foundation
import XCTest

/// Dtypes against PyTorch (`scripts/reference/make_dtypes.py`,
/// `Tests/Reference/dtypes/dtypes.json`): promotion of every pair of dtypes and
/// with numbers, conversions, integer reductions (exact), float64 operators
/// forward and backward (1e-10).
final class DTypeTests: XCTestCase {
    /// One stored tensor: dtype, shape and row-major values.
    struct Stored: Decodable {
        var dtype: String
        var shape: [Int]
        var values: [Double]

        var type: DType { DType(rawValue: dtype)! }

        /// The tensor, integers built exactly from their values.
        func tensor(requiresGrad: Bool = false) throws -> Tensor {
            if type.isFloatingPoint {
                let t = Tensor(shape: shape, values: values, dtype: type)
                if requiresGrad { try t.setRequiresGrad(true) }
                return t
            }
            return Tensor(shape: shape, integers: values.map { Int64($0) }, dtype: type)
        }
    }

    struct Scalar: Decodable {
        var kind: String
        var value: Double
    }

    struct Case: Decodable {
        var op: String
        var inputs: [Stored]
        var scalar: Scalar?
        var out: Stored?
        var error: String?
        var gout: Stored?
        var grads: [Stored?]?
    }

    static let cases: [Case] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Reference/dtypes/dtypes.json")
        return (try? JSONDecoder().decode([Case].self, from: Data(contentsOf: url))) ?? []
    }()

    /// The engine's operator for a case.
    func run(_ c: Case, _ x: [Tensor]) throws -> Tensor {
        if let scalar = c.scalar {
            let isInt = scalar.kind == "int", i = Int(scalar.value), d = scalar.value
            switch c.op {
            case "add_scalar": return isInt ? x[0] + i : x[0] + d
            case "sub_scalar": return isInt ? x[0] - i : x[0] - d
            case "mul_scalar": return isInt ? x[0] * i : x[0] * d
            case "div_scalar": return isInt ? x[0] / i : x[0] / d
            case "pow_scalar": return try x[0].pow(integer: i)
            case "remainder_scalar": return try x[0].remainder(integer: i)
            default: break
            }
        }
        if c.op.hasPrefix("to_") { return x[0].to(DType(rawValue: String(c.op.dropFirst(3)))!) }
        switch c.op {
        case "add": return try x[0] + x[1]
        case "sub": return try x[0] - x[1]
        case "mul": return try x[0] * x[1]
        case "div": return try x[0] / x[1]
        case "pow": return try x[0].pow(x[1])
        case "eq": return try x[0] == x[1]
        case "lt": return try x[0] < x[1]
        case "maximum": return try x[0].maximum(x[1])
        case "minimum": return try x[0].minimum(x[1])
        case "atan2": return try x[0].atan2(x[1])
        case "matmul": return try x[0].matmul(x[1])
        case "sum": return x[0].sum()
        case "sum_dim0": return try x[0].sum(dim: 0)
        case "sum_dim1": return try x[0].sum(dim: 1)
        case "mean": return try x[0].mean()
        case "mean_dim1": return try x[0].mean(dim: 1)
        case "prod": return try x[0].prod()
        case "prod_dim1": return try x[0].prod(dim: 1)
        case "max": return try x[0].max()
        case "min": return try x[0].min()
        case "max_dim1": return try x[0].max(dim: 1).values
        case "argmax_dim1": return try x[0].argmax(dim: 1)
        case "exp": return x[0].exp()
        case "log": return x[0].log()
        case "sqrt": return x[0].sqrt()
        case "abs": return try x[0].abs()
        case "relu": return x[0].relu()
        case "sigmoid": return x[0].sigmoid()
        case "tanh": return x[0].tanh()
        case "sin": return x[0].sin()
        case "cos": return x[0].cos()
        case "tan": return x[0].tan()
        case "asin": return x[0].asin()
        case "acos": return x[0].acos()
        case "atan": return x[0].atan()
        case "sinh": return x[0].sinh()
        case "cosh": return x[0].cosh()
        case "log2": return x[0].log2()
        case "log10": return x[0].log10()
        case "log1p": return x[0].log1p()
        case "expm1": return x[0].expm1()
        case "rsqrt": return x[0].rsqrt()
        case "square": return x[0].square()
        case "neg": return x[0].neg()
        case "reciprocal": return x[0].reciprocal()
        case "softmax": return try x[0].softmax(dim: 1)
        case "logSoftmax": return try x[0].logSoftmax(dim: 1)
        case "pow_scalar": return x[0].pow(3)
        case "mul_scalar": return x[0] * 0.1
        case "add_scalar": return x[0] + 0.3
        case "div_scalar": return x[0] / 0.7
        case "clamp": return try x[0].clamp(min: -0.3, max: 0.9)
        case "leakyRelu": return x[0].leakyRelu(negativeSlope: 0.1)
        case "gelu": return try x[0].gelu()
        case "softplus": return x[0].softplus()
        default: throw TensorError("no operator \(c.op) in the test")
        }
    }

    /// Whether `ours` is the stored tensor: same dtype and shape, integers
    /// exactly, float64 within 1e-10 and float32 within 1e-6 (relative).
    func mismatch(_ ours: Tensor, _ expected: Stored) -> String? {
        if ours.dtype != expected.type { return "dtype \(ours.dtype) instead of \(expected.type)" }
        if ours.shape != expected.shape { return "shape \(ours.shape) instead of \(expected.shape)" }
        if !expected.type.isFloatingPoint {
            return ours.int64s == expected.values.map { Int64($0) } ? nil : "values \(ours.int64s) instead of \(expected.values)"
        }
        let tolerance = expected.type == .float64 ? 1e-10 : 1e-6
        for (a, b) in zip(ours.doubles, expected.values) where Swift.abs(a - b) > tolerance * Swift.max(1, Swift.abs(b)) {
            return "values \(ours.doubles) instead of \(expected.values)"
        }
        return nil
    }

    func testEveryCaseMatchesPyTorch() throws {
        XCTAssertGreaterThan(Self.cases.count, 400)
        for c in Self.cases {
            let label = "\(c.op)(\(c.inputs.map(\.dtype).joined(separator: ", "))\(c.scalar.map { ", \($0.kind) \($0.value)" } ?? ""))"
            let inputs = try c.inputs.map { try $0.tensor(requiresGrad: c.gout != nil) }
            let out: Tensor
            do {
                out = try run(c, inputs)
            } catch let error as TensorError {
                XCTAssertEqual(error.message, c.error, label)
                continue
            }
            guard let expected = c.out else {
                XCTFail("\(label) gave \(out) where PyTorch raises: \(c.error ?? "")")
                continue
            }
            if let problem = mismatch(out, expected) { XCTFail("\(label): \(problem)") }
            guard let gout = c.gout, let grads = c.grads else { continue }
            try out.backward(gradient: try gout.tensor())
            for (i, grad) in grads.enumerated() {
                guard let grad else { continue }
                guard let ours = inputs[i].grad else { XCTFail("\(label): no gradient for input \(i)"); continue }
                if let problem = mismatch(ours, grad) { XCTFail("\(label) gradient \(i): \(problem)") }
            }
        }
    }

    func testIntegerSumPrintsWithoutADot() {
        XCTAssertEqual(Tensor(shape: [2], int64s: [5, 6]).sum().description, "tensor(11)")
        XCTAssertEqual(Tensor(shape: [2], doubles: [1, 2.5]).description, "tensor([1.0000, 2.5000], dtype=torch.float64)")
        XCTAssertEqual(Tensor(shape: [0], integers: [], dtype: .int32).description, "tensor([], dtype=torch.int32)")
    }

    func testFloat64GradientOfAFloat32LeafIsFloat32() throws {
        let a = Tensor(shape: [2], floats: [1, 2], requiresGrad: true)
        let b = Tensor(shape: [2], doubles: [0.5, 0.25])
        try (a * b).sum().backward()
        XCTAssertEqual(a.grad?.dtype, .float32)
        XCTAssertEqual(a.grad?.floats, [0.5, 0.25])
    }

    func testFloat32OnlyOperatorsSayWhich() {
        let x = Tensor(shape: [1, 1, 3, 3], doubles: Array(repeating: 1, count: 9))
        let w = Tensor(shape: [1, 1, 2, 2], doubles: [1, 1, 1, 1])
        XCTAssertThrowsError(try x.conv2d(weight: w)) { error in
            XCTAssertEqual((error as? TensorError)?.message, "\"conv2d\" not implemented for 'Double'; convert with .float() first")
        }
    }
}
