import Foundation
import XCTest
@testable import NotebookSite
@testable import Notebook

final class PageRendererTests: XCTestCase {
    func testFixtureMatchesSnapshot() throws {
        let path = (HTMLTestSupport.fixtures as NSString).appendingPathComponent("sample.md")
        let document = try NotebookDocument.load(path: path)
        let rendered = PageRenderer(baseDirectory: HTMLTestSupport.fixtures, pictures: .linked).render(document)
        let page = PageLayout(
            stylesheet: .linked("style.css"),
            index: .init(href: "index.html", title: "Notebooks"),
            previous: .init(href: "a.html", title: "A"),
            next: nil
        ).page(for: rendered)
        try HTMLTestSupport.assertSnapshot(page, named: "sample.html")

        XCTAssertEqual(rendered.title, "A gentle introduction to autograd")
        XCTAssertTrue(rendered.summary.hasPrefix("torch.autograd is PyTorch's automatic differentiation engine"))
        XCTAssertEqual(rendered.pictures, ["sample.assets/cell-4.svg"])
        XCTAssertEqual(rendered.headings.map(\.id), [
            "differentiation-in-autograd", "vector-calculus-using-autograd", "computational-graph",
            "中文标题-and-an-escaped-5-price",
        ])
    }

    func testPageIsDeterministic() throws {
        let path = (HTMLTestSupport.fixtures as NSString).appendingPathComponent("sample.md")
        func page() throws -> String {
            let renderer = PageRenderer(baseDirectory: HTMLTestSupport.fixtures, pictures: .embedded)
            return PageLayout(stylesheet: .embedded).page(for: renderer.render(try NotebookDocument.load(path: path)))
        }
        XCTAssertEqual(try page(), try page())
    }

    func testCellsOutputsAndHiddenCells() throws {
        let body = try HTMLTestSupport.body("""
            # Cells

            ```swift
            let x = 1 // one
            print("x is \\(x + 1)")
            ```

            ```output
            x is 2
            ```

            ```swift hide
            let secret = 42
            ```

            ```output
            hidden output
            ```

            ```swift error
            undefinedName
            ```

            ```output error
            test.md:17:1: error: cannot find 'undefinedName' in scope
            ```

            """)
        XCTAssertTrue(body.contains("<span class=\"tok-kw\">let</span> x <span class=\"tok-op\">=</span> <span class=\"tok-num\">1</span> <span class=\"tok-com\">// one</span>"), body)
        XCTAssertTrue(body.contains("<span class=\"tok-str\">&quot;x is </span><span class=\"tok-interp\">\\(</span>x <span class=\"tok-op\">+</span> <span class=\"tok-num\">1</span><span class=\"tok-interp\">)</span><span class=\"tok-str\">&quot;</span>"), body)
        XCTAssertTrue(body.contains("<pre class=\"output\"><code>x is 2</code></pre>"))
        XCTAssertFalse(body.contains("secret"), "hide cells are left out")
        XCTAssertFalse(body.contains("hidden output"), "and so are their outputs")
        XCTAssertTrue(body.contains("<pre class=\"output output-error\"><code>test.md:17:1: error: cannot find &#39;undefinedName&#39; in scope</code></pre>"))
        XCTAssertTrue(body.contains("<div class=\"cell\" id=\"cell-1\">"))
        XCTAssertTrue(body.contains("<div class=\"cell cell-error-expected\" id=\"cell-3\">"))
    }

    func testFrontMatterIsNotRenderedAndGivesTheTitle() throws {
        let rendered = PageRenderer(baseDirectory: ".", pictures: .linked).render(try HTMLTestSupport.document("""
            ---
            title: From the front matter
            seed: 3
            ---

            Text.
            """))
        XCTAssertEqual(rendered.title, "From the front matter")
        XCTAssertFalse(rendered.body.contains("seed"))
        XCTAssertTrue(rendered.body.hasPrefix("<h1 class=\"title\">From the front matter</h1>"))
        XCTAssertEqual(rendered.summary, "Text.")
    }

