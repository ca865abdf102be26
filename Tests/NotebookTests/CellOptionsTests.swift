import XCTest
@testable import Notebook

final class CellOptionsTests: XCTestCase {
    func testParsesEveryOption() throws {
        let options = try CellOptions(
            words: ["skip", "error", "hide", "nondeterministic", "timeout=5", "tolerance=0"], file: "n.md", line: 3)
        XCTAssertTrue(options.skip)
        XCTAssertTrue(options.expectsError)
        XCTAssertTrue(options.hide)
        XCTAssertTrue(options.nondeterministic)
        XCTAssertEqual(options.timeout, 5)
        XCTAssertEqual(options.tolerance, 0)
        XCTAssertEqual(try CellOptions(words: [], file: "n.md", line: 1), CellOptions())
    }

    func testSingleOptions() {
        XCTAssertEqual(CellOption(word: "timeout=0.5"), .timeout(0.5))
        XCTAssertEqual(CellOption(word: "tolerance=1e-2"), .tolerance(0.01))
        XCTAssertNil(CellOption(word: "timeout=0"))
        XCTAssertNil(CellOption(word: "timeout=-1"))
        XCTAssertNil(CellOption(word: "tolerance=-1"))
        XCTAssertNil(CellOption(word: "Skip"))
    }

    func testUnknownOptionNamesTheLine() {
        XCTAssertThrowsError(try CellOptions(words: ["hidden"], file: "n.md", line: 7)) { error in
            XCTAssertEqual((error as? NotebookError)?.line, 7)
            XCTAssertTrue("\(error)".hasPrefix("n.md:7: error: unknown cell option 'hidden'"))
        }
        XCTAssertThrowsError(try CellOptions(words: ["timeout=soon"], file: "n.md", line: 2)) { error in
            XCTAssertEqual("\(error)", "n.md:2: error: cell option 'timeout=soon' needs a positive number of seconds, at most 31536000")
        }
    }

    func testTimeoutsTooLargeForTheClockAreOptionErrors() {
        XCTAssertNil(CellOption(word: "timeout=1e16"))
        XCTAssertNil(CellOption(word: "timeout=inf"))
        XCTAssertNil(CellOption(word: "timeout=nan"))
        XCTAssertEqual(CellOption(word: "timeout=31536000"), .timeout(31_536_000))
        XCTAssertThrowsError(try CellOptions(words: ["timeout=1e16"], file: "n.md", line: 4)) { error in
            XCTAssertEqual("\(error)", "n.md:4: error: cell option 'timeout=1e16' needs a positive number of seconds, at most 31536000")
        }
    }

    func testTimeoutsSetThroughTheAPIAreClamped() {
        XCTAssertEqual(CellOptions.milliseconds(ofTimeout: 1e16), 31_536_000_000)
        XCTAssertEqual(CellOptions.milliseconds(ofTimeout: .infinity), 31_536_000_000)
        XCTAssertEqual(CellOptions.milliseconds(ofTimeout: .nan), 0)
        XCTAssertEqual(CellOptions.milliseconds(ofTimeout: -5), 0)
        XCTAssertEqual(CellOptions.milliseconds(ofTimeout: 2.5), 2500)
    }
}
