import XCTest
@testable import Notebook

final class OutputComparisonTests: XCTestCase {
    let comparison = OutputComparison()

    func testTrailingWhitespaceIsIgnored() {
        XCTAssertTrue(comparison.matches(stored: "a  \nb\n\n\n", fresh: "a\nb"))
        XCTAssertTrue(comparison.matches(stored: "a\r\nb\r\n", fresh: "a\nb\n"))
        XCTAssertFalse(comparison.matches(stored: " a", fresh: "a"))
        XCTAssertFalse(comparison.matches(stored: "a\n\nb", fresh: "a\nb"))
    }

    func testNumbersWithinRelativeTolerance() {
        XCTAssertTrue(comparison.matches(stored: "loss 1.000000", fresh: "loss 1.000001"))
        XCTAssertFalse(comparison.matches(stored: "loss 1.00", fresh: "loss 1.01"))
        XCTAssertTrue(comparison.matches(stored: "tensor([-12.,  65.])", fresh: "tensor([-12.0000001,  65.])"))
        XCTAssertTrue(comparison.matches(stored: "1.0000e-08", fresh: "1.00001e-08"))
        XCTAssertFalse(comparison.matches(stored: "-0.5", fresh: "0.5"))
        XCTAssertTrue(comparison.matches(stored: "-0.0000", fresh: "0.0000"))
        XCTAssertTrue(OutputComparison(tolerance: 1e-2).matches(stored: "1.00", fresh: "1.009"))
    }

    func testNonNumberRunsMustMatchExactly() {
        XCTAssertFalse(comparison.matches(stored: "tensor([1.,  2.])", fresh: "tensor([1., 2.])"))
        XCTAssertFalse(comparison.matches(stored: "conv1", fresh: "conv2"))
        XCTAssertFalse(comparison.matches(stored: "x 1", fresh: "y 1"))
        XCTAssertFalse(comparison.matches(stored: "1 2", fresh: "1 2 3"))
        XCTAssertFalse(comparison.matches(stored: "nan", fresh: "1.0"))
    }

    func testZeroToleranceIsExactText() {
        let exact = OutputComparison(tolerance: 0)
        XCTAssertFalse(exact.matches(stored: "1.0000001", fresh: "1.0000002"))
        XCTAssertFalse(exact.matches(stored: "1.0", fresh: "1.00"))
        XCTAssertTrue(exact.matches(stored: "1.0  \n", fresh: "1.0"))
    }

    func testTokens() {
        XCTAssertEqual(OutputComparison.tokens("a[-1.5e3, 2.]"), [
            .text("a["), .number(-1500, "-1.5e3"), .text(", "), .number(2, "2."), .text("]"),
        ])
        XCTAssertEqual(OutputComparison.tokens("layer4.0 3-1 .5"), [
            .text("layer4.0 "), .number(3, "3"), .text("-"), .number(1, "1"), .text(" "), .number(0.5, ".5"),
        ])
        XCTAssertEqual(OutputComparison.tokens("12abc x_2"), [.text("12abc x_2")])
        XCTAssertEqual(OutputComparison.tokens(""), [])
    }
}
