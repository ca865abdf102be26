import Notebook
import Foundation

/// Stand-ins for HTML that must not pass through cmark: formulas and code
/// cells are replaced by plain tokens (letters and digits, which cmark copies
/// unchanged), the Markdown is rendered, then the tokens are replaced by the
/// HTML they stand for.
struct Placeholders {
    /// What a token stands for.
    struct Entry {
        /// The HTML to put where the token appears as text.
        var html: String
        /// Plain text for where the token appears inside a tag (a link title,
        /// an image's alt text) and for heading anchors.
        var plainText: String
        /// A block (a code cell) replaces the whole `<p>token</p>` cmark makes.
        var isBlock: Bool
    }

    /// The token prefix: a word that does not occur in the source, so no text
    /// of the author's can be mistaken for a token.
    let prefix: String
    private(set) var entries: [Entry] = []

    init(avoiding source: String) {
        var prefix = "nbslot"
        while source.contains(prefix) { prefix += "q" }
        self.prefix = prefix
    }

    /// Registers `entry` and returns its token.
    mutating func add(_ entry: Entry) -> String {
        entries.append(entry)
        return token(entries.count - 1)
    }

    func token(_ index: Int) -> String { "\(prefix)\(index)z" }

    /// `html` with every token replaced: by its HTML in text, by its escaped
    /// plain text inside a tag. cmark escapes `<` and `>` in text and
    /// attributes, so every `<` in its output opens a tag.
    func substitute(in html: String) -> String {
        guard !entries.isEmpty else { return html }
        var html = html
        for index in entries.indices where entries[index].isBlock {
            html = html.replacingOccurrences(of: "<p>\(token(index))</p>", with: entries[index].html)
        }
        return replaceTokens(in: html) { index, insideTag in
            insideTag ? HTMLText.escape(entries[index].plainText) : entries[index].html
        }
    }

    /// `text` with each token replaced by its plain text (for anchors, the
    /// table of contents and summaries).
    func plainText(_ text: String) -> String {
        replaceTokens(in: text) { index, _ in entries[index].plainText }
    }

    private func replaceTokens(in text: String, _ replacement: (Int, Bool) -> String) -> String {
        guard text.contains(prefix) else { return text }
        var result = ""
        var insideTag = false
        var rest = Substring(text)
        while let range = rest.range(of: prefix) {
            let before = rest[..<range.lowerBound]
            for character in before {
                if character == "<" { insideTag = true } else if character == ">" { insideTag = false }
            }
            result += before
            var cursor = range.upperBound
            var digits = ""
            while cursor < rest.endIndex, rest[cursor].isASCII, rest[cursor].isNumber {
                digits.append(rest[cursor])
                cursor = rest.index(after: cursor)
            }
            if !digits.isEmpty, cursor < rest.endIndex, rest[cursor] == "z",
               let index = Int(digits), entries.indices.contains(index) {
                result += replacement(index, insideTag)
                rest = rest[rest.index(after: cursor)...]
            } else {
                result += rest[range]
                rest = rest[range.upperBound...]
            }
        }
        return result + rest
    }
}
