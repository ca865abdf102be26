extension StringProtocol {
    /// The text without spaces and tabs at either end.
    package func trimmingWhitespace() -> String {
        String(trimmingTrailingWhitespace().drop { $0 == " " || $0 == "\t" })
    }

    /// The text without whitespace (spaces, tabs, line endings) at its end.
    package func trimmingTrailingWhitespace() -> String {
        var end = endIndex
        while end > startIndex {
            let previous = index(before: end)
            guard self[previous].isWhitespace else { break }
            end = previous
        }
        return String(self[startIndex..<end])
    }
}
