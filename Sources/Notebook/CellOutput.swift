/// Collects what a running cell prints and the pictures it displays, up to a
/// limit: past `limit` bytes (text and pictures together) further output is
/// dropped and the text ends with a line saying so.
public final class CellOutput {
    /// The most bytes one cell's output keeps unless told otherwise
    /// (`--output-limit`): 4 MB.
    nonisolated(unsafe) public static var defaultLimit = 4 << 20

    /// The most bytes this cell's output keeps.
    public let limit: Int
    private var printed = ""
    private var bytes = 0
    /// True once output was dropped.
    public private(set) var isTruncated = false
    /// The SVG pictures displayed so far, in order.
    public private(set) var pictures: [String] = []

    /// An empty collector keeping up to `limit` bytes.
    public init(limit: Int = CellOutput.defaultLimit) {
        self.limit = limit
    }

    /// The text printed so far, with the truncation line when output was dropped.
    public var text: String {
        guard isTruncated else { return printed }
        let separator = printed.isEmpty || printed.hasSuffix("\n") ? "" : "\n"
        return printed + separator + Self.truncationLine(limit: limit) + "\n"
    }

    /// The line that ends a truncated output.
    public static func truncationLine(limit: Int) -> String {
        "[output truncated: the cell printed more than \(describe(limit)); --output-limit sets the limit]"
    }

    /// `4 MB`, `512 KB`, `100 bytes`.
    static func describe(_ bytes: Int) -> String {
        if bytes >= 1 << 20, bytes % (1 << 20) == 0 { return "\(bytes >> 20) MB" }
        if bytes >= 1 << 10, bytes % (1 << 10) == 0 { return "\(bytes >> 10) KB" }
        return "\(bytes) bytes"
    }

    /// Appends printed text, or as much of it as fits.
    public func write(_ text: String) {
        guard !isTruncated else { return }
        let count = text.utf8.count
        if bytes + count <= limit {
            printed += text
            bytes += count
            return
        }
        var kept = ""
        for character in text {
            let size = character.utf8.count
            guard bytes + size <= limit else { break }
            kept.append(character)
            bytes += size
        }
        printed += kept
        isTruncated = true
    }

    /// Appends a picture, unless it does not fit.
    public func display(svg: String) {
        guard !isTruncated else { return }
        let count = svg.utf8.count
        guard bytes + count <= limit else {
            isTruncated = true
            return
        }
        bytes += count
        pictures.append(svg)
    }
}
