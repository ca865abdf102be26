import XCTest
@testable import Notebook

final class NotebookCheckTests: XCTestCase {
    private func check(_ text: String, file: String = "n.md") throws -> NotebookCheck {
        let document = try NotebookDocument(bytes: Array(text.utf8), file: file)
        return NotebookCheck(run: NotebookRunner(keepGoing: true, makeExecutor: { TestExecutor(seed: $0) }).run(document))
    }

    func testMatchingOutputsPass() throws {
        let result = try check("```swift\nprint 1.0000001\n```\n\n```output\n1.0   \n```\n```swift\n```\n```swift skip\nprint x\n```\n")
        XCTAssertEqual(result.verdicts.map(\.outcome), [.passed, .passed, .skipped])
        XCTAssertEqual([result.passedCount, result.failedCount, result.skippedCount], [2, 0, 1])
    }

    func testChangedOutputFailsWithADiffNamingTheCellLine() throws {
        let result = try check("Intro\n\n```swift\nprint a\nprint 2.0\n```\n\n```output\na\n1.0\n```\n")
        XCTAssertEqual(result.verdicts.first?.outcome, .failed("""
            --- n.md:3 (stored)
            +++ n.md:3 (fresh)
            @@ -1,2 +1,2 @@
             a
            -1.0
            +2.0

            """))
        XCTAssertEqual(result.verdicts.first?.outputChanged, true)
        XCTAssertEqual(result.failedCount, 1)
    }

    func testToleranceFromCellAndFrontMatter() throws {
        XCTAssertEqual(try check("```swift\nprint 1.01\n```\n\n```output\n1.0\n```\n").failedCount, 1)
        XCTAssertEqual(try check("```swift tolerance=0.1\nprint 1.01\n```\n\n```output\n1.0\n```\n").failedCount, 0)
        XCTAssertEqual(try check("---\ntolerance: 0.1\n---\n```swift\nprint 1.01\n```\n\n```output\n1.0\n```\n").failedCount, 0)
        XCTAssertEqual(try check("```swift tolerance=0\nprint 1.0000001\n```\n\n```output\n1.0\n```\n").failedCount, 1)
    }

    func testMissingOrExtraOutputs() throws {
        XCTAssertEqual(try check("```swift\nprint a\n```\n").failedCount, 1)
        XCTAssertEqual(try check("```swift\n```\n\n```output\na\n```\n").failedCount, 1)
    }

    func testErrorsAndNondeterministicCells() throws {
        let result = try check("""
            ```swift error
            fail e
            ```

            ```output error
            error: e
            ```

            ```swift nondeterministic
            print whatever
            ```

            ```output
            something else
            ```

            ```swift
            fail boom
            ```

            ```swift error
            print fine
            ```

            """)
        XCTAssertEqual(result.verdicts.map(\.outcome), [
            .passed, .passed, .failed("n.md:18:1: error: boom"),
            .failed("n.md:21: error: the cell is marked 'error' but ran without error"),
        ])
    }

    func testErrorKindMustMatch() throws {
        let result = try check("```swift error\nfail e\n```\n\n```output\nn.md:2:1: error: e\n```\n")
        guard case .failed(let message) = result.verdicts[0].outcome else { return XCTFail("expected a failure") }
        XCTAssertTrue(message.hasPrefix("--- n.md:1 (stored)\n+++ n.md:1 (fresh, output error)\n"))
    }

    func testPicturesAreComparedWithTheStoredFiles() throws {
        let folder = try temporaryFolder()
        try FileManager.default.createDirectory(atPath: folder + "/p.assets", withIntermediateDirectories: true)
        try Data("<svg>1</svg>\n".utf8).write(to: URL(fileURLWithPath: folder + "/p.assets/cell-1.svg"))
        let stored = "```swift\nsvg <svg>1</svg>\n```\n\n<!-- output -->\n![graph](p.assets/cell-1.svg)\n<!-- /output -->\n"
        XCTAssertEqual(try check(stored, file: folder + "/p.md").failedCount, 0)
        let changed = stored.replacingOccurrences(of: "svg <svg>1", with: "svg <svg>2")
        let result = try check(changed, file: folder + "/p.md")
        guard case .failed(let message) = result.verdicts[0].outcome else { return XCTFail("expected a failure") }
        XCTAssertTrue(message.contains("-<svg>1</svg>\n+<svg>2</svg>\n"), message)
        XCTAssertEqual(try check("```swift\nsvg <svg/>\n```\n", file: folder + "/p.md").failedCount, 1)
    }

    func testAStoredPictureThatIsALinkShowsNothingOfItsTarget() throws {
        let folder = try temporaryFolder()
        let outside = try temporaryFolder()
        try FileManager.default.createDirectory(atPath: folder + "/p.assets", withIntermediateDirectories: true)
        try Data("secret-token\n".utf8).write(to: URL(fileURLWithPath: outside + "/secret"))
        try FileManager.default.createSymbolicLink(atPath: folder + "/p.assets/cell-1.svg", withDestinationPath: outside + "/secret")
        let stored = "```swift\nsvg <svg/>\n```\n\n<!-- output -->\n![graph](p.assets/cell-1.svg)\n<!-- /output -->\n"
        let result = try check(stored, file: folder + "/p.md")
        guard case .failed(let message) = result.verdicts[0].outcome else { return XCTFail("expected a failure") }
        XCTAssertFalse(message.contains("secret-token"), message)
    }
}