    func testMathIsFoundBeforeCmarkAndNotInCode() throws {
        let body = try HTMLTestSupport.body("""
            Inline $a_1 * b_2$ and $c_3 * d_4$, display:

            $$x_{i} * y_{j}$$

            Code: `$e_1 * f_1$` and prices $5 or $10, escaped \\$x\\$.

            ```python
            s = "$g_1 * h_1$"
            ```

                $indented_1 * code_2$
            """)
        XCTAssertFalse(body.contains("<em>"), "underscores and stars inside math are not emphasis: \(body)")
        XCTAssertTrue(body.contains("<msub><mi>a</mi><mn>1</mn></msub>"))
        XCTAssertTrue(body.contains("<math display=\"block\">"))
        XCTAssertTrue(body.contains("<code>$e_1 * f_1$</code>"))
        XCTAssertTrue(body.contains("prices $5 or $10, escaped $x$."), body)
        XCTAssertTrue(body.contains("s = &quot;$g_1 * h_1$&quot;"))
        XCTAssertTrue(body.contains("$indented_1 * code_2$"))
    }

    func testWindowsLineEndings() throws {
        let body = try HTMLTestSupport.body(
            "# T\r\n\r\nSay $a_1 * b_1$.\r\n\r\n```python\r\nx = \"$a_1$\"\r\n```\r\n\r\n"
                + "```swift\r\nprint(1)\r\n```\r\n\r\n```output\r\n1\r\n```\r\n\r\nEnd $x$ and\r\n\r\nnot $y\r\n\r\nz$.\r\n")
        XCTAssertTrue(body.contains("<div class=\"cell\" id=\"cell-1\">"), body)
        XCTAssertTrue(body.contains("<pre class=\"output\"><code>1</code></pre>"))
        XCTAssertTrue(body.contains("<msub><mi>a</mi><mn>1</mn></msub>"), body)
        XCTAssertTrue(body.contains("x = &quot;$a_1$&quot;"), "code blocks keep their place")
        XCTAssertTrue(body.contains("End <math>"))
        XCTAssertTrue(body.contains("not $y"), "inline formulas do not cross blank lines")
    }

    func testAlignEnvironmentInProse() throws {
        let body = try HTMLTestSupport.body("""
            Before.

            \\begin{align}
            y_1 &= x_1 * 2 \\\\
            y_2 &= x_2
            \\end{align}

            After.
            """)
        XCTAssertTrue(body.contains("<math display=\"block\"><semantics><mtable"), body)
        XCTAssertFalse(body.contains("\\begin{align}</p>"))
    }

    func testHeadingsGetUniqueAnchors() throws {
        let rendered = PageRenderer(baseDirectory: ".", pictures: .linked).render(try HTMLTestSupport.document("""
            # Title

            ## Setup

            ## Setup

            ### Cell 1

            ```swift
            print(1)
            ```

            ## The $\\alpha$ parameter
            """))
        XCTAssertEqual(rendered.headings.map(\.id), ["setup", "setup-1", "cell-1-1", "the-alpha-parameter"])
        XCTAssertTrue(rendered.body.contains("<h2 id=\"setup-1\">Setup<a class=\"anchor\" href=\"#setup-1\""))
        XCTAssertTrue(rendered.headings[3].html.contains("<math>"), "the contents show the formula")
    }

