import XCTest
@testable import Notebook

final class FrontMatterTests: XCTestCase {
    private func read(_ text: String) throws -> FrontMatter {
        let bytes = Array(text.utf8)
        return try FrontMatter(bytes: bytes, table: LineTable(bytes), file: "n.md")
    }

    func testDefaults() throws {
        let front = try read("# No front matter\n")
        XCTAssertNil(front.title)
        XCTAssertEqual(front.seed, 0)
        XCTAssertEqual(front.timeout, 60)
        XCTAssertEqual(front.tolerance, 1e-4)
        XCTAssertNil(front.lines)
    }

    func testReadsKeysQuotesAndComments() throws {
        let front = try read("---\ntitle: \"Autograd: a tour\"\n# a comment\n\nseed: 42\ntimeout: 2.5\ntolerance: 1e-3\n---\nText\n")
        XCTAssertEqual(front.title, "Autograd: a tour")
        XCTAssertEqual(front.seed, 42)
        XCTAssertEqual(front.timeout, 2.5)
        XCTAssertEqual(front.tolerance, 1e-3)
        XCTAssertEqual(front.lines, 1...8)
    }

    func testLanguageAndDescription() throws {
        let front = try read("---\nlang: zh-CN\ndescription: \"What autograd does.\"\n---\n")
        XCTAssertEqual(front.language, "zh-CN")
        XCTAssertEqual(front.description, "What autograd does.")
        XCTAssertThrowsError(try read("---\nlang: chinese please\n---\n")) { error in
            XCTAssertEqual((error as? NotebookError)?.line, 2)
        }
    }

    func testATimeoutTooLargeForTheClockIsAnError() {
        XCTAssertThrowsError(try read("---\ntimeout: 1e16\n---\n")) { error in
            XCTAssertTrue("\(error)".contains("timeout must be a positive number of seconds, at most 31536000, found '1e16'"), "\(error)")
        }
    }

    func testCRLF() throws {
        let front = try read("---\r\ntitle: T\r\n---\r\n")
        XCTAssertEqual(front.title, "T")
        XCTAssertEqual(front.lines, 1...3)
    }

    func testWithoutClosingLineThereIsNoFrontMatter() throws {
        XCTAssertNil(try read("---\ntitle: x\n").lines)
        XCTAssertNil(try read("text\n---\ntitle: x\n---\n").lines)
    }

    /// A notebook that opens with a thematic break keeps having none after an
    /// output with a `---` line of its own is written under a cell.
    func testADashLineInsideAFenceDoesNotCloseFrontMatter() throws {
        XCTAssertNil(try read("---\nProse.\n\n```swift\nprint(1)\n```\n\n```output\n---\n```\n").lines)
        XCTAssertNil(try read("---\nProse.\n~~~\n---\n~~~\n").lines)
    }

    func testRewritingANotebookThatOpensWithABreakKeepsItParseable() throws {
        let text = "---\nProse about `v * 255`.\n\n```swift\nprint(1)\n```\n"
        let document = try NotebookDocument(bytes: Array(text.utf8), file: "n.md")
        let outputs = [document.cells[0].index: FreshOutput(text: "---\nmore\n", isError: false)]
        let first = NotebookWriter.rewrite(document, outputs: outputs, assetsDirectory: "n.assets")
        let again = try NotebookDocument(bytes: first.bytes, file: "n.md")
        XCTAssertEqual(NotebookWriter.rewrite(again, outputs: outputs, assetsDirectory: "n.assets").bytes, first.bytes)
    }

    func testErrorsNameTheLine() {
        XCTAssertThrowsError(try read("---\ntitle: x\nseed: -1\n---\n")) { error in
            XCTAssertEqual(error as? NotebookError, NotebookError(
                file: "n.md", line: 3, message: "seed must be a non-negative integer, found '-1'"))
        }
        XCTAssertThrowsError(try read("---\ncolour: red\n---\n")) { error in
            XCTAssertEqual((error as? NotebookError)?.line, 2)
            XCTAssertTrue("\(error)".contains("unknown front matter key 'colour'"))
        }
        XCTAssertThrowsError(try read("---\njust words\n---\n")) { error in
            XCTAssertEqual("\(error)", "n.md:2: error: front matter line must be 'key: value', found 'just words'")
        }
        XCTAssertThrowsError(try read("---\ntimeout: 0\n---\n"))
        XCTAssertThrowsError(try read("---\ntolerance: much\n---\n"))
        XCTAssertThrowsError(try read("---\nseed: 1\nseed: 2\n---\n"))
    }

    func testOtherToolsKeysAreKeptAndIgnoredWithAWarning() throws {
        let text = """
            ---
            title: Tensors
            author: Ada Lovelace
            date: 2024-05-01
            jupyter: python3
            execute:
              echo: false
              warning: false
            format:
              html:
                toc: true
            categories:
              - basics
              - tensors
            kernelspec:
              name: python3
            seed: 7
            ---
            # Tensors

            """
        let front = try read(text)
        XCTAssertEqual(front.title, "Tensors")
        XCTAssertEqual(front.seed, 7)
        XCTAssertEqual(front.warnings.map(\.line), [3, 4, 5, 6, 9, 12, 15])
        XCTAssertEqual(front.warnings.first, NotebookError(
            file: "n.md", line: 3, message: "front matter key 'author' is another tool's (Quarto, Jupyter Book); kept and ignored"))
    }

    func testAMisspeltKeyOfOursGetsADidYouMean() throws {
        XCTAssertThrowsError(try read("---\ntitel: Tensors\n---\n")) { error in
            XCTAssertEqual("\(error)", "n.md:2: error: unknown front matter key 'titel'; did you mean 'title'?")
        }
        XCTAssertThrowsError(try read("---\ntimout: 5\n---\n")) { error in
            XCTAssertTrue("\(error)".hasSuffix("did you mean 'timeout'?"), "\(error)")
        }
        XCTAssertThrowsError(try read("---\nSeed: 5\n---\n")) { error in
            XCTAssertTrue("\(error)".hasSuffix("did you mean 'seed'?"), "\(error)")
        }
        // Nested lines belong only to another tool's key.
        XCTAssertThrowsError(try read("---\ntitle: x\n  nested: y\n---\n")) { error in
            XCTAssertEqual((error as? NotebookError)?.line, 3)
        }
    }
}
