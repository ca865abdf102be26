import XCTest
@testable import NotebookSite

final class AllowedHTMLTests: XCTestCase {
    func testKeepsGitHubsShortListWithoutAttributes() {
        XCTAssertEqual(AllowedHTML.sanitized("<details>\n<summary>More</summary>\n"), "<details>\n<summary>More</summary>\n")
        XCTAssertEqual(AllowedHTML.sanitized("<DETAILS open>"), "<details open>")
        XCTAssertEqual(AllowedHTML.sanitized("<kbd>"), "<kbd>")
        XCTAssertEqual(AllowedHTML.sanitized("</sub>"), "</sub>")
        XCTAssertEqual(AllowedHTML.sanitized("<br/>"), "<br>")
        XCTAssertEqual(AllowedHTML.sanitized("<br />"), "<br>")
    }

    func testEscapesEverythingElse() {
        XCTAssertEqual(AllowedHTML.sanitized("<script>alert(1)</script>"), "&lt;script&gt;alert(1)&lt;/script&gt;")
        XCTAssertEqual(AllowedHTML.sanitized("<kbd onclick=\"x()\">"), "&lt;kbd onclick=&quot;x()&quot;&gt;")
        XCTAssertEqual(AllowedHTML.sanitized("<details class=x>"), "&lt;details class=x&gt;")
        XCTAssertEqual(AllowedHTML.sanitized("</br>"), "&lt;/br&gt;")
        XCTAssertEqual(AllowedHTML.sanitized("<summaryx>"), "&lt;summaryx&gt;")
        XCTAssertEqual(AllowedHTML.sanitized("a & b &amp; &#42; &#x2A; &bad"), "a &amp; b &amp; &#42; &#x2A; &amp;bad")
    }

    func testLeavesCommentsOut() {
        XCTAssertEqual(AllowedHTML.sanitized("<!-- a note -->"), "")
        XCTAssertEqual(AllowedHTML.sanitized("<!-- open"), "&lt;!-- open")
    }

    func testOutputNeverOpensAnotherTag() {
        let inputs = ["<img src=x onerror=alert(1)>", "<<kbd>>", "<kbd\n>", "<a href=\"javascript:x\">", "<svg><script>", "<detailsopen>"]
        for input in inputs {
            for tag in HTMLTestSupport.tags(in: AllowedHTML.sanitized(input)) {
                let name = tag.dropFirst().drop { $0 == "/" }.prefix { $0.isLetter }
                XCTAssertTrue(AllowedHTML.tags.contains(String(name)), "\(input) gave \(tag)")
            }
        }
    }
}
