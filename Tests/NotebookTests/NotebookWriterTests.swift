import XCTest
@testable import Notebook

final class NotebookWriterTests: XCTestCase {
    /// Runs `text` with the test executor and returns the rewritten text.
    private func runAndRewrite(_ text: String, file: String = "n.md") throws -> String {
        let document = try NotebookDocument(bytes: Array(text.utf8), file: file)
        let run = NotebookRunner(keepGoing: true, makeExecutor: { TestExecutor(seed: $0) }).run(document)
        let rewrite = NotebookWriter.rewrite(document, outputs: run.freshOutputs, assetsDirectory: "n.assets")
        return String(decoding: rewrite.bytes, as: UTF8.self)
    }

    /// Asserts that a second run gives the same bytes as the first.
    private func assertIdempotent(_ text: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let once = try runAndRewrite(text)
        let twice = try runAndRewrite(once)
        XCTAssertEqual(once, twice, "second run changed the file", file: file, line: line)
    }

    func testWritesOutputUnderTheCellAndKeepsEverythingElse() throws {
        let prose = """
            # 自動微分 (autograd) — ✓ émojis 🎉

            | a | b |
            |---|:-:|
            | 1 | 2 |

            <details><summary>HTML block</summary>
            ```swift
            print inside html is prose
            ```
            </details>

            ````markdown
            ```swift
            print not a cell
            ```
            ````

            ~~~
            tildes
            ~~~

                indented code
                ```swift
                print no
                ```

            1. item

               ```swift
               print in a list
               ```

            > ```swift
            > print quoted
            > ```

            """
        let text = prose + "```swift\nprint 中文 out\n```\n\nAfter.\n"
        let written = try runAndRewrite(text)
        XCTAssertEqual(written, prose + "```swift\nprint 中文 out\n```\n\n```output\n中文 out\n```\n\nAfter.\n")
        try assertIdempotent(text)
    }

    func testReplacesStaleOutputAndRemovesItWhenEmpty() throws {
        XCTAssertEqual(
            try runAndRewrite("```swift\nprint new\n```\n\n\n```output\nold\n```\nNext\n"),
            "```swift\nprint new\n```\n\n```output\nnew\n```\nNext\n")
        XCTAssertEqual(
            try runAndRewrite("A\n\n```swift\n```\n\n```output\nold\n```\n\nB\n"),
            "A\n\n```swift\n```\n\nB\n")
        XCTAssertEqual(
            try runAndRewrite("```swift\n```\n\n<!-- output -->\n![graph](n.assets/cell-1.svg)\n<!-- /output -->\n"),
            "```swift\n```\n")
    }

    func testFenceIsLongerThanAnyBacktickRun() throws {
        XCTAssertEqual(NotebookWriter.textBlock("a\n", isError: false), "```output\na\n```")
        XCTAssertEqual(NotebookWriter.textBlock("``x``\n", isError: false), "```output\n``x``\n```")
        XCTAssertEqual(NotebookWriter.textBlock("```\n", isError: true), "````output error\n```\n````")
        XCTAssertEqual(NotebookWriter.textBlock("a `````` b", isError: false), "```````output\na `````` b\n```````")
        let text = "```swift\nprint ````\nprint ~~~\n```\n"
        XCTAssertEqual(try runAndRewrite(text), text + "\n`````output\n````\n~~~\n`````\n")
        try assertIdempotent(text)
    }

    func testCRLFAndMissingFinalNewlineArePreserved() throws {
        XCTAssertEqual(
            try runAndRewrite("# T\r\n\r\n```swift\r\nprint a\r\nprint b\r\n```\r\n\r\nEnd\r\n"),
            "# T\r\n\r\n```swift\r\nprint a\r\nprint b\r\n```\r\n\r\n```output\r\na\r\nb\r\n```\r\n\r\nEnd\r\n")
        XCTAssertEqual(try runAndRewrite("```swift\nprint a\n```"), "```swift\nprint a\n```\n\n```output\na\n```")
        XCTAssertEqual(try runAndRewrite("```swift\nprint a\n```\n\n```output\nold\n```"), "```swift\nprint a\n```\n\n```output\na\n```")
        try assertIdempotent("```swift\r\nprint a\r\n```")
        try assertIdempotent("x\n\n```swift\nprint a\n```")
    }

    func testErrorOutputsAndPictures() throws {
        let text = "```swift error\nprint before\nfail boom\n```\n\n```swift\nsvg <svg>1</svg>\nprint text\nsvg <svg>2</svg>\n```\n"
        let document = try NotebookDocument(bytes: Array(text.utf8), file: "n.md")
        let run = NotebookRunner(makeExecutor: { TestExecutor(seed: $0) }).run(document)
        let rewrite = NotebookWriter.rewrite(document, outputs: run.freshOutputs, assetsDirectory: "n.assets")
        XCTAssertEqual(String(decoding: rewrite.bytes, as: UTF8.self), """
            ```swift error
            print before
            fail boom
            ```

            ```output error
            before
            error: boom
            ```

            ```swift
            svg <svg>1</svg>
            print text
            svg <svg>2</svg>
            ```

            ```output
            text
            ```

            <!-- output -->
            ![graph](n.assets/cell-2.svg)
            ![graph](n.assets/cell-2-2.svg)
            <!-- /output -->

            """)
        XCTAssertEqual(rewrite.pictures, [
            .init(path: "n.assets/cell-2.svg", svg: "<svg>1</svg>"),
            .init(path: "n.assets/cell-2-2.svg", svg: "<svg>2</svg>"),
        ])
        try assertIdempotent(text)
    }

