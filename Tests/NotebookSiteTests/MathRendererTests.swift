import XCTest
@testable import NotebookSite
@testable import Notebook

final class MathRendererTests: XCTestCase {
    private func math(_ latex: String, display: Bool = false, file: StaticString = #filePath, line: UInt = #line) -> String {
        do {
            return try MathRenderer.mathML(latex: latex, display: display)
        } catch {
            XCTFail("\(latex): \(error)", file: file, line: line)
            return ""
        }
    }

    private func count(_ needle: String, in haystack: String) -> Int {
        haystack.components(separatedBy: needle).count - 1
    }

    func testTutorialErrorFunction() {
        XCTAssertEqual(
            math("Q = 3a^3 - b^2"),
            "<math><semantics><mrow><mi>Q</mi><mo>=</mo><mn>3</mn><msup><mi>a</mi><mn>3</mn></msup>"
                + "<mo>−</mo><msup><mi>b</mi><mn>2</mn></msup></mrow>"
                + "<annotation encoding=\"application/x-tex\">Q = 3a^3 - b^2</annotation></semantics></math>")
    }

    func testFractionOfPartials() {
        let html = math("\\frac{\\partial Q}{\\partial a} = 9a^2")
        XCTAssertTrue(html.contains("<mfrac><mrow><mi>∂</mi><mi>Q</mi></mrow><mrow><mi>∂</mi><mi>a</mi></mrow></mfrac>"), html)
        XCTAssertTrue(html.contains("<mn>9</mn><msup><mi>a</mi><mn>2</mn></msup>"), html)
    }

    func testTutorialJacobian() {
        let latex = """
            J=\\left(\\begin{array}{ccc} \\frac{\\partial \\bf{y}}{\\partial x_{1}} & \\cdots & \\frac{\\partial \\bf{y}}{\\partial x_{n}} \\end{array}\\right)=\\left(\\begin{array}{ccc} \\frac{\\partial y_{1}}{\\partial x_{1}} & \\cdots & \\frac{\\partial y_{1}}{\\partial x_{n}}\\\\ \\vdots & \\ddots & \\vdots\\\\ \\frac{\\partial y_{m}}{\\partial x_{1}} & \\cdots & \\frac{\\partial y_{m}}{\\partial x_{n}} \\end{array}\\right)
            """
        let html = math(latex, display: true)
        XCTAssertTrue(html.hasPrefix("<math display=\"block\">"))
        XCTAssertEqual(count("<mtable", in: html), 2)
        XCTAssertEqual(count("<mtr>", in: html), 1 + 3)
        XCTAssertEqual(count("<mtd", in: html), 3 + 9)
        XCTAssertEqual(count("<mfrac>", in: html), 2 + 4)
        XCTAssertTrue(html.contains("<mi>𝐲</mi>"), "\\bf{y} is a bold y")
        XCTAssertTrue(html.contains("<msub><mi>x</mi><mn>1</mn></msub>"))
        XCTAssertTrue(html.contains("<msub><mi>y</mi><mi>m</mi></msub>"))
        XCTAssertTrue(html.contains("<mo>⋯</mo>") && html.contains("<mo>⋮</mo>") && html.contains("<mo>⋱</mo>"))
        XCTAssertEqual(count("form=\"prefix\" stretchy=\"true\" symmetric=\"true\">(</mo>", in: html), 2)
        XCTAssertEqual(count("form=\"postfix\" stretchy=\"true\" symmetric=\"true\">)</mo>", in: html), 2)
    }

    func testVectorJacobianProduct() {
        let html = math("J^{T}\\cdot \\vec{v}")
        XCTAssertTrue(html.contains("<msup><mi>J</mi><mi>T</mi></msup><mo>⋅</mo>"), html)
        XCTAssertTrue(html.contains("<mover accent=\"true\"><mi>v</mi><mo stretchy=\"false\" mathsize=\"70%\">→</mo></mover>"), html)
    }

    func testScripts() {
        XCTAssertTrue(math("x_i").contains("<msub><mi>x</mi><mi>i</mi></msub>"))
        XCTAssertTrue(math("x_i^2").contains("<msubsup><mi>x</mi><mi>i</mi><mn>2</mn></msubsup>"))
        XCTAssertTrue(math("x^2_i").contains("<msubsup><mi>x</mi><mi>i</mi><mn>2</mn></msubsup>"))
        XCTAssertTrue(math("x^{10}").contains("<msup><mi>x</mi><mn>10</mn></msup>"))
        XCTAssertTrue(math("x^23").contains("<msup><mi>x</mi><mn>2</mn></msup><mn>3</mn>"), "one digit, as in LaTeX")
        XCTAssertTrue(math("f'(x)").contains("<msup><mi>f</mi><mo>′</mo></msup>"))
    }

    func testSymbolsAndGreek() {
        let html = math("\\alpha \\beta \\Gamma \\sum \\times \\approx \\leq \\geq \\neq \\in \\top \\cdot")
        for symbol in ["<mi>α</mi>", "<mi>β</mi>", "<mi mathvariant=\"normal\">Γ</mi>", "∑", "<mo>×</mo>",
                       "<mo>≈</mo>", "<mo>≤</mo>", "<mo>≥</mo>", "<mo>≠</mo>", "<mo>∈</mo>", "<mi>⊤</mi>", "<mo>⋅</mo>"] {
            XCTAssertTrue(html.contains(symbol), "\(symbol) in \(html)")
        }
    }

