import Autograd
import FixtureSupport
import XCTest

final class TensorNormalizationTests: XCTestCase {
    func testMatchesPyTorch() throws {
        try checkKernelFixture("batch_norm_train") {
            try $0[0].batchNorm(runningMean: nil, runningVar: nil, weight: $0[1], bias: $0[2], training: true)
        }
        let data = try Fixtures.tensors("ops/ops.safetensors")
        let mean = try XCTUnwrap(data["batch_norm_eval.running_mean"]), variance = try XCTUnwrap(data["batch_norm_eval.running_var"])
        try checkKernelFixture("batch_norm_eval") {
            try $0[0].batchNorm(runningMean: mean, runningVar: variance, weight: $0[1], bias: $0[2], training: false)
        }
    }

    func testGradientsMatchFiniteDifferences() throws {
        try checkFiniteDifferences("batchNorm train", shapes: [[3, 2, 2, 2], [2], [2]]) {
            try $0[0].batchNorm(runningMean: nil, runningVar: nil, weight: $0[1], bias: $0[2], training: true)
        }
        let mean = Tensor(shape: [2], floats: [0.5, -1]), variance = Tensor(shape: [2], floats: [2, 0.5])
        try checkFiniteDifferences("batchNorm eval", shapes: [[2, 2, 3], [2], [2]]) {
            try $0[0].batchNorm(runningMean: mean, runningVar: variance, weight: $0[1], bias: $0[2], training: false)
        }
    }

    func testRunningStatisticsUseMomentumAndUnbiasedVariance() throws {
        // Channel 0 holds 1, 3 (mean 2, unbiased variance 2); channel 1 holds 0, 0.
        let x = Tensor(shape: [2, 2, 1, 1], floats: [1, 0, 3, 0])
        let mean = Tensor.zeros([2]), variance = Tensor.ones([2])
        let y = try x.batchNorm(runningMean: mean, runningVar: variance, training: true, momentum: 0.1)
        XCTAssertEqual(mean.floats[0], 0.2, accuracy: 1e-7)
        XCTAssertEqual(mean.floats[1], 0, accuracy: 1e-7)
        XCTAssertEqual(variance.floats[0], 0.9 + 0.1 * 2, accuracy: 1e-6)
        XCTAssertEqual(variance.floats[1], 0.9, accuracy: 1e-6)
        // Normalised with the biased variance 1: (1 − 2) / √(1 + eps).
        XCTAssertEqual(y.floats[0], -1 / Float((1 + 1e-5).squareRoot()), accuracy: 1e-6)
    }

    func testGradFnAndErrors() throws {
        let x = try Tensor.randn([2, 3, 2, 2], requiresGrad: true)
        let y = try x.batchNorm(runningMean: nil, runningVar: nil, weight: Tensor.ones([3], requiresGrad: true), bias: nil, training: true)
        XCTAssertEqual(y.gradFn?.name, "NativeBatchNormBackward0")
        XCTAssertThrowsError(try Tensor.ones([1, 4, 1, 1]).batchNorm(runningMean: nil, runningVar: nil, training: true)) { error in
            XCTAssertEqual((error as? TensorError)?.message, "Expected more than 1 value per channel when training, got input size [1, 4, 1, 1]")
        }
        XCTAssertThrowsError(try x.batchNorm(runningMean: Tensor.zeros([4]), runningVar: Tensor.ones([4]), training: false)) { error in
            XCTAssertEqual((error as? TensorError)?.message, "running_mean should contain 3 elements not 4")
        }
    }
}
