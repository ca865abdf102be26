import XCTest
@testable import Notebook

final class OutputEscapingTests: XCTestCase {
    func testControlsAreEscapedAndTheRestKept() {
        XCTAssertEqual(OutputEscaping.escaped("a\u{0}b\u{1B}[31m\t\n\u{7F}\u{85}\u{202E}\u{2066}\u{FEFF}é中"),
                       #"a\u{0}b\u{1B}[31m"# + "\t\n" + #"\u{7F}\u{85}\u{202E}\u{2066}\u{FEFF}é中"#)
        XCTAssertEqual(OutputEscaping.escaped("one\r\ntwo"), "one\ntwo")
        XCTAssertEqual(OutputEscaping.escaped("plain text\n"), "plain text\n")
    }

    func testEscapingTwiceChangesNothing() {
        let once = OutputEscaping.escaped("\u{0}\u{1B}]52;c;aGk=\u{7}\u{200F}")
        XCTAssertEqual(OutputEscaping.escaped(once), once)
        XCTAssertFalse(once.unicodeScalars.contains(where: OutputEscaping.needsEscape))
    }

    func testWrittenOutputReadsBackAsCompared() throws {
        let printed = "nul \u{0} esc \u{1B}[2J\nnext\u{202E}line\n"
        let block = NotebookWriter.textBlock(printed, isError: false)
        let document = try NotebookDocument(bytes: Array(("```swift\nx\n```\n\n" + block + "\n").utf8), file: "t.md")
        let stored = try XCTUnwrap(document.cells.first?.output.text?.text)
        XCTAssertTrue(OutputComparison(tolerance: 0).matches(stored: stored, fresh: printed), stored)
    }
}

final class CellOutputTests: XCTestCase {
    func testOutputPastTheLimitIsCutWithALine() {
        let output = CellOutput(limit: 10)
        output.write("12345")
        output.write("678é90")
        output.write("more")
        output.display(svg: "<svg/>")
        XCTAssertTrue(output.isTruncated)
        XCTAssertEqual(output.text, "12345678é\n[output truncated: the cell printed more than 10 bytes; --output-limit sets the limit]\n")
        XCTAssertEqual(output.pictures, [])
    }

    func testOutputWithinTheLimitIsKept() {
        let output = CellOutput(limit: 1 << 20)
        output.write("hello\n")
        output.display(svg: "<svg/>")
        XCTAssertFalse(output.isTruncated)
        XCTAssertEqual(output.text, "hello\n")
        XCTAssertEqual(output.pictures, ["<svg/>"])
        XCTAssertEqual(CellOutput.truncationLine(limit: 4 << 20),
                       "[output truncated: the cell printed more than 4 MB; --output-limit sets the limit]")
    }
}
