import Autograd
import FixtureSupport
import XCTest

final class TensorPoolingTests: XCTestCase {
    func testMatchesPyTorch() throws {
        try checkKernelFixture("max_pool2d_k3s2p1") { try $0[0].maxPool2d(kernelSize: (3, 3), stride: (2, 2), padding: (1, 1)) }
        try checkKernelFixture("avg_pool2d_k2") { try $0[0].avgPool2d(kernelSize: (2, 2)) }
        try checkKernelFixture("adaptive_avg_pool2d_1") { try $0[0].adaptiveAvgPool2d(outputSize: (1, 1)) }
    }

    func testGradientsMatchFiniteDifferences() throws {
        try checkFiniteDifferences("maxPool2d", shapes: [[1, 2, 5, 6]]) {
            try $0[0].maxPool2d(kernelSize: (3, 2), stride: (2, 2), padding: (1, 1))
        }
        try checkFiniteDifferences("maxPool2d dilation ceil", shapes: [[1, 1, 7, 7]]) {
            try $0[0].maxPool2d(kernelSize: (2, 2), stride: (2, 2), dilation: (2, 2), ceilMode: true)
        }
        try checkFiniteDifferences("avgPool2d", shapes: [[2, 1, 5, 5]]) {
            try $0[0].avgPool2d(kernelSize: (3, 3), stride: (2, 2), padding: (1, 1), ceilMode: true, countIncludePad: false)
        }
        try checkFiniteDifferences("adaptiveAvgPool2d", shapes: [[1, 2, 5, 7]]) { try $0[0].adaptiveAvgPool2d(outputSize: (3, 4)) }
    }

    func testMaxPoolIndicesAndGradFn() throws {
        let x = Tensor(shape: [1, 1, 2, 4], floats: [1, 5, 2, 0, 3, 4, 9, 8], requiresGrad: true)
        let (values, indices) = try x.maxPool2dWithIndices(kernelSize: (2, 2))
        XCTAssertEqual(values.floats, [5, 9])
        XCTAssertEqual(indices.int64s, [1, 6])
        XCTAssertEqual(values.gradFn?.name, "MaxPool2DWithIndicesBackward0")
        XCTAssertEqual(try x.avgPool2d(kernelSize: (2, 2)).gradFn?.name, "AvgPool2DBackward0")
        XCTAssertEqual(try x.adaptiveAvgPool2d(outputSize: (1, 2)).gradFn?.name, "AdaptiveAvgPool2DBackward0")
        XCTAssertEqual(try x.adaptiveAvgPool2d(outputSize: (1, 2)).floats, [3.25, 4.75])
    }

    func testAvgPoolDivisorRules() throws {
        let x = Tensor.ones([1, 1, 3, 3])
        // With padding 1, the corner window holds 4 real elements out of 9.
        XCTAssertEqual(try x.avgPool2d(kernelSize: (3, 3), stride: (2, 2), padding: (1, 1)).floats, [4.0 / 9, 4.0 / 9, 4.0 / 9, 4.0 / 9])
        XCTAssertEqual(try x.avgPool2d(kernelSize: (3, 3), stride: (2, 2), padding: (1, 1), countIncludePad: false).floats, [1, 1, 1, 1])
        XCTAssertEqual(try x.avgPool2d(kernelSize: (3, 3), stride: (2, 2), padding: (1, 1), divisorOverride: 2).floats, [2, 2, 2, 2])
    }

    func testErrors() throws {
        let x = Tensor.ones([1, 1, 4, 4])
        XCTAssertThrowsError(try x.maxPool2d(kernelSize: (3, 3), padding: (2, 2))) { error in
            XCTAssertEqual((error as? TensorError)?.message, "pad should be at most half of effective kernel size, but got pad=2, kernel_size=3 and dilation=1")
        }
        XCTAssertThrowsError(try x.maxPool2d(kernelSize: (5, 5))) { error in
            XCTAssertEqual((error as? TensorError)?.message, "Given input size: (1x4x4). Calculated output size: (1x0x0). Output size is too small")
        }
        XCTAssertThrowsError(try Tensor.ones([4, 4]).avgPool2d(kernelSize: (2, 2))) { error in
            XCTAssertEqual((error as? TensorError)?.message, "non-empty 3D or 4D (batch mode) tensor expected for input")
        }
    }

