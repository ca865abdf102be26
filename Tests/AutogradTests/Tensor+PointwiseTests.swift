import Autograd
import XCTest

/// Element-wise functions, trigonometry and clamping against PyTorch.
final class TensorPointwiseTests: XCTestCase {
    typealias R = OperatorReference

    func testTrigonometryMatchesPyTorch() throws {
        try R.check("sin") { $0[0].sin() }
        try R.check("cos") { $0[0].cos() }
        try R.check("tan") { $0[0].tan() }
        try R.check("asin") { $0[0].asin() }
        try R.check("acos") { $0[0].acos() }
        try R.check("atan") { $0[0].atan() }
        try R.check("sinh") { $0[0].sinh() }
        try R.check("cosh") { $0[0].cosh() }
        try R.check("atan2") { try $0[0].atan2($0[1]) }
    }

    func testLogarithmsAndPowersMatchPyTorch() throws {
        try R.check("log2") { $0[0].log2() }
        try R.check("log10") { $0[0].log10() }
        try R.check("log1p") { $0[0].log1p() }
        try R.check("expm1") { $0[0].expm1() }
        try R.check("rsqrt") { $0[0].rsqrt() }
        try R.check("square") { $0[0].square() }
        try R.check("reciprocal") { $0[0].reciprocal() }
    }

    func testRoundingAndRemaindersMatchPyTorch() throws {
        try R.check("floor") { $0[0].floor() }
        try R.check("ceil") { $0[0].ceil() }
        try R.check("round") { $0[0].round() }
        try R.check("trunc") { $0[0].trunc() }
        try R.check("sign") { $0[0].sign() }
        try R.check("fmod") { $0[0].fmod(2) }
        try R.check("remainder") { $0[0].remainder(2) }
        try R.check("fmod_tensor") { try $0[0].fmod($0[1]) }
        try R.check("remainder_tensor") { try $0[0].remainder($0[1]) }
    }

    func testClampingMatchesPyTorch() throws {
        try R.check("clamp") { try $0[0].clamp(min: -0.5, max: 0.5) }
        try R.check("clamp_min") { try $0[0].clamp(min: 0) }
        try R.check("clamp_max") { try $0[0].clip(max: 0.2) }
        try R.check("maximum") { try $0[0].maximum($0[1]) }
        try R.check("minimum") { try $0[0].minimum($0[1]) }
    }

    func testIntegerTensorsKeepTheirDtype() throws {
        let x = Tensor(shape: [3], int64s: [-3, 0, 7])
        XCTAssertEqual(x.sign().int64s, [-1, 0, 1])
        XCTAssertEqual(x.floor().dtype, .int64)
        XCTAssertEqual(try x.clamp(min: -1, max: 5).int64s, [-1, 0, 5])
        XCTAssertEqual(try x.maximum(Tensor(shape: [1], int64s: [1])).int64s, [1, 1, 7])
    }

    func testNaNChecksAndErrors() throws {
        let x = Tensor([1, .nan, .infinity, -1])
        XCTAssertEqual(x.isnan().bools, [false, true, false, false])
        XCTAssertEqual(x.isinf().bools, [false, false, true, false])
        XCTAssertEqual(x.isfinite().bools, [true, false, false, true])
        XCTAssertTrue(try x.clamp(min: 0).floats[1].isNaN)
        R.assertThrows("torch.clamp: At least one of 'min' or 'max' must not be None") { try x.clamp() }
        R.assertThrows("The size of tensor a (4) must match the size of tensor b (3) at non-singleton dimension 0") {
            try x.maximum(Tensor([1, 2, 3]))
        }
    }
}
