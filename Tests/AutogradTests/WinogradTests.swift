@testable import Autograd
import FixtureSupport
import XCTest

/// Winograd's F(2×2, 3×3) against the im2col products, and against PyTorch.
final class WinogradTests: XCTestCase {
    override func tearDown() {
        ConvolutionAlgorithm.current = .automatic
        super.tearDown()
    }

    /// Output, input gradient and weight gradient of one convolution under `algorithm`.
    private func convolve(
        _ algorithm: ConvolutionAlgorithm, _ x: Tensor, _ w: Tensor, _ b: Tensor?, _ gout: Tensor, padding: Int
    ) throws -> [Tensor] {
        ConvolutionAlgorithm.current = algorithm
        defer { ConvolutionAlgorithm.current = .automatic }
        let xl = Tensor(shape: x.shape, floats: x.floats, requiresGrad: true)
        let wl = Tensor(shape: w.shape, floats: w.floats, requiresGrad: true)
        let y = try xl.conv2d(weight: wl, bias: b, padding: (padding, padding))
        try y.backward(gradient: gout)
        return [y, try XCTUnwrap(xl.grad), try XCTUnwrap(wl.grad)]
    }

    func testMatchesIm2colForManyShapes() throws {
        // [batch, inChannels, height, width, outChannels, padding]: odd sizes, batches, channels not multiples of 8.
        let cases = [
            [1, 1, 3, 3, 1, 1], [2, 3, 7, 5, 5, 1], [3, 10, 9, 9, 12, 1], [1, 13, 6, 11, 7, 1],
            [2, 4, 8, 8, 6, 0], [1, 5, 5, 4, 3, 2], [1, 3, 1, 1, 2, 1], [2, 17, 14, 14, 9, 1],
            // Rows of 8 or more tiles, with and without a remainder (the vectorised transforms).
            [1, 3, 10, 35, 4, 1], [2, 5, 17, 18, 3, 0], [1, 2, 6, 34, 3, 2],
        ]
        for c in cases {
            let (n, ci, h, wd, co, pad) = (c[0], c[1], c[2], c[3], c[4], c[5])
            let x = try Tensor.randn([n, ci, h, wd]), w = try Tensor.randn([co, ci, 3, 3]), b = try Tensor.randn([co])
            let (oh, ow) = (h + 2 * pad - 2, wd + 2 * pad - 2)
            let gout = try Tensor.randn([n, co, oh, ow])
            let reference = try convolve(.im2col, x, w, b, gout, padding: pad)
            let winograd = try convolve(.winograd, x, w, b, gout, padding: pad)
            for (name, (ours, theirs)) in zip(["output", "input gradient", "weight gradient"], zip(winograd, reference)) {
                XCTAssertEqual(ours.shape, theirs.shape, "\(c) \(name)")
                XCTAssertLessThan(Fixtures.relativeError(ours, theirs), 1e-5, "\(c) \(name)")
            }
        }
    }

    func testUsedWhereItApplies() throws {
        ConvolutionAlgorithm.current = .winograd
        let x = try Tensor.randn([1, 2, 5, 5]), w = try Tensor.randn([3, 2, 3, 3])
        let geometry = { (stride: Int, dilation: Int, groups: Int) in
            try ConvolutionGeometry(input: x, weight: groups == 1 ? w : Tensor.randn([2, 1, 3, 3]), bias: nil,
                                    stride: (stride, stride), padding: (1, 1), dilation: (dilation, dilation), groups: groups)
        }
        XCTAssertTrue(try geometry(1, 1, 1).usesWinograd(gradient: false))
        XCTAssertFalse(try geometry(2, 1, 1).usesWinograd(gradient: false))
        XCTAssertFalse(try geometry(1, 2, 1).usesWinograd(gradient: false))
        XCTAssertFalse(try geometry(1, 1, 2).usesWinograd(gradient: false))
        ConvolutionAlgorithm.current = .im2col
        XCTAssertFalse(try geometry(1, 1, 1).usesWinograd(gradient: false))
    }

    func testMatchesPyTorchAndFiniteDifferences() throws {
        ConvolutionAlgorithm.current = .winograd
        let error = try checkKernelFixture("conv2d_s1p1") { try $0[0].conv2d(weight: $0[1], bias: $0[2], padding: (1, 1)) }.max()!
        print("conv2d through Winograd: largest relative error against PyTorch \(error)")
        try checkFiniteDifferences("conv2d winograd", shapes: [[2, 2, 5, 4], [3, 2, 3, 3], [3]]) {
            try $0[0].conv2d(weight: $0[1], bias: $0[2], padding: (1, 1))
        }
    }

    func testFlippedPositionsSwapOuterRowsAndColumns() {
        XCTAssertEqual(Winograd.flippedPosition(0), 15)
        XCTAssertEqual(Winograd.flippedPosition(1), 13)
        XCTAssertEqual(Winograd.flippedPosition(5), 5)
        XCTAssertEqual((0..<16).map { Winograd.flippedPosition(Winograd.flippedPosition($0)) }, Array(0..<16))
    }
}