    /// The kernel scans each output row a kernel position at a time, four outputs to a
    /// vector; a window-by-window scan is the reference (first maximum wins, a NaN wins
    /// and the last NaN is kept).
    func testMaxPoolMatchesWindowScan() throws {
        func reference(_ x: [Float], _ h: Int, _ w: Int, k: (Int, Int), s: (Int, Int), p: (Int, Int), d: (Int, Int), outH: Int, outW: Int) -> ([Float], [Int64]) {
            var values: [Float] = [], indices: [Int64] = []
            for oh in 0..<outH {
                for ow in 0..<outW {
                    var best = -Float.infinity, at = -1
                    for i in 0..<k.0 {
                        for j in 0..<k.1 {
                            let r = oh * s.0 - p.0 + i * d.0, c = ow * s.1 - p.1 + j * d.1
                            guard r >= 0 && r < h && c >= 0 && c < w else { continue }
                            if at < 0 { at = r * w + c }
                            let v = x[r * w + c]
                            if v > best || v.isNaN { best = v; at = r * w + c }
                        }
                    }
                    values.append(best)
                    indices.append(Int64(at))
                }
            }
            return (values, indices)
        }
        let palette: [Float] = [0, 1, 1, 2, -1, .nan, -.infinity, .infinity, 3, 3]
        var state: UInt32 = 12345
        for (h, w, k, s, p, d, ceil) in [
            (9, 37, (3, 3), (2, 2), (1, 1), (1, 1), false), (8, 40, (2, 3), (1, 1), (0, 1), (1, 1), false),
            (7, 23, (2, 2), (2, 3), (0, 0), (2, 2), true), (5, 5, (3, 3), (2, 2), (1, 1), (1, 1), true),
        ] {
            let x = (0..<(2 * h * w)).map { _ -> Float in
                state = state &* 1_103_515_245 &+ 12345
                return palette[Int(state >> 16) % palette.count]
            }
            let (values, indices) = try Tensor(shape: [1, 2, h, w], floats: x)
                .maxPool2dWithIndices(kernelSize: k, stride: s, padding: p, dilation: d, ceilMode: ceil)
            let (outH, outW) = (values.shape[2], values.shape[3])
            for plane in 0..<2 {
                let (expected, expectedIndices) = reference(Array(x[(plane * h * w)..<((plane + 1) * h * w)]), h, w, k: k, s: s, p: p, d: d, outH: outH, outW: outW)
                let got = Array(values.floats[(plane * outH * outW)..<((plane + 1) * outH * outW)])
                XCTAssertEqual(got.map(\.bitPattern), expected.map(\.bitPattern), "values \(h)x\(w) k\(k) s\(s) plane \(plane)")
                XCTAssertEqual(Array(indices.int64s[(plane * outH * outW)..<((plane + 1) * outH * outW)]), expectedIndices, "indices \(h)x\(w) k\(k) s\(s) plane \(plane)")
            }
        }
    }

    func testHugeWindowsAndOutputsAreErrorsNotOverflows() throws {
        let x = try Tensor.rand([1, 2, 4, 4])
        XCTAssertThrowsError(try x.maxPool2d(kernelSize: (Int.max, Int.max)))
        XCTAssertThrowsError(try x.avgPool2d(kernelSize: (3, 3), stride: (Int.max, 1)))
        XCTAssertThrowsError(try x.adaptiveAvgPool2d(outputSize: (Int.max, 2)))
    }
}