    func testPicturesAreLinkedOrEmbeddedAndUnsafePathsRefused() throws {
        let folder = try HTMLTestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder + "/pic.assets", withIntermediateDirectories: true)
        try "<svg xmlns=\"http://www.w3.org/2000/svg\"/>".write(toFile: folder + "/pic.assets/cell-1.svg", atomically: true, encoding: .utf8)
        let text = """
            ```swift
            graph(of: y)
            ```

            <!-- output -->
            ![graph](pic.assets/cell-1.svg)
            <!-- /output -->

            ```swift
            graph(of: z)
            ```

            <!-- output -->
            ![graph](../../etc/passwd.svg)
            <!-- /output -->

            """
        let document = try HTMLTestSupport.document(text, file: folder + "/pic.md")
        let linked = PageRenderer(baseDirectory: folder, pictures: .linked).render(document)
        XCTAssertTrue(linked.body.contains("<img src=\"pic.assets/cell-1.svg\" alt=\"Output 1 of cell 1\">"))
        XCTAssertEqual(linked.pictures, ["pic.assets/cell-1.svg"])
        XCTAssertTrue(linked.body.contains("picture not shown: ../../etc/passwd.svg"))
        let embedded = PageRenderer(baseDirectory: folder, pictures: .embedded).render(document)
        XCTAssertTrue(embedded.body.contains("<img src=\"data:image/svg+xml;base64,"))
        XCTAssertEqual(embedded.pictures, [])
    }

    func testNoExecutableMarkupGetsThrough() throws {
        let body = try HTMLTestSupport.body("""
            # Title "><img src=x onerror=alert(1)>

            <script>alert(1)</script>

            Inline <img src=x onerror=alert(2)> and [link](javascript:alert(3)) and <a href="javascript:alert(4)">a</a>.

            ![pic](javascript:alert(5))

            $</math><script>alert(6)</script>$ and $$\\text{</math><script>alert(7)</script>}$$

            ## Heading with <script>alert(8)</script>

            ```swift
            print("<script>alert(9)</script>")
            ```

            ```output
            <script>alert(9)</script>
            ```

            ```swift
            let s = "\\("<img src=x onerror=alert(10)>")"
            ```

            ```output error
            "><script>alert(11)</script>
            ```

            """)
        let page = PageLayout(stylesheet: .embedded).page(for: RenderedNotebook(
            name: "x", title: "</title><script>alert(12)</script>", summary: "", body: body, headings: [], pictures: []))
        for tag in HTMLTestSupport.tags(in: page) {
            let lowered = tag.lowercased()
            XCTAssertFalse(lowered.hasPrefix("<script"), tag)
            XCTAssertFalse(lowered.contains("src=x"), "no img from the prose: \(tag)")
            XCTAssertFalse(lowered.contains("javascript:"), tag)
            let attributes = lowered.split(whereSeparator: { $0 == " " || $0 == "\n" }).dropFirst()
            XCTAssertFalse(attributes.contains { $0.hasPrefix("on") }, "event handler in \(tag)")
        }
        XCTAssertTrue(page.contains("&lt;script&gt;alert(9)&lt;/script&gt;"), "outputs show markup as text")
    }

    func testPlaceholdersCannotBeForgedFromProse() throws {
        let text = """
            Literal nbslot0z, decoded nbslo&#116;0z and &#110;bslot0z, block:

            nbslo&#116;0z

            ```swift
            print(1)
            ```

            ```output
            1
            ```

            $x$ then nbslo&#116;1z.

            """
        let body = try HTMLTestSupport.body(text)
        XCTAssertEqual(body.components(separatedBy: "<div class=\"cell\"").count - 1, 1, body)
        XCTAssertEqual(body.components(separatedBy: "<math").count - 1, 1, body)
        XCTAssertTrue(body.contains("Literal nbslot0z, decoded nbslot0z and nbslot0z"), body)
        XCTAssertTrue(body.contains("<p>nbslot0z</p>"), body)
        XCTAssertTrue(body.contains("then nbslot1z."), body)
    }

    func testDeeplyNestedInterpolationsRender() throws {
        let depth = 10_000
        let source = "let s = " + String(repeating: "\"\\(", count: depth) + "1" + String(repeating: ")\"", count: depth)
        let document = try HTMLTestSupport.document("```swift\n\(source)\n```\n")
        let body = PageRenderer(baseDirectory: NSTemporaryDirectory(), pictures: .linked).render(document).body
        XCTAssertEqual(HTMLText.plainText(ofFragment: body).contains(source), true)
    }
}

