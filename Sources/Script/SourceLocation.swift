/// A position in a cell's source text: a 1-based line (already offset to the
/// line in the enclosing document) and a 1-based column counted in UTF-8 bytes,
/// as the Swift compiler counts them.
public struct SourceLocation: Equatable, Hashable, Sendable, CustomStringConvertible {
    /// The 1-based line number.
    public var line: Int
    /// The 1-based column, in UTF-8 bytes.
    public var column: Int

    /// Creates a location.
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    /// `LINE:COLUMN`.
    public var description: String { "\(line):\(column)" }
}
