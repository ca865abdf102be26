import XCTest
@testable import NotebookSite
@testable import Notebook

final class HeadingAnchorsTests: XCTestCase {
    func testSlugs() {
        XCTAssertEqual(HeadingAnchors.slug("Differentiation in Autograd"), "differentiation-in-autograd")
        XCTAssertEqual(HeadingAnchors.slug("What's `torch.autograd`?"), "whats-torchautograd")
        XCTAssertEqual(HeadingAnchors.slug("中文 标题"), "中文-标题")
        XCTAssertEqual(HeadingAnchors.slug("Café au lait"), "café-au-lait")
    }

    func testUniqueAndReserved() {
        var anchors = HeadingAnchors(reserved: ["contents"])
        XCTAssertEqual(anchors.uniqueID(for: "Contents"), "contents-1")
        XCTAssertEqual(anchors.uniqueID(for: "A"), "a")
        XCTAssertEqual(anchors.uniqueID(for: "A"), "a-1")
        XCTAssertEqual(anchors.uniqueID(for: "a-1"), "a-1-1")
        XCTAssertEqual(anchors.uniqueID(for: "!!!"), "section")
        XCTAssertEqual(anchors.uniqueID(for: ""), "section-1")
    }

    func testAnchoringCmarkHeadings() {
        var anchors = HeadingAnchors()
        let (html, headings) = anchors.anchor("<h2>One &amp; <em>two</em></h2>\n<p>x</p>\n<h3>Three</h3>\n") {
            HTMLText.plainText(ofFragment: $0)
        }
        XCTAssertEqual(headings.map(\.id), ["one--two", "three"])
        XCTAssertEqual(headings[0].text, "One & two")
        XCTAssertTrue(html.hasPrefix("<h2 id=\"one--two\">One &amp; <em>two</em><a class=\"anchor\" href=\"#one--two\""))
    }
}
