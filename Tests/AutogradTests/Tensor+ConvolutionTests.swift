import Autograd
import FixtureSupport
import XCTest

/// Shared by the layer-kernel tests: a PyTorch fixture case and a finite-difference check.
extension XCTestCase {
    /// Runs fixture case `name` of `ops/ops.safetensors`: applies `op` to leaf copies of
    /// its inputs, backpropagates the stored upstream gradient, and returns the
    /// relative errors of the output and of each stored input gradient.
    @discardableResult
    func checkKernelFixture(
        _ name: String, tolerance: Double = 1e-4, file: StaticString = #filePath, line: UInt = #line,
        _ op: ([Tensor]) throws -> Tensor
    ) throws -> [Double] {
        let data = try Fixtures.tensors("ops/ops.safetensors")
        var inputs: [Tensor] = []
        while let t = data["\(name).in\(inputs.count)"] {
            inputs.append(t.dtype == .float32 ? Tensor(shape: t.shape, floats: t.floats, requiresGrad: true) : t)
        }
        XCTAssertFalse(inputs.isEmpty, "no fixture named \(name)", file: file, line: line)
        let out = try op(inputs)
        var errors = [Fixtures.relativeError(out, try XCTUnwrap(data["\(name).out"]))]
        XCTAssertLessThan(errors[0], tolerance, "\(name) output", file: file, line: line)
        try out.backward(gradient: XCTUnwrap(data["\(name).gout"]))
        for (i, input) in inputs.enumerated() {
            guard let reference = data["\(name).gin\(i)"] else { continue }
            let grad = try XCTUnwrap(input.grad, "\(name) input \(i) has no grad", file: file, line: line)
            errors.append(Fixtures.relativeError(grad, reference))
            XCTAssertLessThan(errors.last!, tolerance, "\(name) gradient \(i)", file: file, line: line)
        }
        return errors
    }

    /// Compares the analytic gradients of `sum(f(inputs) * weights)` with central
    /// finite differences, for every element of every input.
    func checkFiniteDifferences(
        _ name: String, shapes: [[Int]], seed: UInt64 = 3, file: StaticString = #filePath, line: UInt = #line,
        _ f: ([Tensor]) throws -> Tensor
    ) throws {
        let generator = Generator(seed: seed)
        let values = try shapes.map { try Tensor.randn($0, generator: generator).floats }
        let leaves = zip(shapes, values).map { Tensor(shape: $0, floats: $1, requiresGrad: true) }
        let weights = try Tensor.randn(f(leaves.map { $0.detach() }).shape, generator: generator)
        try (f(leaves) * weights).sum().backward()
        func objective(_ inputs: [[Float]]) throws -> Double {
            let tensors = zip(shapes, inputs).map { Tensor(shape: $0, floats: $1) }
            var total = 0.0
            for (a, b) in zip(try f(tensors).floats, weights.floats) { total += Double(a) * Double(b) }
            return total
        }
        let eps: Float = 1e-2
        for k in shapes.indices {
            let analytic = try XCTUnwrap(leaves[k].grad, "\(name): input \(k) has no gradient", file: file, line: line).floats
            for i in values[k].indices {
                var plus = values, minus = values
                plus[k][i] += eps
                minus[k][i] -= eps
                let numeric = (try objective(plus) - objective(minus)) / Double(2 * eps)
                XCTAssertEqual(Double(analytic[i]), numeric, accuracy: 2e-2 * max(1, abs(numeric)),
                               "\(name): input \(k) element \(i)", file: file, line: line)
            }
        }
    }
}

