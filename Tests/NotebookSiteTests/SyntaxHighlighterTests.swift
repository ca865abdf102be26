import XCTest
@testable import NotebookSite
@testable import Notebook

final class SyntaxHighlighterTests: XCTestCase {
    func testTokenClasses() {
        let html = SyntaxHighlighter.html("""
            func square(_ x: Double) -> Double { x * x }
            var ok = true && nil == nil
            let t = Tensor.rand([2, 3]) /* shape */ ; print($0, 1.5)
            """)
        XCTAssertTrue(html.contains("<span class=\"tok-kw\">func</span> <span class=\"tok-fn\">square</span>"))
        XCTAssertTrue(html.contains("<span class=\"tok-type\">Double</span>"))
        XCTAssertTrue(html.contains("<span class=\"tok-op\">-&gt;</span>"))
        XCTAssertTrue(html.contains("<span class=\"tok-lit\">true</span> <span class=\"tok-op\">&amp;&amp;</span> <span class=\"tok-lit\">nil</span>"))
        XCTAssertTrue(html.contains("<span class=\"tok-type\">Tensor</span>.<span class=\"tok-call\">rand</span>("))
        XCTAssertTrue(html.contains("<span class=\"tok-com\">/* shape */</span>"))
        XCTAssertTrue(html.contains("<span class=\"tok-var\">$0</span>, <span class=\"tok-num\">1.5</span>"))
    }

    func testNestedInterpolation() {
        let html = SyntaxHighlighter.html(#"print("a \("b \(1)")")"#)
        XCTAssertTrue(html.contains("<span class=\"tok-interp\">\\(</span><span class=\"tok-num\">1</span><span class=\"tok-interp\">)</span>"), html)
    }

    func testMultilineStringKeepsEveryByte() {
        let source = "let s = \"\"\"\n    one <b>\n    two \\(x)\n    \"\"\"\n// end"
        let html = SyntaxHighlighter.html(source)
        XCTAssertEqual(HTMLText.plainText(ofFragment: html), source)
        XCTAssertTrue(html.contains("<span class=\"tok-com\">// end</span>"))
    }

    func testCodeTheLexerRejectsIsShownPlain() {
        let source = "let s = \"unterminated <tag>"
        XCTAssertEqual(SyntaxHighlighter.html(source), "let s = &quot;unterminated &lt;tag&gt;")
    }
}
