import XCTest
@testable import Notebook

final class CMarkTests: XCTestCase {
    func testParsesBlocksWithPositionsAndFenceInfo() {
        let document = CMark.parse("# Title\n\nText.\n\n```swift skip\nlet x = 1\n```\n")
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

    func testNestedCodeBlocksAreChildrenOfTheirContainers() {
        let document = CMark.parse("- item\n\n  ```swift\n  x\n  ```\n\n> ```swift\n> y\n> ```\n")
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

    func testEmptyInput() {
        XCTAssertEqual(CMark.parse("").children, [])
        XCTAssertEqual(CMark.html(fromMarkdown: ""), "")
    }
}
