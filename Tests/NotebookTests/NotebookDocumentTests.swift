import XCTest
@testable import Notebook

final class NotebookDocumentTests: XCTestCase {
    private func parse(_ text: String) throws -> NotebookDocument {
        try NotebookDocument(bytes: Array(text.utf8), file: "n.md")
    }

    func testFindsTopLevelSwiftCellsOnly() throws {
        let document = try parse("""
            # Cells

            ```swift
            print 1
            ```

            ```python
            print(2)
            ```

            - a list

              ```swift
              print 3
              ```

            > ```swift
            > print 4
            > ```

                print 5 (indented code)

            <div>
            ```swift
            print 6
            ```
            </div>

            ~~~ swift hide
            print 7
            ~~~

            """)
        XCTAssertEqual(document.cells.map(\.source), ["print 1\n", "print 7\n"])
        XCTAssertEqual(document.cells.map(\.index), [1, 2])
        XCTAssertEqual(document.cells.map(\.lines), [3...5, 29...31])
        XCTAssertEqual(document.cells[1].firstSourceLine, 30)
        XCTAssertTrue(document.cells[1].options.hide)
    }

    func testReadsOutputsRightAfterTheCell() throws {
        let document = try parse("""
            ```swift
            print a
            ```


            ````output
            a ``` b
            ````

            <!-- output -->
            ![graph](n.assets/cell-1.svg)
            ![graph](<n.assets/cell-1-2.svg>)
            <!-- /output -->

            ```swift error
            fail x
            ```
            ```output error
            n.md:16:1: error: x
            ```
            ```swift
            ```

            Prose.

            ```output
            not an output: prose comes between
            ```

            """)
        XCTAssertEqual(document.cells.count, 3)
        let first = document.cells[0]
        XCTAssertEqual(first.output.text, TextOutput(text: "a ``` b\n", isError: false, lines: 6...8))
        XCTAssertEqual(first.output.rich, RichOutput(images: ["n.assets/cell-1.svg", "n.assets/cell-1-2.svg"], lines: 10...13))
        XCTAssertEqual(first.output.lastLine, 13)
        XCTAssertEqual(document.cells[1].output.text?.isError, true)
        XCTAssertEqual(document.cells[1].output.text?.text, "n.md:16:1: error: x\n")
        XCTAssertEqual(document.cells[2].output, StoredOutput())
        XCTAssertEqual(document.cells[2].source, "")
    }

    func testRichOutputAloneAndMalformedMarkers() throws {
        let document = try parse("""
            ```swift
            svg x
            ```

            <!-- output -->
            ![graph](n.assets/cell-1.svg)
            <!-- /output -->

            ```swift
            svg y
            ```

            <!-- output -->
            Some words that are not an image.
            <!-- /output -->

            """)
        XCTAssertNil(document.cells[0].output.text)
        XCTAssertEqual(document.cells[0].output.rich?.lines, 5...7)
        XCTAssertNil(document.cells[1].output.rich)
    }

    func testFrontMatterIsNotMarkdownAndKeepsLineNumbers() throws {
        let document = try parse("---\ntitle: T\nseed: 7\n---\n```swift\nprint 1\n```\n")
        XCTAssertEqual(document.frontMatter.seed, 7)
        XCTAssertEqual(document.cells.first?.lines, 5...7)
        XCTAssertFalse(document.markdown.contains("title"))
        XCTAssertEqual(try CMark.parse(document.markdown).children.map(\.kind), [.codeBlock])
    }

    func testCRLFSourcesHaveNoCarriageReturns() throws {
        let document = try parse("```swift\r\nprint 1\r\nprint 2\r\n```\r\n\r\n```output\r\n1\r\n2\r\n```\r\n")
        XCTAssertEqual(document.cells[0].source, "print 1\nprint 2\n")
        XCTAssertEqual(document.cells[0].output.text?.text, "1\n2\n")
    }

    func testErrors() {
        XCTAssertThrowsError(try parse("text\n\n```swift fast\nx\n```\n")) { error in
            XCTAssertEqual((error as? NotebookError)?.line, 3)
        }
        XCTAssertThrowsError(try parse("```swift\nprint 1\n")) { error in
            XCTAssertEqual("\(error)", "n.md:1: error: this code cell has no closing fence")
        }
        XCTAssertThrowsError(try NotebookDocument(bytes: [0x61, 0xFF, 0x0A], file: "bad.md")) { error in
            XCTAssertEqual("\(error)", "bad.md: error: the file is not valid UTF-8")
        }
        XCTAssertThrowsError(try NotebookDocument.load(path: "/nonexistent/n.md")) { error in
            XCTAssertEqual((error as? NotebookError)?.message, "no such file")
        }
        let quotes = "# T\n\n" + String(repeating: "> ", count: 50_000) + "x\n\n```swift\nprint(1)\n```\n"
        XCTAssertThrowsError(try parse(quotes)) { error in
            XCTAssertEqual("\(error)", "n.md:3: error: Markdown blocks are nested too deeply (more than 1000 quotes, lists and list items inside each other)")
        }
    }

    func testImagePaths() {
        XCTAssertEqual(NotebookDocument.imagePath(in: "![graph](a.assets/cell-1.svg)"), "a.assets/cell-1.svg")
        XCTAssertEqual(NotebookDocument.imagePath(in: "  ![](<a b.svg>)"), "a b.svg")
        XCTAssertNil(NotebookDocument.imagePath(in: "[link](x.svg)"))
        XCTAssertNil(NotebookDocument.imagePath(in: "![x]()"))
    }
}