final class TensorConvolutionTests: XCTestCase {
    func testMatchesPyTorch() throws {
        var worst = 0.0
        worst = max(worst, try checkKernelFixture("conv2d_s1p1") { try $0[0].conv2d(weight: $0[1], bias: $0[2], padding: (1, 1)) }.max()!)
        worst = max(worst, try checkKernelFixture("conv2d_s2p3_k7_nobias") { try $0[0].conv2d(weight: $0[1], stride: (2, 2), padding: (3, 3)) }.max()!)
        worst = max(worst, try checkKernelFixture("conv2d_1x1_s2") { try $0[0].conv2d(weight: $0[1], stride: (2, 2)) }.max()!)
        worst = max(worst, try checkKernelFixture("conv2d_dil2_groups2") {
            try $0[0].conv2d(weight: $0[1], padding: (2, 2), dilation: (2, 2), groups: 2)
        }.max()!)
        print("conv2d: largest relative error against PyTorch \(worst)")
    }

    func testGradientsMatchFiniteDifferences() throws {
        try checkFiniteDifferences("conv2d", shapes: [[2, 2, 5, 4], [3, 2, 3, 3], [3]]) {
            try $0[0].conv2d(weight: $0[1], bias: $0[2], stride: (2, 1), padding: (1, 2))
        }
        try checkFiniteDifferences("conv2d pointwise", shapes: [[1, 3, 3, 3], [2, 3, 1, 1]]) { try $0[0].conv2d(weight: $0[1]) }
        try checkFiniteDifferences("conv2d groups dilation", shapes: [[1, 4, 6, 5], [4, 2, 2, 2]]) {
            try $0[0].conv2d(weight: $0[1], stride: (1, 2), padding: (1, 1), dilation: (2, 1), groups: 2)
        }
    }

    func testRecordsConvolutionBackward() throws {
        let x = try Tensor.randn([1, 1, 4, 4], requiresGrad: true)
        let y = try x.conv2d(weight: Tensor.ones([2, 1, 3, 3]))
        XCTAssertEqual(y.gradFn?.name, "ConvolutionBackward0")
        XCTAssertEqual(y.shape, [1, 2, 2, 2])
    }

    func testUnbatchedInput() throws {
        let x = try Tensor.randn([2, 5, 5])
        let w = try Tensor.randn([3, 2, 3, 3])
        let batched = try x.unsqueeze(dim: 0).conv2d(weight: w, padding: (1, 1))
        let single = try x.conv2d(weight: w, padding: (1, 1))
        XCTAssertEqual(single.shape, [3, 5, 5])
        XCTAssertEqual(single.floats, batched.floats)
    }

    func testErrorsUsePyTorchWording() throws {
        let x = try Tensor.randn([1, 4, 8, 8])
        XCTAssertThrowsError(try x.conv2d(weight: Tensor.randn([64, 3, 7, 7]))) { error in
            XCTAssertEqual((error as? TensorError)?.message,
                           "Given groups=1, weight of size [64, 3, 7, 7], expected input[1, 4, 8, 8] to have 3 channels, but got 4 channels instead")
        }
        XCTAssertThrowsError(try x.conv2d(weight: Tensor.randn([2, 4, 9, 9]))) { error in
            XCTAssertEqual((error as? TensorError)?.message,
                           "Calculated padded input size per channel: (8 x 8). Kernel size: (9 x 9). Kernel size can't be greater than actual input size")
        }
        XCTAssertThrowsError(try x.conv2d(weight: Tensor.randn([2, 4, 3, 3]), bias: Tensor.zeros([3]))) { error in
            XCTAssertEqual((error as? TensorError)?.message,
                           "Given weight of size [2, 4, 3, 3], expected bias to be 1-dimensional with 2 elements, but got bias of size [3] instead")
        }
        XCTAssertThrowsError(try Tensor.randn([4, 8]).conv2d(weight: Tensor.randn([2, 4, 3, 3]))) { error in
            XCTAssertEqual((error as? TensorError)?.message,
                           "Expected 3D (unbatched) or 4D (batched) input to conv2d, but got input of size: [4, 8]")
        }
        XCTAssertThrowsError(try x.conv2d(weight: Tensor.randn([3, 2, 3, 3]), groups: 2)) { error in
            XCTAssertEqual((error as? TensorError)?.message,
                           "Given groups=2, expected weight to be divisible by 2 at dimension 0, but got weight of size [3, 2, 3, 3] instead")
        }
    }
}
