import Notebook
import Foundation
/// The site's search index: for each page and each of its sections, the
/// words of its prose and code, written as a script (`search-index.js`) so
/// that it loads from `file://` too, where a page cannot fetch a file.
enum SearchIndex {
    /// One searchable place: a page, or a section of it.
    struct Entry: Equatable {
        /// The page's path in the site, with the section's anchor.
        var href: String
        /// The page's title.
        var title: String
        /// The section's heading, or "" for the page's opening.
        var heading: String
        /// The distinct words, lower-cased, in order of first appearance.
        var words: [String]
    }

    /// The entries of `notebooks`, in the site's order.
    static func entries(for notebooks: [RenderedNotebook]) -> [Entry] {
        var entries: [Entry] = []
        for notebook in notebooks {
            let page = PageRenderer.percentEncoded(notebook.name + ".html")
            var cuts: [(index: String.Index, heading: RenderedNotebook.Heading?)] = [(notebook.body.startIndex, nil)]
            var searchFrom = notebook.body.startIndex
            for heading in notebook.headings {
                let tag = "<h\(heading.level) id=\"\(HTMLText.escape(heading.id))\">"
                guard let found = notebook.body.range(of: tag, range: searchFrom..<notebook.body.endIndex) else { continue }
                cuts.append((found.lowerBound, heading))
                searchFrom = found.upperBound
            }
            for (number, cut) in cuts.enumerated() {
                let end = number + 1 < cuts.count ? cuts[number + 1].index : notebook.body.endIndex
                var text = HTMLText.plainText(ofFragment: String(notebook.body[cut.index..<end]))
                if cut.heading == nil { text = notebook.title + " " + text }
                entries.append(Entry(
                    href: cut.heading.map { page + "#" + $0.id } ?? page,
                    title: notebook.title,
                    heading: cut.heading?.text ?? "",
                    words: words(of: text)))
            }
        }
        return entries
    }

    /// The distinct words of `text`: runs of letters, digits and `_`, lower-cased.
    static func words(of text: String) -> [String] {
        var seen: Set<String> = []
        var result: [String] = []
        var word = ""
        func finish() {
            if !word.isEmpty, seen.insert(word).inserted { result.append(word) }
            word = ""
        }
        for character in text.lowercased() {
            if character.isLetter || character.isNumber || character == "_" {
                word.append(character)
            } else {
                finish()
            }
        }
        finish()
        return result
    }

    /// The index as a script.
    static func script(for notebooks: [RenderedNotebook]) -> String {
        let items = entries(for: notebooks).map { entry in
            "{\"href\":\(json(entry.href)),\"title\":\(json(entry.title)),\"heading\":\(json(entry.heading)),\"words\":["
                + entry.words.map(json).joined(separator: ",") + "]}"
        }
        return "window.notebookSearchIndex = [\n" + items.joined(separator: ",\n") + "\n];\n"
    }

    /// `text` as a JSON string; `<`, `>` and `&` escaped too.
    static func json(_ text: String) -> String {
        var output = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "<", ">", "&", "\u{2028}", "\u{2029}":
                output += String(format: "\\u%04x", scalar.value)
            default:
                if scalar.value < 0x20 {
                    output += String(format: "\\u%04x", scalar.value)
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        return output + "\""
    }
}
