import Autograd
import XCTest

/// Printing in PyTorch's format (`torch/_tensor_str.py`).
final class TensorFormatterTests: XCTestCase {
    func testFloats() throws {
        XCTAssertEqual(Tensor([1.5, -2.25]).description, "tensor([ 1.5000, -2.2500])")
        XCTAssertEqual(Tensor([2.0, 3.0]).description, "tensor([2., 3.])")
        XCTAssertEqual(Tensor(3.0).description, "tensor(3.)")
        XCTAssertEqual(Tensor([1e-5, 1.0]).description, "tensor([1.0000e-05, 1.0000e+00])")
        XCTAssertEqual(Tensor([123456.0, 1.0]).description, "tensor([1.2346e+05, 1.0000e+00])")
        XCTAssertEqual(Tensor([0.0, 0.0]).description, "tensor([0., 0.])")
    }

    func testIntegersAndBooleans() {
        XCTAssertEqual(Tensor(shape: [3], int64s: [1, -20, 3]).description, "tensor([  1, -20,   3])")
        XCTAssertEqual(Tensor(shape: [2], bools: [true, false]).description, "tensor([ True, False])")
        XCTAssertEqual(Tensor(shape: [], int64s: [7]).description, "tensor(7)")
    }

    func testMatrix() throws {
        let m = try Tensor([[1, 2.5], [3, 4]])
        XCTAssertEqual(m.description, "tensor([[1.0000, 2.5000],\n        [3.0000, 4.0000]])")
        let cube = try Tensor.arange(8).reshape([2, 2, 2])
        XCTAssertEqual(cube.description, "tensor([[[0., 1.],\n         [2., 3.]],\n\n        [[4., 5.],\n         [6., 7.]]])")
    }

    func testLongVectorsWrapAtEightyColumns() throws {
        let v = try Tensor.arange(20).div(3)
        XCTAssertEqual(v.description, """
            tensor([0.0000, 0.3333, 0.6667, 1.0000, 1.3333, 1.6667, 2.0000, 2.3333, 2.6667,
                    3.0000, 3.3333, 3.6667, 4.0000, 4.3333, 4.6667, 5.0000, 5.3333, 5.6667,
                    6.0000, 6.3333])
            """)
    }

    func testSummaryAboveAThousandElements() throws {
        XCTAssertEqual(try Tensor.arange(100, 2100).description, "tensor([ 100.,  101.,  102.,  ..., 2097., 2098., 2099.])")
        // A ratio above 1000 between the largest and smallest magnitudes switches to scientific notation.
        XCTAssertEqual(try Tensor.arange(2000).description, """
            tensor([0.0000e+00, 1.0000e+00, 2.0000e+00,  ..., 1.9970e+03, 1.9980e+03,
                    1.9990e+03])
            """)
        let m = try Tensor.arange(2000).reshape([40, 50])
        XCTAssertEqual(m.description, """
            tensor([[0.0000e+00, 1.0000e+00, 2.0000e+00,  ..., 4.7000e+01, 4.8000e+01,
                     4.9000e+01],
                    [5.0000e+01, 5.1000e+01, 5.2000e+01,  ..., 9.7000e+01, 9.8000e+01,
                     9.9000e+01],
                    [1.0000e+02, 1.0100e+02, 1.0200e+02,  ..., 1.4700e+02, 1.4800e+02,
                     1.4900e+02],
                    ...,
                    [1.8500e+03, 1.8510e+03, 1.8520e+03,  ..., 1.8970e+03, 1.8980e+03,
                     1.8990e+03],
                    [1.9000e+03, 1.9010e+03, 1.9020e+03,  ..., 1.9470e+03, 1.9480e+03,
                     1.9490e+03],
                    [1.9500e+03, 1.9510e+03, 1.9520e+03,  ..., 1.9970e+03, 1.9980e+03,
                     1.9990e+03]])
            """)
    }

    func testSuffixWrapsPastEightyColumns() throws {
        let v = try Tensor.arange(1, 11).div(7).requiresGrad(true) * 2
        XCTAssertEqual(v.description, """
            tensor([0.2857, 0.5714, 0.8571, 1.1429, 1.4286, 1.7143, 2.0000, 2.2857, 2.5714,
                    2.8571], grad_fn=<MulBackward0>)
            """)
        XCTAssertEqual(Tensor.zeros([2, 0]).description, "tensor([], size=(2, 0))")
    }

    func testSuffixes() throws {
        let a = Tensor([2.0, 3.0], requiresGrad: true)
        XCTAssertEqual(a.description, "tensor([2., 3.], requires_grad=True)")
        XCTAssertEqual(try (3 * a ** 3 - Tensor([36.0, 16.0])).description, "tensor([-12.,  65.], grad_fn=<SubBackward0>)")
        XCTAssertEqual(Tensor.zeros([0]).description, "tensor([])")
    }
}