    func testCellsWithoutFreshOutputKeepTheirs() throws {
        let text = "```swift skip\nprint new\n```\n\n\n```output\nkept   \n```\n"
        XCTAssertEqual(try runAndRewrite(text), text)
    }

    func testAssetsDirectoryName() {
        XCTAssertEqual(NotebookWriter.assetsDirectoryName(forNotebookAt: "notebooks/autograd.md"), "autograd.assets")
        XCTAssertEqual(NotebookWriter.assetsDirectoryName(forNotebookAt: "notes.txt"), "notes.txt.assets")
    }

    func testWriteReplacesFileAndManagesPictures() throws {
        let folder = try temporaryFolder()
        let path = folder + "/pics.md"
        let text = "```swift\nsvg <svg/>\n```\n\n```swift\nprint a\n```\n"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        let stale = folder + "/pics.assets/cell-9.svg"
        try FileManager.default.createDirectory(atPath: folder + "/pics.assets", withIntermediateDirectories: true)
        try Data("old".utf8).write(to: URL(fileURLWithPath: stale))
        try Data("mine".utf8).write(to: URL(fileURLWithPath: folder + "/pics.assets/notes.txt"))

        var document = try NotebookDocument.load(path: path)
        try NotebookWriter.write(NotebookRunner(makeExecutor: { TestExecutor(seed: $0) }).run(document), to: path)
        XCTAssertEqual(try String(contentsOfFile: folder + "/pics.assets/cell-1.svg", encoding: .utf8), "<svg/>")
        XCTAssertFalse(FileManager.default.fileExists(atPath: stale))
        XCTAssertTrue(FileManager.default.fileExists(atPath: folder + "/pics.assets/notes.txt"))

        // The picture goes away when the cell no longer draws it.
        let edited = try String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(of: "svg <svg/>", with: "print b")
        try Data(edited.utf8).write(to: URL(fileURLWithPath: path))
        try FileManager.default.removeItem(atPath: folder + "/pics.assets/notes.txt")
        document = try NotebookDocument.load(path: path)
        try NotebookWriter.write(NotebookRunner(makeExecutor: { TestExecutor(seed: $0) }).run(document), to: path)
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder + "/pics.assets"))
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8),
                       "```swift\nprint b\n```\n\n```output\nb\n```\n\n```swift\nprint a\n```\n\n```output\na\n```\n")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".tmp") }
        XCTAssertEqual(leftovers, [])
    }

    func testSymlinkedAssetsFolderIsRefusedAndNothingIsWritten() throws {
        let folder = try temporaryFolder()
        let victim = try temporaryFolder()
        defer { for path in [folder, victim] { try? FileManager.default.removeItem(atPath: path) } }
        let path = folder + "/pics.md"
        let text = "```swift\nsvg <svg/>\n```\n"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        try Data("theirs".utf8).write(to: URL(fileURLWithPath: victim + "/cell-7.svg"))
        try FileManager.default.createSymbolicLink(atPath: folder + "/pics.assets", withDestinationPath: victim)
        let document = try NotebookDocument.load(path: path)
        XCTAssertThrowsError(try NotebookWriter.write(NotebookRunner(makeExecutor: { TestExecutor(seed: $0) }).run(document), to: path)) { error in
            XCTAssertTrue((error as? NotebookError)?.message.contains("symbolic link") == true, "\(error)")
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: victim), ["cell-7.svg"], "nothing written or removed there")
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), text, "the notebook is untouched")
    }

    func testStalePictureThatIsALinkIsNotFollowed() throws {
        let folder = try temporaryFolder()
        let victim = try temporaryFolder()
        defer { for path in [folder, victim] { try? FileManager.default.removeItem(atPath: path) } }
        let path = folder + "/pics.md"
        try Data("```swift\nprint a\n```\n".utf8).write(to: URL(fileURLWithPath: path))
        try FileManager.default.createDirectory(atPath: folder + "/pics.assets", withIntermediateDirectories: true)
        try Data("theirs".utf8).write(to: URL(fileURLWithPath: victim + "/file"))
        try FileManager.default.createSymbolicLink(atPath: folder + "/pics.assets/cell-3.svg", withDestinationPath: victim + "/file")
        let document = try NotebookDocument.load(path: path)
        try NotebookWriter.write(NotebookRunner(makeExecutor: { TestExecutor(seed: $0) }).run(document), to: path)
        XCTAssertEqual(try String(contentsOfFile: victim + "/file", encoding: .utf8), "theirs")
    }
}

/// A new empty folder for one test.
func temporaryFolder() throws -> String {
    let path = NSTemporaryDirectory() + "notebook-tests-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}