final class GitHubProseTests: XCTestCase {
    private func intro() throws -> String {
        let course = (HTMLTestSupport.fixtures as NSString).appendingPathComponent("course")
        let path = (course as NSString).appendingPathComponent("intro.md")
        return PageRenderer(baseDirectory: course, pictures: .linked, rootDirectory: course)
            .render(try NotebookDocument.load(path: path)).body
    }

    func testTablesStrikethroughTaskListsAutolinksAndFootnotes() throws {
        let body = try intro()
        XCTAssertTrue(body.contains("<table>"), body)
        XCTAssertTrue(body.contains("<th align=\"center\">forward</th>"), body)
        XCTAssertTrue(body.contains("<td align=\"center\"><code>a + b</code></td>"))
        XCTAssertTrue(body.contains("<del>old</del>"))
        XCTAssertTrue(body.contains("<input type=\"checkbox\" checked=\"\" disabled=\"\" /> forward"), body)
        XCTAssertTrue(body.contains("<a href=\"https://pytorch.org\">https://pytorch.org</a>"))
        XCTAssertTrue(body.contains("class=\"footnotes\""), body)
        XCTAssertTrue(body.contains("GitHub Flavored Markdown."))
    }

    func testAlertsBecomeCallouts() throws {
        let body = try intro()
        XCTAssertTrue(body.contains("<aside class=\"callout callout-note\" role=\"note\">\n<p class=\"callout-title\">Note</p>\n<p>Gradients accumulate.</p>\n</aside>"), body)
        XCTAssertTrue(body.contains("<aside class=\"callout callout-warning\" role=\"note\">"))
        XCTAssertFalse(body.contains("[!NOTE]"))
        XCTAssertTrue(body.contains("<blockquote>\n<p>A plain quote stays a quote.</p>\n</blockquote>"))
    }

    func testAllowedRawHTMLIsKeptAndTheRestEscaped() throws {
        let body = try intro()
        XCTAssertTrue(body.contains("<kbd>Ctrl</kbd>+<kbd>C</kbd>"), body)
        XCTAssertTrue(body.contains("H<sub>2</sub>O and x<sup>2</sup>"))
        XCTAssertTrue(body.contains("<details>\n<summary>More</summary>"))
        XCTAssertTrue(body.contains("</details>"))
        XCTAssertTrue(body.contains("&lt;span onclick=&quot;x()&quot;&gt;span&lt;/span&gt;"), body)
    }

    func testLanguageSetsTheHTMLLanguage() throws {
        let zh = PageRenderer(baseDirectory: NSTemporaryDirectory(), pictures: .linked)
            .render(try HTMLTestSupport.document("---\nlang: zh-CN\n---\n# 标题\n\n正文。第二句。\n"))
        XCTAssertEqual(zh.language, "zh-CN")
        XCTAssertEqual(zh.summary, "正文。")
        XCTAssertTrue(PageLayout(stylesheet: .embedded).page(for: zh).contains("<html lang=\"zh-CN\">"))
        let en = PageRenderer(baseDirectory: NSTemporaryDirectory(), pictures: .linked).render(try HTMLTestSupport.document("# T\n\nText.\n"))
        XCTAssertTrue(PageLayout(stylesheet: .embedded).page(for: en).contains("<html lang=\"en\">"))
    }