    func testSumWithLimits() {
        XCTAssertTrue(math("\\sum_{i=1}^{n} x_i").contains(
            "<munderover><mo largeop=\"true\" movablelimits=\"true\">∑</mo><mrow><mi>i</mi><mo>=</mo><mn>1</mn></mrow><mi>n</mi></munderover>"))
    }

    func testFonts() {
        XCTAssertTrue(math("\\mathbf{W}x").contains("<mi>𝐖</mi><mi>x</mi>"))
        XCTAssertTrue(math("\\bf W x").contains("<mi>𝐖</mi><mi>𝐱</mi>"), "\\bf lasts to the end of the group")
        XCTAssertTrue(math("{\\bf W} x").contains("<mi>𝐖</mi><mi>x</mi>"))
        XCTAssertTrue(math("\\mathrm{d}x").contains("<mi mathvariant=\"normal\">d</mi><mi>x</mi>"))
        XCTAssertTrue(math("\\mathbb{R}^n").contains("<msup><mi>ℝ</mi><mi>n</mi></msup>"))
        XCTAssertTrue(math("x \\text{ if } y").contains("<mtext>\u{A0}if\u{A0}</mtext>"))
    }

    func testSpacesAndDelimiters() {
        XCTAssertTrue(math("a \\quad b").contains("<mspace width=\"1em\"></mspace>"))
        XCTAssertTrue(math("a \\, b").contains("<mspace width=\"0.1667em\"></mspace>"))
        let fenced = math("\\left[ x \\right] \\left\\{ y \\right\\} \\left| z \\right|")
        for delimiter in ["[", "]", "{", "}", "|"] {
            XCTAssertTrue(fenced.contains("stretchy=\"true\" symmetric=\"true\">\(delimiter)</mo>"), delimiter)
        }
        XCTAssertTrue(math("(x)").contains("<mo stretchy=\"false\">(</mo>"), "plain parentheses do not grow")
    }

    func testSignsAfterRelationsArePrefix() {
        XCTAssertTrue(math("y = -2b").contains("<mo>=</mo><mo form=\"prefix\">−</mo>"))
        XCTAssertTrue(math("a - b").contains("<mi>a</mi><mo>−</mo><mi>b</mi>"))
    }

    func testMatrices() {
        let html = math("\\begin{pmatrix} 1 & 2 \\\\ 3 & 4 \\end{pmatrix}")
        XCTAssertTrue(html.contains(">(</mo><mtable"), html)
        XCTAssertEqual(count("<mtr>", in: html), 2)
        XCTAssertEqual(count("<mtd", in: html), 4)
        let array = math("\\begin{array}{lr} a & b \\end{array}")
        XCTAssertTrue(array.contains("columnalign=\"left right\""))
        XCTAssertTrue(array.contains("<mtd style=\"text-align:left\">"))
    }

    func testAlignEnvironments() {
        for name in ["align", "align*"] {
            let html = math("\\begin{\(name)} a &= b + c \\\\ d &\\approx e \\\\ \\end{\(name)}", display: true)
            XCTAssertEqual(count("<mtr>", in: html), 2, "a final \\\\ makes no empty row")
            XCTAssertTrue(html.contains("columnalign=\"right left\""), html)
            // The relation after & keeps its spaces: an empty row precedes it.
            XCTAssertTrue(html.contains("<mrow><mrow></mrow><mo>=</mo><mi>b</mi>"), html)
        }
    }

    func testTopLevelRowsBecomeATable() {
        let html = math("a \\\\ b", display: true)
        XCTAssertEqual(count("<mtr>", in: html), 2)
    }

    func testMistakesAreErrorsNotCrashes() {
        let broken = ["\\frac{1}{", "x^", "\\unknown", "\\left( x", "x \\right)", "}", "a^b^c",
                      "\\begin{array}{cc} a \\end{matrix}", "\\begin{foo}\\end{foo}", "\\", "x_{_{_",
                      String(repeating: "{", count: 10_000), "\\sqrt[3", "\\text{abc"]
        for latex in broken {
            XCTAssertThrowsError(try MathRenderer.mathML(latex: latex, display: false), latex)
            let html = MathRenderer.html(latex: latex, display: false)
            XCTAssertTrue(html.hasPrefix("<code class=\"math-error\" title=\""), html)
        }
    }

    func testErrorShowsEscapedSource() {
        let html = MathRenderer.html(latex: "\\frac{<b>}{", display: false, original: "$\\frac{<b>}{$")
        XCTAssertTrue(html.hasSuffix(">$\\frac{&lt;b&gt;}{$</code>"), html)
    }

    func testMarkupInsideMathIsEscaped() {
        let html = math("</math><script>alert(1)</script>")
        XCTAssertFalse(html.contains("<script"))
        XCTAssertTrue(html.contains("<mo>&lt;</mo>"))
        let text = math("\\text{</math><script>}")
        XCTAssertTrue(text.contains("<mtext>&lt;/math&gt;&lt;script&gt;</mtext>"), text)
    }
}
