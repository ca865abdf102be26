import Script

/// The settings written between `---` lines at the very top of a notebook.
///
///     ---
///     title: Autograd
///     seed: 42
///     timeout: 120
///     tolerance: 1e-3
///     lang: zh-CN
///     description: What autograd does and how it helps a network learn.
///     ---
///
/// The syntax is a small subset of YAML: one `key: value` per line, blank
/// lines and `#` comments; a value may be quoted with `"…"` or `'…'`.
///
/// Keys that Quarto, Jupyter Book, MyST or Jupytext use (`author`, `date`,
/// `jupyter`, `execute`, `format`, `kernelspec`, …) are kept in the file and
/// ignored, with a warning; their values may be nested YAML (indented lines
/// and `- ` items under them). Any other unknown key is an error, with a
/// suggestion when it looks like a misspelling of one of ours.
public struct FrontMatter: Equatable, Sendable {
    /// The title of the notebook, if any.
    public var title: String?
    /// The seed of the random number generator at start.
    public var seed: UInt64 = 0
    /// The time limit of one cell, in seconds.
    public var timeout: Double = 60
    /// The relative tolerance with which numbers in outputs are compared.
    public var tolerance: Double = 1e-4
    /// The language of the prose, a BCP 47 tag (`en`, `zh-CN`), if set.
    public var language: String?
    /// A one-sentence description for the site's index, if set.
    public var description: String?
    /// The lines the front matter occupies (both `---` lines included), or nil if absent.
    public var lines: ClosedRange<Int>?
    /// Keys of other tools that were ignored, one warning each (file, line, message).
    public var warnings: [NotebookError] = []

    /// The keys a front matter may set.
    public static let keys = ["title", "seed", "timeout", "tolerance", "lang", "description"]

    /// Keys of Quarto, Jupyter Book, MyST and Jupytext documents, which are
    /// kept and ignored.
    public static let otherToolsKeys: Set<String> = [
        // Quarto (and R Markdown, Pandoc)
        "author", "authors", "date", "date-modified", "date-format", "subtitle", "abstract", "keywords",
        "categories", "format", "jupyter", "execute", "engine", "knitr", "editor", "toc", "toc-depth",
        "toc-title", "toc-location", "number-sections", "bibliography", "csl", "citation", "license",
        "copyright", "image", "draft", "freeze", "filters", "params", "lightbox", "code-fold", "code-tools",
        "echo", "eval", "warning", "output", "include", "crossref", "reference-location", "page-layout",
        "theme", "css", "highlight-style", "google-scholar", "institute", "affiliation", "email", "order",
        "listing", "comments", "execute-dir", "output-file", "self-contained", "embed-resources",
        // Jupyter Book, MyST, Jupytext
        "kernelspec", "jupytext", "kernel_info", "language_info", "myst", "html_meta", "tags", "exports",
        "numbering", "short_title", "downloads", "github", "site", "math", "abbreviations", "venue", "doi",
        "arxiv", "open_access", "affiliations", "settings", "thumbnail", "banner", "label", "subject",
        "authors_affiliations", "mystnb", "file_format", "kernel",
    ]

    /// Front matter with every setting at its default.
    public init() {}

