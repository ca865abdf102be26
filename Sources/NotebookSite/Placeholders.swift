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

    /// The token prefix: a random word, new for every page, that does not
    /// occur in the source. Prose cannot forge a token: not literally (the
    /// prefix is not in the source) and not through a character reference
    /// that cmark decodes (the prefix cannot be guessed).
    let prefix: String
    private(set) var entries: [Entry] = []

    init(avoiding source: String) {
        var prefix: String
        repeat {
            prefix = "nbslot"
            for _ in 0..<20 {
                prefix.unicodeScalars.append(Unicode.Scalar(UInt8(ascii: "a") + UInt8.random(in: 0..<25)))
            }
        } while source.contains(prefix)
        self.prefix = prefix
    }

    /// Registers `entry` and returns its token.
    mutating func add(_ entry: Entry) -> String {
        entries.append(entry)
        return token(entries.count - 1)
    }

    func token(_ index: Int) -> String { "\(prefix)\(index)z" }

    /// `html` with every token replaced, in one pass (what a token stands for
    /// is never searched for tokens again): a block's `<p>token</p>` by its
    /// HTML, a token in text by its HTML, a token inside a tag by its escaped
    /// plain text. cmark escapes `<` and `>` in text and attributes, so every
    /// `<` in its output opens a tag.
    func substitute(in html: String) -> String {
        guard !entries.isEmpty else { return html }
        return replaceTokens(in: html, blocks: true) { index, insideTag in
            insideTag ? HTMLText.escape(entries[index].plainText) : entries[index].html
        }
    }

    /// `text` with each token replaced by its plain text (for anchors, the
    /// table of contents and summaries).
    func plainText(_ text: String) -> String {
        replaceTokens(in: text, blocks: false) { index, _ in entries[index].plainText }
    }

    private func replaceTokens(in text: String, blocks: Bool, _ replacement: (Int, Bool) -> String) -> String {
        guard text.contains(prefix) else { return text }
        var result = ""
        var insideTag = false
        var rest = Substring(text)
        while let range = rest.range(of: prefix) {
            var before = rest[..<range.lowerBound]
            for character in before {
                if character == "<" { insideTag = true } else if character == ">" { insideTag = false }
            }
            var cursor = range.upperBound
            var digits = ""
            while cursor < rest.endIndex, rest[cursor].isASCII, rest[cursor].isNumber {
                digits.append(rest[cursor])
                cursor = rest.index(after: cursor)
            }
            if !digits.isEmpty, cursor < rest.endIndex, rest[cursor] == "z",
               let index = Int(digits), entries.indices.contains(index) {
                var after = rest[rest.index(after: cursor)...]
                if blocks, entries[index].isBlock, before.hasSuffix("<p>"), after.hasPrefix("</p>") {
                    before = before.dropLast(3)
                    after = after.dropFirst(4)
                    result += before
                    result += entries[index].html
                } else {
                    result += before
                    result += replacement(index, insideTag)
                }
                rest = after
            } else {
                result += before
                result += rest[range]
                rest = rest[range.upperBound...]
            }
        }
        return result + rest
    }
}