    func testSummaryIsTheFirstSentenceOrTheDescription() throws {
        XCTAssertEqual(PageRenderer.firstSentence(of: "Autograd is the engine, e.g. for training. It records a graph."), "Autograd is the engine, e.g. for training.")
        XCTAssertEqual(PageRenderer.firstSentence(of: "No full stop at all"), "No full stop at all")
        XCTAssertEqual(PageRenderer.firstSentence(of: "This follows Automatic Differentiation with torch.autograd. Networks learn."), "This follows Automatic Differentiation with torch.autograd.")
        let long = String(repeating: "word ", count: 60) + "end. Next."
        let rendered = PageRenderer(baseDirectory: NSTemporaryDirectory(), pictures: .linked).render(try HTMLTestSupport.document("# T\n\n\(long)\n"))
        XCTAssertTrue(rendered.summary.hasSuffix("word…"), rendered.summary)
        let described = PageRenderer(baseDirectory: NSTemporaryDirectory(), pictures: .linked)
            .render(try HTMLTestSupport.document("---\ndescription: Told here.\n---\n# T\n\nText.\n"))
        XCTAssertEqual(described.summary, "Told here.")
    }

    func testUnreadableFormulasAreProblemsWithTheirLine() throws {
        let text = "# T\n\nFine $x^2$ and\n$$\na \\\\\n\\unknowncommand{b}\n$$\n\n```swift\nlet a = 1\n```\n\nLater $\\alsounknown$.\n"
        let rendered = PageRenderer(baseDirectory: NSTemporaryDirectory(), pictures: .linked).render(try HTMLTestSupport.document(text))
        XCTAssertEqual(rendered.problems.map(\.line), [4, 13], rendered.problems.map(\.description).joined(separator: "\n"))
        XCTAssertTrue(rendered.problems[0].message.contains("unknowncommand"), rendered.problems[0].message)
        XCTAssertTrue(rendered.body.contains("class=\"math-error\""), "the page still shows the source")
    }

    func testContentsFoldIntoAMenuAfterTheTitle() throws {
        let rendered = PageRenderer(baseDirectory: NSTemporaryDirectory(), pictures: .linked)
            .render(try HTMLTestSupport.document("# Title\n\nIntro.\n\n## One\n\nA.\n\n## Two\n\nB.\n"))
        let page = PageLayout(stylesheet: .embedded).page(for: rendered)
        let title = try XCTUnwrap(page.range(of: "</h1>\n"))
        XCTAssertTrue(page[title.upperBound...].hasPrefix("<details class=\"toc-menu\">\n<summary>Contents</summary>"), page)
        XCTAssertTrue(page.contains("<nav class=\"toc\" id=\"contents\" aria-label=\"Contents\">"))
        XCTAssertEqual(page.components(separatedBy: "href=\"#two\"").count - 1, 3, "sidebar, menu and the heading's own anchor")
        let single = PageLayout(stylesheet: .embedded).page(for: PageRenderer(baseDirectory: NSTemporaryDirectory(), pictures: .linked)
            .render(try HTMLTestSupport.document("# Title\n\nText.\n")))
        XCTAssertFalse(single.contains("toc-menu\">"))
    }

    func testGraphPicturesListTheirNodesInTheirAlternativeText() throws {
        let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\"><g class=\"node\"><rect/><text x=\"1\">a</text><text x=\"1\">(2)</text></g>\n<g class=\"node\"><rect/><text>Mul&lt;Backward0&gt;</text></g>\n</svg>"
        XCTAssertEqual(PageRenderer.graphNodes(inSVG: Array(svg.utf8)), ["a (2)", "Mul<Backward0>"])
        XCTAssertNil(PageRenderer.graphNodes(inSVG: Array("<svg xmlns=\"http://www.w3.org/2000/svg\"/>".utf8)))
        let folder = try HTMLTestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder + "/g.assets", withIntermediateDirectories: true)
        try svg.write(toFile: folder + "/g.assets/cell-1.svg", atomically: true, encoding: .utf8)
        let text = "```swift\ngraph(of: y)\n```\n\n<!-- output -->\n![graph](g.assets/cell-1.svg)\n<!-- /output -->\n"
        let body = PageRenderer(baseDirectory: folder, pictures: .linked).render(try HTMLTestSupport.document(text, file: folder + "/g.md")).body
        XCTAssertTrue(body.contains("alt=\"Output 1 of cell 1: a graph of 2 nodes: a (2), Mul&lt;Backward0&gt;\""), body)
    }
}
