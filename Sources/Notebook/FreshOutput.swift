/// What one run of a cell produced: the text for its output block and its pictures.
public struct FreshOutput: Equatable, Sendable {
    /// The printed text, followed by the error text when the cell failed.
    public var text: String
    /// True when the cell failed: the text block is `output error`.
    public var isError: Bool
    /// The SVG pictures the cell displayed.
    public var pictures: [String]

    /// An output of the given parts.
    public init(text: String, isError: Bool = false, pictures: [String] = []) {
        self.text = text
        self.isError = isError
        self.pictures = pictures
    }

    /// True when the cell printed and displayed nothing (it then has no output block).
    public var isEmpty: Bool { text.isEmpty && pictures.isEmpty }
}
