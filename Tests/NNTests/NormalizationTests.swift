import Autograd
import NN
import XCTest

final class NormalizationTests: XCTestCase {
    func testInitialStateAndDescription() throws {
        let bn = try BatchNorm2d(3)
        XCTAssertEqual(bn.weight?.floats, [1, 1, 1])
        XCTAssertEqual(bn.bias?.floats, [0, 0, 0])
        XCTAssertEqual(bn.runningMean?.floats, [0, 0, 0])
        XCTAssertEqual(bn.runningVar?.floats, [1, 1, 1])
        XCTAssertEqual(bn.numBatchesTracked?.dtype, .int64)
        XCTAssertEqual(bn.numBatchesTracked?.shape, [])
        XCTAssertEqual(bn.description, "BatchNorm2d(3, eps=1e-05, momentum=0.1, affine=True, bias=True, track_running_stats=True)")
        XCTAssertEqual(try BatchNorm2d(2, eps: 1e-3, momentum: nil, affine: false).description,
                       "BatchNorm2d(2, eps=0.001, momentum=None, affine=False, bias=False, track_running_stats=True)")
    }

    func testTrainingUpdatesRunningStatisticsAndEvalUsesThem() throws {
        let bn = try BatchNorm2d(2)
        let x = try Tensor.randn([4, 2, 3, 3]) * 2 + 1
        let y = try bn(x)
        XCTAssertEqual(bn.numBatchesTracked?.int64s, [1])
        // Training output has zero mean and unit (biased) variance per channel.
        let mean = try y.mean(dims: [0, 2, 3]).floats
        XCTAssertEqual(mean[0], 0, accuracy: 1e-5)
        let channelMean = try x.mean(dims: [0, 2, 3]).floats
        XCTAssertEqual(bn.runningMean!.floats[0], 0.1 * channelMean[0], accuracy: 1e-5)
        bn.eval()
        let z = try bn(x)
        XCTAssertEqual(bn.numBatchesTracked?.int64s, [1])
        let expected = try (x - bn.runningMean!.reshape([1, 2, 1, 1])) / (bn.runningVar!.reshape([1, 2, 1, 1]) + 1e-5).sqrt()
        XCTAssertLessThan(try (z - expected).abs().max().item(), 1e-5)
    }

    func testCumulativeAverageWithoutMomentum() throws {
        let bn = try BatchNorm2d(1, momentum: nil)
        _ = try bn(Tensor(shape: [2, 1, 1, 1], floats: [1, 3]))
        _ = try bn(Tensor(shape: [2, 1, 1, 1], floats: [5, 7]))
        XCTAssertEqual(bn.runningMean!.floats[0], 4, accuracy: 1e-6)
        XCTAssertEqual(bn.numBatchesTracked?.int64s, [2])
    }

    func testRejectsWrongRank() {
        XCTAssertThrowsError(try BatchNorm2d(3)(Tensor.zeros([2, 3]))) { XCTAssertEqual("\($0)", "expected 4D input (got 2D input)") }
    }
}

final class NormalizationReferenceTests: XCTestCase {
    func testBatchNorm1dMatchesPyTorch() throws {
        try LayerReference("batchnorm1d_2d").check(BatchNorm1d(4))
        try LayerReference("batchnorm1d_3d").check(BatchNorm1d(3))
        try LayerReference("batchnorm1d_eval").check(BatchNorm1d(4))
    }

    func testLayerNormMatchesPyTorch() throws {
        try LayerReference("layernorm").check(LayerNorm(4))
        try LayerReference("layernorm_2d_shape").check(LayerNorm([3, 4]))
        try LayerReference("layernorm_no_affine").check(LayerNorm(4, elementwiseAffine: false))
        try LayerReference("layernorm_no_bias").check(LayerNorm(4, bias: false))
    }

    func testGroupNormMatchesPyTorch() throws {
        try LayerReference("groupnorm").check(GroupNorm(2, 4))
        try LayerReference("groupnorm_3d").check(GroupNorm(3, 6))
        try LayerReference("groupnorm_no_affine").check(GroupNorm(1, 4, affine: false))
    }

    func testBadSizesAndInputsThrowPyTorchsErrors() throws {
        func message(_ body: () throws -> Any) -> String {
            do { _ = try body(); return "no error" } catch { return "\(error)" }
        }
        XCTAssertEqual(message { try BatchNorm1d(-1) }, "Trying to create tensor with negative dimension -1: [-1]")
        XCTAssertEqual(message { try BatchNorm1d(4)(Tensor.ones([2, 4, 1, 1])) }, "expected 2D or 3D input (got 4D input)")
        XCTAssertEqual(message { try LayerNorm(-1) }, "Trying to create tensor with negative dimension -1: [-1]")
        XCTAssertEqual(message { try LayerNorm(4)(Tensor.ones([2, 3, 5])) },
                       "Given normalized_shape=[4], expected input with shape [*, 4], but got input of size[2, 3, 5]")
        XCTAssertEqual(message { try GroupNorm(3, 4) }, "num_channels (4) must be divisible by num_groups (3)")
        XCTAssertEqual(message { try GroupNorm(0, 4) }, "integer modulo by zero")
        XCTAssertEqual(message { try GroupNorm(2, 4)(Tensor.ones([2, 5, 3])) },
                       "Expected number of channels in input to be divisible by num_groups, but got input of shape [2, 5, 3] and num_groups=2")
        XCTAssertEqual(message { try GroupNorm(2, 4)(Tensor.ones([4])) }, "Expected at least 2 dimensions for input tensor but received 1")
    }
}
