/// A fenced code block whose info string's first word is `swift`, at the top
/// level of a notebook, with the output stored under it.
public struct CodeCell: Equatable, Sendable {
    /// The cell's 1-based position among the notebook's code cells.
    public var index: Int
    /// The options written after `swift` in the info string.
    public var options: CellOptions
    /// The code between the fences, lines separated by `\n`.
    public var source: String
    /// The lines from the opening fence to the closing fence.
    public var lines: ClosedRange<Int>
    /// What is stored under the cell.
    public var output: StoredOutput

    /// The line of the opening fence: where diagnostics about the cell point.
    public var line: Int { lines.lowerBound }
    /// The line of the first line of code.
    public var firstSourceLine: Int { lines.lowerBound + 1 }
}

/// The outputs stored under a code cell: a text block, pictures, both or none.
public struct StoredOutput: Equatable, Sendable {
    /// The fenced `output` (or `output error`) block, if present.
    public var text: TextOutput?
    /// The `<!-- output -->` … `<!-- /output -->` pictures, if present.
    public var rich: RichOutput?

    /// Nothing stored.
    public init(text: TextOutput? = nil, rich: RichOutput? = nil) {
        self.text = text
        self.rich = rich
    }

    /// The last line that belongs to the outputs, or nil when there are none.
    public var lastLine: Int? { rich?.lines.upperBound ?? text?.lines.upperBound }
}

/// A fenced block with info `output` or `output error`.
public struct TextOutput: Equatable, Sendable {
    /// The text between the fences, lines separated by `\n`, ending in `\n` unless empty.
    public var text: String
    /// True for `output error`: the cell failed and this is its error text.
    public var isError: Bool
    /// The lines from the opening fence to the closing fence.
    public var lines: ClosedRange<Int>
}

/// The pictures between `<!-- output -->` and `<!-- /output -->` markers.
public struct RichOutput: Equatable, Sendable {
    /// The paths of the image lines (`![graph](NAME.assets/cell-K.svg)`), relative to the notebook.
    public var images: [String]
    /// The lines from the opening marker to the closing marker.
    public var lines: ClosedRange<Int>
}
