import Notebook
/// Finds the formulas in Markdown prose before cmark sees it, so that `_`
/// and `*` inside a formula are not read as emphasis.
///
/// Formulas are `$…$` (inline), `$$…$$` (display) and the display
/// environments (`\begin{align}…\end{align}` and its relatives). Dollar
/// signs follow Pandoc's rule: an opening `$` is followed by a non-space, a
/// closing `$` follows a non-space and is not followed by a digit, so
/// "$5 or $10" stays text. `\$` is a dollar sign. Nothing inside a code span
/// is a formula; the caller passes prose only, never code blocks.
enum ProseMath {
    /// Environments that are formulas on their own, without dollars.
    static let displayEnvironments = [
        "align", "align*", "equation", "equation*", "gather", "gather*",
        "multline", "multline*", "eqnarray", "eqnarray*", "flalign", "flalign*",
    ]

    /// Replaces formulas in a run of paragraph lines (no code blocks inside);
    /// the result has as many lines as `text`.
    /// A formula that cannot be read is shown as its source and reported in
    /// `problems` with its line (`firstLine` is the line `text` starts on).
    static func replaceFormulas(
        in text: String, placeholders: inout Placeholders, firstLine: Int = 1,
        problems: inout [(line: Int, message: String)]
    ) -> String {
        let characters = Array(text)
        var output = ""
        var index = 0
        // The line of the character at `index`, advanced as the scan goes.
        var scanned = 0
        var line = firstLine
        func add(_ latex: String, display: Bool, original: String) {
            while scanned < index {
                if characters[scanned] == "\n" { line += 1 }
                scanned += 1
            }
            let html: String
            do {
                html = try MathRenderer.mathML(latex: latex, display: display)
            } catch {
                let reason = (error as? MathError)?.description ?? "cannot read this formula"
                problems.append((line, "cannot show the formula \(original): \(reason)"))
                html = MathRenderer.html(latex: latex, display: display, original: original)
            }
            output += placeholders.add(.init(html: html, plainText: plainText(ofLatex: latex), isBlock: false))
            // Keep the prose's line numbers: each line break of the formula
            // becomes a line holding an empty token.
            for _ in original.filter({ $0 == "\n" }) {
                output += "\n" + placeholders.add(.init(html: "", plainText: "", isBlock: false))
            }
        }
        while index < characters.count {
            let character = characters[index]
            switch character {
            case "\\":
                if let end = environmentEnd(in: characters, at: index) {
                    let latex = String(characters[index..<end])
                    add(latex, display: true, original: latex)
                    index = end
                } else {
                    output.append(character)
                    if index + 1 < characters.count { output.append(characters[index + 1]) }
                    index += 2
                }
            case "`":
                let run = countRun(of: "`", in: characters, at: index)
                if let close = closingBackticks(in: characters, from: index + run, length: run) {
                    output += String(characters[index..<(close + run)])
                    index = close + run
                } else {
                    output += String(repeating: "`", count: run)
                    index += run
                }
            case "$":
                if index + 1 < characters.count && characters[index + 1] == "$" {
                    if let close = find("$$", in: characters, from: index + 2, crossBlankLines: false),
                       !characters[(index + 2)..<close].allSatisfy(\.isWhitespace) {
                        let latex = String(characters[(index + 2)..<close])
                        add(latex, display: true, original: String(characters[index..<(close + 2)]))
                        index = close + 2
                    } else {
                        output += "$$"
                        index += 2
                    }
                } else if let close = closingDollar(in: characters, from: index + 1) {
                    let latex = String(characters[(index + 1)..<close])
                    add(latex, display: false, original: String(characters[index...close]))
                    index = close + 1
                } else {
                    output.append(character)
                    index += 1
                }
            default:
                output.append(character)
                index += 1
            }
        }
        return output
    }

    /// The index after the `\end{…}` of a display environment that starts at `index`.
    private static func environmentEnd(in characters: [Character], at index: Int) -> Int? {
        let begin = Array("\\begin{")
        guard index + begin.count < characters.count,
              Array(characters[index..<(index + begin.count)]) == begin else { return nil }
        for name in displayEnvironments {
            let opening = Array("\\begin{\(name)}")
            guard index + opening.count <= characters.count,
                  Array(characters[index..<(index + opening.count)]) == opening else { continue }
            let closing = "\\end{\(name)}"
            if let end = find(closing, in: characters, from: index + opening.count, crossBlankLines: true) {
                return end + closing.count
            }
        }
        return nil
    }

    /// The index where `needle` next occurs from `start`; nil if it does not,
    /// or only after a blank line when `crossBlankLines` is false.
    private static func find(_ needle: String, in characters: [Character], from start: Int, crossBlankLines: Bool) -> Int? {
        let pattern = Array(needle)
        var index = start
        while index + pattern.count <= characters.count {
            if !crossBlankLines && startsBlankLine(characters, index) { return nil }
            if characters[index] == "\\" && pattern.first != "\\" {
                index += 2
                continue
            }
            if Array(characters[index..<(index + pattern.count)]) == pattern { return index }
            index += 1
        }
        return nil
    }

    /// Whether a newline at `index` is followed by a blank line.
    private static func startsBlankLine(_ characters: [Character], _ index: Int) -> Bool {
        guard characters[index].isNewline else { return false }
        var next = index + 1
        while next < characters.count, characters[next] == " " || characters[next] == "\t" { next += 1 }
        return next >= characters.count || characters[next].isNewline
    }

    /// The closing `$` of an inline formula whose opening `$` is just before `start`.
    private static func closingDollar(in characters: [Character], from start: Int) -> Int? {
        guard start < characters.count, !characters[start].isWhitespace, characters[start] != "$" else { return nil }
        var index = start
        while index < characters.count {
            let character = characters[index]
            if startsBlankLine(characters, index) { return nil }
            if character == "\\" {
                index += 2
                continue
            }
            if character == "$" {
                let afterIsDigit = index + 1 < characters.count && characters[index + 1].isASCII
                    && characters[index + 1].isNumber
                if !characters[index - 1].isWhitespace && !afterIsDigit { return index }
                return nil
            }
            index += 1
        }
        return nil
    }

    private static func countRun(of character: Character, in characters: [Character], at index: Int) -> Int {
        var end = index
        while end < characters.count, characters[end] == character { end += 1 }
        return end - index
    }

    /// The start of the backtick run of exactly `length` that closes a code span.
    private static func closingBackticks(in characters: [Character], from start: Int, length: Int) -> Int? {
        var index = start
        while index < characters.count {
            if startsBlankLine(characters, index) { return nil }
            if characters[index] == "`" {
                let run = countRun(of: "`", in: characters, at: index)
                if run == length { return index }
                index += run
            } else {
                index += 1
            }
        }
        return nil
    }

    /// A plain-text reading of a formula for anchors and summaries: the
    /// source without command names and braces.
    static func plainText(ofLatex latex: String) -> String {
        var text = ""
        var index = latex.startIndex
        while index < latex.endIndex {
            let character = latex[index]
            if character == "\\" {
                index = latex.index(after: index)
                let start = index
                while index < latex.endIndex, latex[index].isLetter { index = latex.index(after: index) }
                // Greek letters read as their names; other commands as a space.
                let name = String(latex[start..<index])
                let isGreek = LaTeXSymbols.lowerGreek[name] != nil || LaTeXSymbols.upperGreek[name] != nil
                text += isGreek ? " \(name) " : " "
                continue
            }
            if !"{}^_&".contains(character) { text.append(character) }
            index = latex.index(after: index)
        }
        return text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
