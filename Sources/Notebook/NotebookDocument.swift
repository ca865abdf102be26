import Foundation

/// A notebook file: its exact bytes, its front matter and its code cells with
/// their stored outputs.
///
/// The structure comes from cmark (so that code inside lists, block quotes or
/// HTML is never mistaken for a cell); the text of every region is cut from the
/// original bytes, so a writer can replace output blocks and keep every other
/// byte.
public struct NotebookDocument: Sendable {
    /// The path the notebook was read from, as given.
    public let file: String
    /// The file's bytes, unchanged.
    public let bytes: [UInt8]
    /// The file's text (the same bytes, known to be valid UTF-8).
    public let text: String
    /// The lines of `bytes`.
    public let lineTable: LineTable
    /// The settings at the top of the file.
    public let frontMatter: FrontMatter
    /// The code cells, in order.
    public let cells: [CodeCell]
    /// The Markdown after the front matter (whose lines are left blank, so line numbers match the file).
    public let markdown: String
    /// cmark's block structure of `markdown`, parsed once when the file is read.
    public let blocks: CMark.Block

    /// The `output` marker lines that delimit rich outputs.
    public static let richOutputOpen = "<!-- output -->"
    /// See `richOutputOpen`.
    public static let richOutputClose = "<!-- /output -->"

    /// Reads a notebook from `path`; throws `NotebookError` when the file cannot
    /// be read, is not UTF-8 or is malformed.
    public static func load(path: String) throws -> NotebookDocument {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw NotebookError(file: path, message: "no such file")
        }
        guard !isDirectory.boolValue else { throw NotebookError(file: path, message: "is a directory") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw NotebookError(file: path, message: "cannot read the file")
        }
        return try NotebookDocument(bytes: [UInt8](data), file: path)
    }

    /// Parses a notebook's bytes; `file` names it in errors.
    public init(bytes: [UInt8], file: String) throws {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw NotebookError(file: file, message: "the file is not valid UTF-8")
        }
        self.file = file
        self.bytes = bytes
        self.text = text
        let table = LineTable(bytes)
        lineTable = table
        frontMatter = try FrontMatter(bytes: bytes, table: table, file: file)

        var markdownBytes = bytes
        if let lines = frontMatter.lines {
            // Keep the line endings so that cmark's line numbers are the file's.
            var blanked: [UInt8] = []
            for number in lines {
                guard let line = table.line(number) else { continue }
                blanked.append(contentsOf: bytes[line.contentEnd..<line.end])
            }
            let end = table.line(lines.upperBound)?.end ?? 0
            markdownBytes.replaceSubrange(0..<end, with: blanked)
        }
        markdown = String(decoding: markdownBytes, as: UTF8.self)
        do {
            blocks = try CMark.parse(markdown)
        } catch let error as CMark.NestingError {
            throw NotebookError(file: file, line: error.line, message: error.message)
        }
        cells = try Self.findCells(in: blocks.children, bytes: bytes, table: table, file: file)
    }

    /// The text of line `number` without its line ending.
    public func lineText(_ number: Int) -> String {
        lineTable.text(ofLine: number, in: bytes)
    }

    // MARK: - Finding cells and outputs

    private static func findCells(
        in blocks: [CMark.Block], bytes: [UInt8], table: LineTable, file: String
    ) throws -> [CodeCell] {
        func text(_ number: Int) -> String { table.text(ofLine: number, in: bytes) }
        func infoWords(_ block: CMark.Block) -> [String] {
            block.fenceInfo.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        }
        func isBlank(_ number: Int) -> Bool { text(number).allSatisfy { $0 == " " || $0 == "\t" } }

        var cells: [CodeCell] = []
        var position = 0
        while position < blocks.count {
            let block = blocks[position]
            position += 1
            guard block.kind == .codeBlock, let fence = Fence(line: text(block.startLine)) else { continue }
            let words = infoWords(block)
            guard words.first == "swift" else { continue }
            let options = try CellOptions(words: Array(words.dropFirst()), file: file, line: block.startLine)
            guard block.endLine > block.startLine, fence.isClosed(by: text(block.endLine)) else {
                throw NotebookError(file: file, line: block.startLine, message: "this code cell has no closing fence")
            }

            var output = StoredOutput()
            var lastLine = block.endLine
            // A fenced `output` block right after the cell (blank lines between only).
            if position < blocks.count {
                let next = blocks[position]
                let nextWords = infoWords(next)
                if next.kind == .codeBlock, nextWords.first == "output",
                   let nextFence = Fence(line: text(next.startLine)),
                   next.endLine > next.startLine, nextFence.isClosed(by: text(next.endLine)),
                   (lastLine + 1..<next.startLine).allSatisfy(isBlank) {
                    output.text = TextOutput(
                        text: next.literal.replacingOccurrences(of: "\r", with: ""),
                        isError: nextWords.dropFirst().first == "error",
                        lines: next.startLine...next.endLine)
                    lastLine = next.endLine
                    position += 1
                }
            }
            // `<!-- output -->` … `<!-- /output -->` right after the cell or its text output.
            var open = lastLine + 1
            while open <= table.count, isBlank(open) { open += 1 }
            if open <= table.count, text(open).trimmingWhitespace() == richOutputOpen,
               let close = (open + 1..<table.count + 1).first(where: {
                   text($0).trimmingWhitespace() == richOutputClose
               }),
               (open + 1..<close).allSatisfy({ isBlank($0) || imagePath(in: text($0)) != nil }) {
                let images = (open + 1..<close).compactMap { imagePath(in: text($0)) }
                output.rich = RichOutput(images: images, lines: open...close)
                lastLine = close
                while position < blocks.count, blocks[position].startLine <= close { position += 1 }
            }

            cells.append(CodeCell(
                index: cells.count + 1,
                options: options,
                source: block.literal.replacingOccurrences(of: "\r", with: ""),
                lines: block.startLine...block.endLine,
                output: output))
        }
        return cells
    }

    /// The path of an image line `![alt](path)` (or `![alt](<path>)`), else nil.
    static func imagePath(in line: String) -> String? {
        let trimmed = line.trimmingWhitespace()
        guard trimmed.hasPrefix("!["), trimmed.hasSuffix(")"),
              let middle = trimmed.range(of: "](") else { return nil }
        var path = String(trimmed[middle.upperBound..<trimmed.index(before: trimmed.endIndex)])
        if path.hasPrefix("<"), path.hasSuffix(">"), path.count >= 2 {
            path = String(path.dropFirst().dropLast())
        }
        return path.isEmpty ? nil : path
    }
}

/// The opening fence of a fenced code block: up to three spaces, then three or
/// more backticks or tildes.
struct Fence {
    /// The fence character, `` ` `` or `~`.
    var character: Character
    /// How many fence characters open the block.
    var length: Int

    /// Reads an opening fence, or returns nil when `line` does not start with one.
    init?(line: String) {
        let indent = line.prefix { $0 == " " }.count
        guard indent <= 3 else { return nil }
        let rest = line.dropFirst(indent)
        guard let first = rest.first, first == "`" || first == "~" else { return nil }
        let run = rest.prefix { $0 == first }.count
        guard run >= 3 else { return nil }
        character = first
        length = run
    }

    /// True when `line` is a closing fence for this opening fence.
    func isClosed(by line: String) -> Bool {
        let indent = line.prefix { $0 == " " }.count
        guard indent <= 3 else { return false }
        let rest = line.dropFirst(indent)
        let run = rest.prefix { $0 == character }.count
        return run >= length && rest.dropFirst(run).allSatisfy { $0 == " " || $0 == "\t" }
    }
}
