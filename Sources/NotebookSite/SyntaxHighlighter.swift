import Notebook
import Script

/// Colours cell code with the cell language's own lexer, so the page shows
/// exactly the tokens the interpreter reads.
///
/// Each token becomes a `<span class="tok-…">`: `kw` keywords, `lit` `true`
/// `false` `nil`, `num` numbers, `str` strings (with their interpolations
/// highlighted as code), `com` comments, `type` capitalised names longer than a letter, `fn` a
/// declared function's name, `call` a called name, `var` `$0`, `op`
/// operators. Code the lexer rejects is shown escaped and uncoloured.
enum SyntaxHighlighter {
    /// The highlighted HTML of `source` (to be placed inside `<pre><code>`).
    static func html(_ source: String) -> String {
        html(source, depth: 0)
    }

    /// How deeply string interpolations are highlighted; deeper ones are
    /// shown as plain string text (so the work and the stack stay bounded
    /// whatever the cell holds).
    static let maximumInterpolationDepth = 16

    private static func html(_ source: String, depth: Int) -> String {
        highlighted(source, depth: depth) ?? HTMLText.escape(source)
    }

    private static func highlighted(_ source: String, depth: Int) -> String? {
        guard let tokens = try? Tokenizer.tokens(of: source) else { return nil }
        let bytes = Array(source.utf8)
        let lineStarts = Self.lineStarts(bytes)
        func offset(_ location: SourceLocation) -> Int? {
            guard location.line >= 1, location.line <= lineStarts.count else { return nil }
            return lineStarts[location.line - 1] + location.column - 1
        }
        func text(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }

        var html = ""
        var cursor = 0
        for (position, token) in tokens.enumerated() {
            if case .end = token.kind { break }
            guard let start = offset(token.location), start >= cursor else { return nil }
            let end = start + token.text.utf8.count
            guard end <= bytes.count, text(start..<end) == token.text else { return nil }
            html += gap(text(cursor..<start))
            let previous = position > 0 ? tokens[position - 1] : nil
            let next = position + 1 < tokens.count ? tokens[position + 1] : nil
            switch token.kind {
            case .string(let parts):
                guard depth < maximumInterpolationDepth else {
                    html += span("str", token.text)
                    break
                }
                guard let rendered = string(token.text, start: start, parts: parts, depth: depth, offset: offset) else { return nil }
                html += rendered
            default:
                html += span(tokenClass(token, previous: previous, next: next), token.text)
            }
            cursor = end
        }
        html += gap(text(cursor..<bytes.count))
        return html
    }

    /// The class of a token other than a string, nil for plain text.
    private static func tokenClass(_ token: Token, previous: Token?, next: Token?) -> String? {
        switch token.kind {
        case .keyword(let keyword):
            return [.true, .false, .nil].contains(keyword) ? "lit" : "kw"
        case .identifier(let name):
            if case .keyword(.func)? = previous?.kind { return "fn" }
            // `Tensor` and `SGD`-like names are types; `Q` or `J` are variables.
            if name.first?.isUppercase == true, name.count > 1 { return "type" }
            if case .punctuation("(")? = next?.kind, !token.spaceAfter { return "call" }
            return nil
        case .integer, .double:
            return "num"
        case .dollar:
            return "var"
        case .punctuation(let mark):
            return "()[]{},:;.".contains(mark) && mark.count == 1 ? nil : "op"
        case .string, .end:
            return nil
        }
    }

    /// A string literal: its text as `str`, each interpolation's expression
    /// highlighted as code between `\(` and `)`.
    private static func string(
        _ literal: String, start: Int, parts: [StringPart], depth: Int, offset: (SourceLocation) -> Int?
    ) -> String? {
        let bytes = Array(literal.utf8)
        var html = ""
        var cursor = 0
        for part in parts {
            guard case .interpolation(let expression, let location) = part else { continue }
            guard let absolute = offset(location) else { return nil }
            let expressionStart = absolute - start
            let expressionEnd = expressionStart + expression.utf8.count
            // `\(` before the expression, `)` after it.
            guard expressionStart - 2 >= cursor, expressionEnd < bytes.count,
                  String(decoding: bytes[expressionStart..<expressionEnd], as: UTF8.self) == expression
            else { return nil }
            html += span("str", String(decoding: bytes[cursor..<(expressionStart - 2)], as: UTF8.self))
            html += span("interp", "\\(")
            html += Self.html(expression, depth: depth + 1)
            html += span("interp", ")")
            cursor = expressionEnd + 1
        }
        html += span("str", String(decoding: bytes[cursor..<bytes.count], as: UTF8.self))
        return html
    }

    /// The text between two tokens: whitespace and comments.
    private static func gap(_ text: String) -> String {
        guard !text.isEmpty else { return "" }
        var html = ""
        var plain = ""
        let characters = Array(text)
        var index = 0
        while index < characters.count {
            if characters[index] == "/", index + 1 < characters.count,
               characters[index + 1] == "/" || characters[index + 1] == "*" {
                html += HTMLText.escape(plain)
                plain = ""
                var end = index + 2
                if characters[index + 1] == "/" {
                    while end < characters.count, characters[end] != "\n" { end += 1 }
                } else {
                    var depth = 1
                    while end < characters.count, depth > 0 {
                        if characters[end] == "*", end + 1 < characters.count, characters[end + 1] == "/" {
                            depth -= 1
                            end += 2
                        } else if characters[end] == "/", end + 1 < characters.count, characters[end + 1] == "*" {
                            depth += 1
                            end += 2
                        } else {
                            end += 1
                        }
                    }
                }
                html += span("com", String(characters[index..<end]))
                index = end
            } else {
                plain.append(characters[index])
                index += 1
            }
        }
        return html + HTMLText.escape(plain)
    }

    private static func span(_ cssClass: String?, _ text: String) -> String {
        guard !text.isEmpty else { return "" }
        guard let cssClass else { return HTMLText.escape(text) }
        return "<span class=\"tok-\(cssClass)\">\(HTMLText.escape(text))</span>"
    }

    /// The byte offset where each line starts.
    private static func lineStarts(_ bytes: [UInt8]) -> [Int] {
        var starts = [0]
        for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
            starts.append(index + 1)
        }
        return starts
    }
}
