/// A problem in a notebook's text or in reading it: a malformed front matter,
/// an unknown cell option, a file that cannot be read.
///
/// Its description is `FILE:LINE: error: MESSAGE` (or `FILE: error: MESSAGE`
/// when no line applies), the style of Swift's diagnostics.
public struct NotebookError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The notebook's path, as given.
    public var file: String
    /// The 1-based line in the notebook, if the problem has one.
    public var line: Int?
    /// What is wrong, in one sentence.
    public var message: String

    /// Creates an error about `file`, at `line` if given.
    public init(file: String, line: Int? = nil, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    /// `FILE:LINE: error: MESSAGE`, or `FILE: error: MESSAGE` without a line.
    public var description: String {
        if let line { return "\(file):\(line): error: \(message)" }
        return "\(file): error: \(message)"
    }
}