    /// Reads the front matter at the top of `table`'s lines, if the first line is `---`.
    ///
    /// Without a closing `---` line before the first code fence there is no
    /// front matter (the first line is then a thematic break). Throws `NotebookError` on a malformed line or value.
    public init(bytes: [UInt8], table: LineTable, file: String) throws {
        self.init()
        func isDelimiter(_ number: Int) -> Bool {
            table.text(ofLine: number, in: bytes).trimmingTrailingWhitespace() == "---"
        }
        guard table.count >= 1, isDelimiter(1) else { return }
        // A fence before the closing line means the first line was a thematic
        // break: front matter never holds code blocks, and an output written
        // under a cell may hold a `---` line of its own.
        func opensFence(_ number: Int) -> Bool {
            let line = table.text(ofLine: number, in: bytes).trimmingWhitespace()
            return line.hasPrefix("```") || line.hasPrefix("~~~")
        }
        let closing = (2..<table.count + 1).first(where: { isDelimiter($0) || opensFence($0) })
        guard let closing, isDelimiter(closing) else { return }
        lines = 1...closing
        var seen: Set<String> = []
        // Within the value of another tool's key: its indented lines and items.
        var inOtherToolsValue = false
        for number in 2..<closing {
            let line = table.text(ofLine: number, in: bytes)
            let trimmed = line.trimmingWhitespace()
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let nested = line.first == " " || line.first == "\t" || trimmed.hasPrefix("- ") || trimmed == "-"
            if nested {
                if inOtherToolsValue { continue }
                throw NotebookError(
                    file: file, line: number,
                    message: "front matter line must be 'key: value' at the start of the line, found '\(trimmed)'")
            }
            inOtherToolsValue = try apply(line: line, number: number, file: file, seen: &seen)
        }
    }

    /// Applies one `key: value` line; returns true for another tool's key,
    /// whose nested lines follow.
    private mutating func apply(line: String, number: Int, file: String, seen: inout Set<String>) throws -> Bool {
        let trimmed = line.trimmingWhitespace()
        func fail(_ message: String) -> NotebookError {
            NotebookError(file: file, line: number, message: message)
        }
        guard let colon = trimmed.firstIndex(of: ":") else {
            throw fail("front matter line must be 'key: value', found '\(trimmed)'")
        }
        let key = String(trimmed[..<colon]).trimmingWhitespace()
        var value = String(trimmed[trimmed.index(after: colon)...]).trimmingWhitespace()
        if !Self.keys.contains(key) && Self.otherToolsKeys.contains(key) {
            warnings.append(fail("front matter key '\(key)' is another tool's (Quarto, Jupyter Book); kept and ignored"))
            return true
        }
        guard Self.keys.contains(key) else {
            let suggestion = DidYouMean.suggestion(for: key, among: Self.keys)
            if !suggestion.isEmpty { throw fail("unknown front matter key '\(key)'\(suggestion)") }
            throw fail("unknown front matter key '\(key)' (expected one of: \(Self.keys.joined(separator: ", ")))")
        }
        guard !seen.contains(key) else { throw fail("front matter key '\(key)' is set twice") }
        seen.insert(key)
        if value.count >= 2, let quote = value.first, quote == "\"" || quote == "'", value.last == quote {
            value = String(value.dropFirst().dropLast())
        }
        switch key {
        case "title":
            title = value
        case "description":
            description = value
        case "lang":
            guard Self.isLanguageTag(value) else {
                throw fail("lang must be a language tag such as 'en' or 'zh-CN', found '\(value)'")
            }
            language = value
        case "seed":
            guard let seed = UInt64(value) else {
                throw fail("seed must be a non-negative integer, found '\(value)'")
            }
            self.seed = seed
        case "timeout":
            guard let timeout = Double(value), timeout > 0, timeout <= CellOptions.maximumTimeout else {
                throw fail("timeout must be a positive number of seconds, at most \(Int(CellOptions.maximumTimeout)), found '\(value)'")
            }
            self.timeout = timeout
        default:
            guard let tolerance = Double(value), tolerance >= 0, tolerance.isFinite else {
                throw fail("tolerance must be a non-negative number, found '\(value)'")
            }
            self.tolerance = tolerance
        }
        return false
    }

    /// `tag` looks like a BCP 47 language tag: 2 to 3 letters, then `-` and
    /// 1 to 8 letters or digits, repeated.
    static func isLanguageTag(_ tag: String) -> Bool {
        let parts = tag.split(separator: "-", omittingEmptySubsequences: false)
        guard let first = parts.first, (2...3).contains(first.count), first.allSatisfy({ $0.isASCII && $0.isLetter }) else { return false }
        return parts.dropFirst().allSatisfy { (1...8).contains($0.count) && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } }
    }
}
