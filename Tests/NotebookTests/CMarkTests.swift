import XCTest
@testable import Notebook

final class CMarkTests: XCTestCase {
    func testParsesBlocksWithPositionsAndFenceInfo() throws {
        let document = try CMark.parse("# Title\n\nText.\n\n```swift skip\nlet x = 1\n```\n")
        XCTAssertEqual(document.kind, .document)
        XCTAssertEqual(document.children.map(\.kind), [.heading, .paragraph, .codeBlock])
        let heading = document.children[0]
        XCTAssertEqual(heading.headingLevel, 1)
        let code = document.children[2]
        XCTAssertEqual(code.fenceInfo, "swift skip")
        XCTAssertEqual(code.literal, "let x = 1\n")
        XCTAssertEqual(code.startLine, 5)
        XCTAssertEqual(code.endLine, 7)
        XCTAssertEqual(code.startColumn, 1)
    }

    func testNestedCodeBlocksAreChildrenOfTheirContainers() throws {
        let document = try CMark.parse("- item\n\n  ```swift\n  x\n  ```\n\n> ```swift\n> y\n> ```\n")
        XCTAssertEqual(document.children.map(\.kind), [.list, .blockQuote])
        let item = document.children[0].children[0]
        XCTAssertEqual(item.kind, .item)
        XCTAssertEqual(item.children.map(\.kind), [.paragraph, .codeBlock])
        XCTAssertEqual(item.children[1].literal, "x\n")
        XCTAssertEqual(document.children[1].children[0].fenceInfo, "swift")
    }

    func testHTMLIsSafeByDefault() {
        let html = CMark.html(fromMarkdown: "Hi *there*\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1))\n")
        XCTAssertTrue(html.contains("<em>there</em>"))
        XCTAssertFalse(html.contains("<script>"))
        XCTAssertFalse(html.contains("javascript:"))
        XCTAssertTrue(html.contains("raw HTML omitted"))
    }

    func testEmptyInput() throws {
        XCTAssertEqual(try CMark.parse("").children, [])
        XCTAssertEqual(CMark.html(fromMarkdown: ""), "")
    }

    func testBlocksNestedTooDeeplyAreAnErrorWithTheirLine() throws {
        // 50,000 levels would overflow the stack of anything walking the tree.
        for marker in ["> ", "- ", "1. "] {
            let deep = "# Title\n\n" + String(repeating: marker, count: 50_000) + "x\n"
            XCTAssertThrowsError(try CMark.parse(deep)) { error in
                XCTAssertEqual(error as? CMark.NestingError, CMark.NestingError(line: 3), marker)
            }
        }
        let indented = (0..<2_000).map { String(repeating: " ", count: 2 * $0) + "- a\n" }.joined()
        XCTAssertThrowsError(try CMark.parse("\n" + indented)) { error in
            XCTAssertEqual(error as? CMark.NestingError, CMark.NestingError(line: 501))
        }
        // Just under the limit: a quote holds a paragraph, so the deepest block is one level further in.
        let allowed = String(repeating: "> ", count: CMark.maximumNesting - 1) + "x\n"
        var block = try CMark.parse(allowed)
        var depth = 0
        while let child = block.children.first {
            block = child
            depth += 1
        }
        XCTAssertEqual(depth, CMark.maximumNesting)
        XCTAssertEqual(block.kind, .paragraph)
    }
}
