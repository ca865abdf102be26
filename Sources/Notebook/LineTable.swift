/// The lines of a file's bytes, as CommonMark counts them.
///
/// A line ends at `\n`, `\r\n` or a lone `\r` (as in cmark). Line numbers are
/// 1-based. For each line the table knows where its content starts and ends
/// and where its line ending ends, so that byte ranges can be cut exactly.
public struct LineTable: Sendable {
    /// One line of the file.
    public struct Line: Equatable, Sendable {
        /// Offset of the line's first byte.
        public var start: Int
        /// Offset just past the line's content (before its line ending).
        public var contentEnd: Int
        /// Offset just past the line ending (equal to `contentEnd` on a last line without one).
        public var end: Int
    }

    /// All lines; a file ending in a line ending has no empty line after it.
    public let lines: [Line]

    /// Builds the table of `bytes`.
    public init(_ bytes: [UInt8]) {
        var lines: [Line] = []
        var start = 0
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\n") {
                lines.append(Line(start: start, contentEnd: index, end: index + 1))
                start = index + 1
            } else if byte == UInt8(ascii: "\r") {
                let crlf = index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "\n")
                let end = crlf ? index + 2 : index + 1
                lines.append(Line(start: start, contentEnd: index, end: end))
                start = end
                index = end
                continue
            }
            index += 1
        }
        if start < bytes.count {
            lines.append(Line(start: start, contentEnd: bytes.count, end: bytes.count))
        }
        self.lines = lines
    }

    /// The number of lines.
    public var count: Int { lines.count }

    /// The line with 1-based number `number`, or nil past the end.
    public func line(_ number: Int) -> Line? {
        number >= 1 && number <= lines.count ? lines[number - 1] : nil
    }

    /// The text of line `number` of `bytes` (the bytes this table was built
    /// from) without its line ending, or "" past the end.
    public func text(ofLine number: Int, in bytes: [UInt8]) -> String {
        guard let line = line(number) else { return "" }
        return String(decoding: bytes[line.start..<line.contentEnd], as: UTF8.self)
    }
}
