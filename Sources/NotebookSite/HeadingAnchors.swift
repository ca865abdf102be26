import Notebook
import Foundation

/// Gives a page's headings `id` anchors and collects them for the table of
/// contents.
///
/// Anchors follow GitHub's rule: the heading's text in lower case, with
/// everything but letters, digits, marks, spaces, `-` and `_` removed and
/// spaces turned into `-` (so CJK headings keep their characters); a repeat
/// gets `-1`, `-2`, … in order, so anchors are unique and deterministic.
struct HeadingAnchors {
    /// One heading of the page.
    struct Heading: Equatable {
        var level: Int
        var id: String
        /// The heading's HTML content (formulas rendered, links removed).
        var html: String
        /// The heading's text.
        var text: String
    }

    private var used: Set<String>

    /// `reserved` ids are already taken on the page.
    init(reserved: Set<String> = []) {
        used = reserved
    }

    /// The slug of `text`, before it is made unique.
    static func slug(_ text: String) -> String {
        var slug = ""
        for character in text.lowercased() {
            if character == " " {
                slug.append("-")
            } else if character == "-" || character == "_" || character.isLetter || character.isNumber {
                slug.append(character)
            } else if character.unicodeScalars.allSatisfy({ $0.properties.generalCategory == .nonspacingMark }) {
                slug.append(character)
            }
        }
        return slug
    }

    /// A unique id for a heading whose text is `text`.
    mutating func uniqueID(for text: String) -> String {
        var base = Self.slug(text.trimmingWhitespace())
        if base.isEmpty { base = "section" }
        var candidate = base
        var counter = 0
        while used.contains(candidate) {
            counter += 1
            candidate = "\(base)-\(counter)"
        }
        used.insert(candidate)
        return candidate
    }

    /// Adds ids and anchor links to the `<h1>`…`<h6>` elements cmark wrote in
    /// `html`; returns the new HTML and the headings found. `plainText`
    /// turns a heading's inner HTML into its text (resolving placeholders).
    mutating func anchor(_ html: String, plainText: (String) -> String) -> (html: String, headings: [Heading]) {
        var output = ""
        var headings: [Heading] = []
        var rest = Substring(html)
        while let open = rest.range(of: "<h") {
            let afterTag = open.upperBound
            guard afterTag < rest.endIndex, let level = rest[afterTag].wholeNumberValue, (1...6).contains(level),
                  rest.index(after: afterTag) < rest.endIndex, rest[rest.index(after: afterTag)] == ">",
                  let close = rest[afterTag...].range(of: "</h\(level)>")
            else {
                output += rest[..<afterTag]
                rest = rest[afterTag...]
                continue
            }
            let innerStart = rest.index(afterTag, offsetBy: 2)
            let inner = String(rest[innerStart..<close.lowerBound])
            let text = plainText(inner)
            let id = uniqueID(for: text)
            let escapedID = HTMLText.escape(id)
            output += rest[..<open.lowerBound]
            output += "<h\(level) id=\"\(escapedID)\">\(inner)"
            output += "<a class=\"anchor\" href=\"#\(escapedID)\" aria-label=\"Link to this section\">#</a></h\(level)>"
            headings.append(Heading(level: level, id: id, html: inner, text: text))
            rest = rest[close.upperBound...]
        }
        output += rest
        return (output, headings)
    }
}
