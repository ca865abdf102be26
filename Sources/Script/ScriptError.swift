/// An error in a cell: a syntax error, a runtime error, a host error or a timeout,
/// reported in the Swift compiler's style: `FILE:LINE:COLUMN: error: MESSAGE`.
public struct ScriptError: Error, CustomStringConvertible, Equatable {
    /// The file the cell came from (for a notebook, the Markdown file).
    public var file: String
    /// Where the error happened, with the line in `file`.
    public var location: SourceLocation
    /// The message, without the `error:` prefix.
    public var message: String
    /// Whether the error stops the cell whatever the code does (a timeout or an
    /// interrupt): `try?` does not swallow it.
    public var isInterruption: Bool
    /// The value a cell's `throw` threw, for its `catch` clauses.
    public var thrown: ThrownValue?

    /// Creates an error.
    public init(file: String = "", location: SourceLocation, message: String, isInterruption: Bool = false,
                thrown: ThrownValue? = nil) {
        self.file = file
        self.location = location
        self.message = message
        self.isInterruption = isInterruption
        self.thrown = thrown
    }

    /// `FILE:LINE:COLUMN: error: MESSAGE`.
    public var description: String {
        "\(file):\(location.line):\(location.column): error: \(message)"
    }
}

/// An error a host function throws when it wants to report a message and nothing
/// else. Any other Swift error works too: see `Interpreter.message(of:)`.
public struct HostError: Error, CustomStringConvertible {
    /// The message shown to the user.
    public var message: String

    /// Creates an error with a message.
    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
