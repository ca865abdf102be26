import Notebook
/// Writes `MathNode`s as MathML Core, the subset of MathML that Chromium,
/// Firefox and Safari draw natively (no script, no network).
enum MathMLWriter {
    /// A complete `<math>` element; the LaTeX source rides along as an
    /// annotation, so copying the formula gives its source.
    static func math(_ nodes: [MathNode], display: Bool, source: String) -> String {
        let mode = display ? " display=\"block\"" : ""
        return "<math\(mode)><semantics>\(element(.row(nodes)))"
            + "<annotation encoding=\"application/x-tex\">\(HTMLText.escape(source))</annotation>"
            + "</semantics></math>"
    }

    /// Exactly one MathML element for `node`.
    static func element(_ node: MathNode) -> String {
        switch node {
        case .identifier(let name, let upright):
            let variant = upright && name.count == 1 ? " mathvariant=\"normal\"" : ""
            return "<mi\(variant)>\(HTMLText.escape(name))</mi>"
        case .number(let digits):
            return "<mn>\(HTMLText.escape(digits))</mn>"
        case .symbol(let text, let kind):
            return symbol(text, kind)
        case .text(let text):
            return "<mtext>\(HTMLText.escape(text))</mtext>"
        case .space(let width):
            return "<mspace width=\"\(em(width))\"></mspace>"
        case .row(let nodes):
            if nodes.count == 1 { return element(nodes[0]) }
            return "<mrow>\(nodes.map(element).joined())</mrow>"
        case .fraction(let numerator, let denominator, let lineless):
            let thickness = lineless ? " linethickness=\"0\"" : ""
            return "<mfrac\(thickness)>\(element(numerator))\(element(denominator))</mfrac>"
        case .root(let radicand, let index):
            if let index {
                return "<mroot>\(element(radicand))\(element(index))</mroot>"
            }
            return "<msqrt>\(element(radicand))</msqrt>"
        case .scripts(let base, let sub, let sup, let limits):
            let (subTag, supTag, bothTag) = limits
                ? ("munder", "mover", "munderover") : ("msub", "msup", "msubsup")
            switch (sub, sup) {
            case (let sub?, let sup?):
                return "<\(bothTag)>\(element(base))\(element(sub))\(element(sup))</\(bothTag)>"
            case (let sub?, nil):
                return "<\(subTag)>\(element(base))\(element(sub))</\(subTag)>"
            case (nil, let sup?):
                return "<\(supTag)>\(element(base))\(element(sup))</\(supTag)>"
            case (nil, nil):
                return element(base)
            }
        case .accent(let base, let mark, let stretchy, let under):
            // A vector arrow drawn at full size towers over its letter.
            let size = mark == "→" && !stretchy ? " mathsize=\"70%\"" : ""
            let operatorElement = "<mo stretchy=\"\(stretchy)\"\(size)>\(HTMLText.escape(mark))</mo>"
            if under {
                return "<munder accentunder=\"true\">\(element(base))\(operatorElement)</munder>"
            }
            return "<mover accent=\"true\">\(element(base))\(operatorElement)</mover>"
        case .fenced(let open, let body, let close):
            var parts = ""
            if let open {
                parts += "<mo fence=\"true\" form=\"prefix\" stretchy=\"true\" symmetric=\"true\">\(HTMLText.escape(open))</mo>"
            }
            parts += body.map(element).joined()
            if let close {
                parts += "<mo fence=\"true\" form=\"postfix\" stretchy=\"true\" symmetric=\"true\">\(HTMLText.escape(close))</mo>"
            }
            return "<mrow>\(parts)</mrow>"
        case .table(let table):
            return self.table(table)
        case .style(let display, let nodes):
            return "<mstyle displaystyle=\"\(display)\">\(nodes.map(element).joined())</mstyle>"
        }
    }

    /// Delimiters that MathML would stretch unless told not to.
    private static let fences: Set<String> = ["(", ")", "[", "]", "{", "}", "|", "‖", "⟨", "⟩", "⌈", "⌉", "⌊", "⌋", "/"]

    private static func symbol(_ text: String, _ kind: MathNode.Symbol) -> String {
        let escaped = HTMLText.escape(text)
        switch kind {
        case .plain:
            let fixed = fences.contains(text) ? " stretchy=\"false\"" : ""
            return "<mo\(fixed)>\(escaped)</mo>"
        case .largeOperator:
            return "<mo largeop=\"true\" movablelimits=\"true\">\(escaped)</mo>"
        case .limitFunction:
            return "<mo form=\"prefix\" movablelimits=\"true\">\(escaped)</mo>"
        case .sized(let size):
            return "<mo stretchy=\"true\" symmetric=\"true\" minsize=\"\(em(size))\" maxsize=\"\(em(size))\">\(escaped)</mo>"
        case .stretchy:
            return "<mo stretchy=\"true\" symmetric=\"true\">\(escaped)</mo>"
        case .prefix:
            return "<mo form=\"prefix\">\(escaped)</mo>"
        }
    }

    private static func table(_ table: MathNode.Table) -> String {
        let columns = table.alignments.count
        let names = table.alignments.map { alignment -> String in
            switch alignment {
            case .left: return "left"
            case .center: return "center"
            case .right: return "right"
            }
        }
        var html = "<mtable columnalign=\"\(names.joined(separator: " "))\""
        if table.displayStyle { html += " displaystyle=\"true\"" }
        html += ">"
        for row in table.rows {
            html += "<mtr>"
            for column in 0..<columns {
                let cell = column < row.count ? row[column] : .row([])
                var style = "text-align:\(names[column])"
                if table.alignedPairs {
                    // Pairs of right- and left-aligned columns meet at the
                    // relation; a gap separates one pair from the next.
                    style += column % 2 == 0
                        ? ";padding-right:0" + (column > 0 ? ";padding-left:1em" : "")
                        : ";padding-left:0"
                }
                var content = element(cell)
                if table.alignedPairs && column % 2 == 1 && cell != .row([]) {
                    // Keeps a leading relation (`&= b`) infix, with its spaces.
                    let children: [MathNode]
                    if case .row(let nodes) = cell { children = nodes } else { children = [cell] }
                    content = "<mrow><mrow></mrow>\(children.map(element).joined())</mrow>"
                }
                if table.displayStyle {
                    content = "<mstyle displaystyle=\"true\">\(content)</mstyle>"
                }
                html += "<mtd style=\"\(style)\">\(content)</mtd>"
            }
            html += "</mtr>"
        }
        return html + "</mtable>"
    }

    /// A length in em, written without a trailing zero (`0.1667em`, `1em`).
    private static func em(_ value: Double) -> String {
        let rounded = (value * 10000).rounded() / 10000
        if rounded == rounded.rounded() { return "\(Int(rounded))em" }
        return "\(rounded)em"
    }
}
