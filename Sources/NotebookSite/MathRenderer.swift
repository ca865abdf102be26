import Notebook
/// Turns LaTeX formulas into MathML for a page.
///
/// The converter is the notebook's own (`LaTeXParser` → `MathNode` →
/// `MathMLWriter`): pages need no script and no network to show math. A
/// formula it cannot read shows as its source in a `math-error` code
/// element, with the reason in the title.
public enum MathRenderer {
    /// HTML for one formula: a `<math>` element, or a `<code
    /// class="math-error">` showing `original` (the formula as written, with
    /// its delimiters) when `latex` cannot be read.
    public static func html(latex: String, display: Bool, original: String? = nil) -> String {
        do {
            return try mathML(latex: latex, display: display)
        } catch {
            let message = (error as? MathError)?.description ?? "cannot read this formula"
            let shown = original ?? latex
            return "<code class=\"math-error\" title=\"\(HTMLText.escape(message))\">\(HTMLText.escape(shown))</code>"
        }
    }

    /// The `<math>` element for `latex`, or the `MathError` that stops it.
    static func mathML(latex: String, display: Bool) throws -> String {
        let nodes = try LaTeXParser.parse(latex)
        return MathMLWriter.math(nodes, display: display, source: latex)
    }
}
