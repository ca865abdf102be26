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

    /// The keys a front matter may set.
    public static let keys = ["title", "seed", "timeout", "tolerance", "lang", "description"]

    /// Front matter with every setting at its default.
    public init() {}

    /// Reads the front matter at the top of `table`'s lines, if the first line is `---`.
    ///
    /// Without a closing `---` line there is no front matter (the first line is
    /// then a thematic break). Throws `NotebookError` on a malformed line or value.
    public init(bytes: [UInt8], table: LineTable, file: String) throws {
        self.init()
        func isDelimiter(_ number: Int) -> Bool {
            table.text(ofLine: number, in: bytes).trimmingTrailingWhitespace() == "---"
        }
        guard table.count >= 1, isDelimiter(1) else { return }
        let closing = (2..<table.count + 1).first(where: isDelimiter)
        guard let closing else { return }
        lines = 1...closing
        var seen: Set<String> = []
        for number in 2..<closing {
            try apply(line: table.text(ofLine: number, in: bytes), number: number, file: file, seen: &seen)
        }
    }

    private mutating func apply(line: String, number: Int, file: String, seen: inout Set<String>) throws {
        let trimmed = line.trimmingWhitespace()
        if trimmed.isEmpty || trimmed.hasPrefix("#") { return }
        func fail(_ message: String) -> NotebookError {
            NotebookError(file: file, line: number, message: message)
        }
        guard let colon = trimmed.firstIndex(of: ":") else {
            throw fail("front matter line must be 'key: value', found '\(trimmed)'")
        }
        let key = String(trimmed[..<colon]).trimmingWhitespace()
        var value = String(trimmed[trimmed.index(after: colon)...]).trimmingWhitespace()
        guard Self.keys.contains(key) else {
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
    }

    /// `tag` looks like a BCP 47 language tag: 2 to 3 letters, then `-` and
    /// 1 to 8 letters or digits, repeated.
    static func isLanguageTag(_ tag: String) -> Bool {
        let parts = tag.split(separator: "-", omittingEmptySubsequences: false)
        guard let first = parts.first, (2...3).contains(first.count), first.allSatisfy({ $0.isASCII && $0.isLetter }) else { return false }
        return parts.dropFirst().allSatisfy { (1...8).contains($0.count) && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } }
    }
}
