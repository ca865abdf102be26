import Autograd
import NN
import XCTest

final class ConvTranspose2dTests: XCTestCase {
    func testMatchesPyTorch() throws {
        // Each reference layer was created after torch.manual_seed(1): its initial weights are PyTorch's draws.
        manualSeed(1)
        try LayerReference("conv_transpose2d").check(ConvTranspose2d(2, 3, kernelSize: 3), loadState: false)
        manualSeed(1)
        try LayerReference("conv_transpose2d_stride")
            .check(ConvTranspose2d(2, 4, kernelSize: 3, stride: 2, padding: 1, outputPadding: 1, bias: false), loadState: false)
        manualSeed(1)
        try LayerReference("conv_transpose2d_groups")
            .check(ConvTranspose2d(4, 2, kernelSize: (2, 3), stride: (2, 1), groups: 2, dilation: (1, 2)), loadState: false)
        manualSeed(1)
        try LayerReference("conv_transpose2d_unbatched")
            .check(ConvTranspose2d(3, 2, kernelSize: (3, 2), stride: (1, 3), padding: (2, 1), outputPadding: (0, 2)), loadState: false)
    }

    func testEveryConvolutionAlgorithmAgrees() throws {
        defer { ConvolutionAlgorithm.current = .automatic }
        for algorithm in [ConvolutionAlgorithm.im2col, .winograd] {
            ConvolutionAlgorithm.current = algorithm
            try LayerReference("conv_transpose2d").check(ConvTranspose2d(2, 3, kernelSize: 3))
        }
    }

    func testPrintingAndErrors() throws {
        XCTAssertEqual(try ConvTranspose2d(16, 33, kernelSize: 3, stride: 2).description,
                       "ConvTranspose2d(16, 33, kernel_size=(3, 3), stride=(2, 2))")
        XCTAssertEqual(try ConvTranspose2d(16, 33, kernelSize: (3, 5), stride: (2, 1), padding: (4, 2), outputPadding: (1, 0),
                                           bias: false, dilation: (2, 2)).description,
                       "ConvTranspose2d(16, 33, kernel_size=(3, 5), stride=(2, 1), padding=(4, 2), dilation=(2, 2), output_padding=(1, 0), bias=False)")
        XCTAssertThrowsError(try ConvTranspose2d(16, 33, kernelSize: 3, groups: 3)) { XCTAssertEqual("\($0)", "in_channels must be divisible by groups") }
        XCTAssertThrowsError(try ConvTranspose2d(16, 33, kernelSize: 3, stride: 2, outputPadding: 2)) {
            XCTAssertEqual("\($0)", "output padding must be smaller than either stride or dilation, but got output_padding_height: 2 output_padding_width: 2 stride_height: 2 stride_width: 2 dilation_height: 1 dilation_width: 1")
        }
        let layer = try ConvTranspose2d(2, 3, kernelSize: 3)
        XCTAssertEqual(layer.weight.shape, [2, 3, 3, 3])
        XCTAssertEqual(try layer(Tensor.randn([1, 2, 4, 4])).shape, [1, 3, 6, 6])
        XCTAssertThrowsError(try layer(Tensor.randn([1, 4, 4, 4]))) {
            XCTAssertEqual("\($0)", "Given transposed=1, weight of size [2, 3, 3, 3], expected input[1, 4, 4, 4] to have 2 channels, but got 4 channels instead")
        }
        XCTAssertThrowsError(try Tensor.randn([1, 2, 1, 1]).convTranspose2d(weight: layer.weight, padding: (3, 3))) {
            XCTAssertEqual("\($0)", "Given input size per channel: (1 x 1). Calculated output size per channel: (-3 x -3). Output size is too small")
        }
        XCTAssertThrowsError(try layer(Tensor.randn([4, 4]))) {
            XCTAssertEqual("\($0)", "Expected 3D (unbatched) or 4D (batched) input to conv_transpose2d, but got input of size: [4, 4]")
        }
    }

    func testIsTheAdjointOfConv2d() throws {
        // <conv(x, w), y> = <x, convTranspose(y, w)> for every stride, padding, dilation and groups.
        manualSeed(3)
        let x = try Tensor.randn([2, 4, 7, 6]), w = try Tensor.randn([6, 2, 3, 2])
        let y = try x.conv2d(weight: w, stride: (2, 1), padding: (1, 1), dilation: (1, 2), groups: 2)
        let g = try Tensor.randn(y.shape)
        let back = try g.convTranspose2d(weight: w, stride: (2, 1), padding: (1, 1), outputPadding: (0, 0), groups: 2, dilation: (1, 2))
        XCTAssertEqual(back.shape, [2, 4, 7, 6])
        let left = try (y * g).sum().item(), right = try (x * back).sum().item()
        XCTAssertEqual(left, right, accuracy: 1e-3 * max(abs(left), 1))
    }
}
