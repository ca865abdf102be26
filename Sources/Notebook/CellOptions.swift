/// One word of a code cell's info string after `swift`.
public enum CellOption: Equatable, Sendable {
    /// The cell is not run; its stored output is left as it is.
    case skip
    /// The cell must fail; its error text is its output.
    case error
    /// The cell runs, but the site hides it.
    case hide
    /// The cell runs, but `notebook test` does not compare its output.
    case nondeterministic
    /// The cell's time limit in seconds.
    case timeout(Double)
    /// The relative tolerance for numbers in the cell's output.
    case tolerance(Double)

    /// The words a user may write, for error messages.
    public static let spellings = ["skip", "error", "hide", "nondeterministic", "timeout=N", "tolerance=X"]

    /// Parses one word, or returns nil when it is not an option.
    public init?(word: String) {
        switch word {
        case "skip": self = .skip
        case "error": self = .error
        case "hide": self = .hide
        case "nondeterministic": self = .nondeterministic
        default:
            if word.hasPrefix("timeout="), let value = Double(word.dropFirst("timeout=".count)),
               value > 0, value <= CellOptions.maximumTimeout {
                self = .timeout(value)
            } else if word.hasPrefix("tolerance="), let value = Double(word.dropFirst("tolerance=".count)),
                      value >= 0, value.isFinite {
                self = .tolerance(value)
            } else {
                return nil
            }
        }
    }
}

/// The options of one code cell, gathered from its info string.
public struct CellOptions: Equatable, Sendable {
    /// See `CellOption.skip`.
    public var skip = false
    /// See `CellOption.error`.
    public var expectsError = false
    /// See `CellOption.hide`.
    public var hide = false
    /// See `CellOption.nondeterministic`.
    public var nondeterministic = false
    /// The cell's own time limit in seconds, overriding the front matter's.
    public var timeout: Double?
    /// The cell's own tolerance, overriding the front matter's.
    public var tolerance: Double?

    /// No options.
    public init() {}

    /// The longest timeout a cell or a notebook may ask for: a year, in seconds.
    public static let maximumTimeout: Double = 365 * 24 * 3600

    /// A timeout in whole milliseconds, clamped to `0...maximumTimeout` (a
    /// timeout set through the API is not parsed, so it is not checked).
    public static func milliseconds(ofTimeout seconds: Double) -> Int64 {
        guard !seconds.isNaN else { return 0 }
        return Int64((Swift.min(Swift.max(seconds, 0), maximumTimeout) * 1000).rounded())
    }

    /// Parses the words after `swift` in an info string such as `swift error timeout=5`.
    ///
    /// Throws `NotebookError` naming `line` for a word that is not an option.
    public init(words: [String], file: String, line: Int) throws {
        self.init()
        for word in words {
            guard let option = CellOption(word: word) else {
                let message: String
                if word.hasPrefix("timeout=") {
                    message = "cell option '\(word)' needs a positive number of seconds, at most \(Int(CellOptions.maximumTimeout))"
                } else if word.hasPrefix("tolerance=") {
                    message = "cell option '\(word)' needs a non-negative number"
                } else {
                    message = "unknown cell option '\(word)' (expected: \(CellOption.spellings.joined(separator: ", ")))"
                }
                throw NotebookError(file: file, line: line, message: message)
            }
            apply(option)
        }
    }

    /// Sets the field that `option` stands for.
    public mutating func apply(_ option: CellOption) {
        switch option {
        case .skip: skip = true
        case .error: expectsError = true
        case .hide: hide = true
        case .nondeterministic: nondeterministic = true
        case .timeout(let seconds): timeout = seconds
        case .tolerance(let value): tolerance = value
        }
    }
}
