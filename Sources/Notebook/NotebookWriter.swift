import Foundation

/// Writes fresh outputs into a notebook's text.
///
/// Only the outputs under cells are rewritten; every other byte is kept. The
/// region that belongs to a cell's outputs runs from the end of its closing
/// fence line to the end of its last output line; it is replaced by, for each
/// part, a blank line and the part. Writing the same outputs again therefore
/// gives the same bytes. Line endings follow the cell's own (LF or CRLF), and
/// whether the file ends with a line ending is left as found.
public enum NotebookWriter {
    /// The new text of a notebook and the pictures it refers to.
    public struct Rewrite: Equatable, Sendable {
        /// The notebook's new bytes.
        public var bytes: [UInt8]
        /// The SVG files to write: path relative to the notebook's folder, and content.
        public var pictures: [Picture]
    }

    /// One SVG file of a rich output.
    public struct Picture: Equatable, Sendable {
        /// The path relative to the notebook's folder (`NAME.assets/cell-K.svg`).
        public var path: String
        /// The SVG text.
        public var svg: String
    }

    /// The folder for a notebook's pictures, relative to its own folder:
    /// `autograd.md` → `autograd.assets`.
    public static func assetsDirectoryName(forNotebookAt path: String) -> String {
        let name = (path as NSString).lastPathComponent
        let base = name.hasSuffix(".md") ? String(name.dropLast(3)) : name
        return base + ".assets"
    }

    /// The notebook's text with the outputs of the cells in `outputs` (keyed by
    /// cell index) rewritten. Cells without an entry keep what they have.
    public static func rewrite(
        _ document: NotebookDocument, outputs: [Int: FreshOutput], assetsDirectory: String
    ) -> Rewrite {
        let bytes = document.bytes
        let table = document.lineTable
        let defaultEnding = firstLineEnding(in: bytes, table: table) ?? [UInt8(ascii: "\n")]
        var result: [UInt8] = []
        var pictures: [Picture] = []
        var copied = 0
        for cell in document.cells {
            guard let fresh = outputs[cell.index],
                  let closing = table.line(cell.lines.upperBound) else { continue }
            let start = closing.contentEnd
            let end = cell.output.lastLine.flatMap { table.line($0)?.contentEnd } ?? start
            let ending = closing.end > closing.contentEnd ? Array(bytes[closing.contentEnd..<closing.end]) : defaultEnding
            let newline = String(decoding: ending, as: UTF8.self)

            var parts: [String] = []
            if !fresh.text.isEmpty {
                parts.append(textBlock(fresh.text, isError: fresh.isError, newline: newline))
            }
            if !fresh.pictures.isEmpty {
                var lines = [NotebookDocument.richOutputOpen]
                for (number, svg) in fresh.pictures.enumerated() {
                    let name = number == 0 ? "cell-\(cell.index).svg" : "cell-\(cell.index)-\(number + 1).svg"
                    let path = assetsDirectory + "/" + name
                    pictures.append(Picture(path: path, svg: svg))
                    lines.append("![graph](\(linkDestination(path)))")
                }
                lines.append(NotebookDocument.richOutputClose)
                parts.append(lines.joined(separator: newline))
            }
            result.append(contentsOf: bytes[copied..<start])
            for part in parts {
                result.append(contentsOf: Array((newline + newline + part).utf8))
            }
            copied = end
        }
        result.append(contentsOf: bytes[copied...])
        return Rewrite(bytes: result, pictures: pictures)
    }

    /// A fenced `output` block holding `text`, without a final line ending.
    ///
    /// The fence is one backtick longer than the longest run of backticks in
    /// the text, and at least three. Control characters are escaped as
    /// `OutputEscaping` says, so that the block reads back as printed.
    public static func textBlock(_ text: String, isError: Bool, newline: String = "\n") -> String {
        var body = OutputEscaping.escaped(text.replacingCRLF())
        if body.hasSuffix("\n") { body.removeLast() }
        var longest = 0
        var run = 0
        for character in body.unicodeScalars {
            run = character == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: max(3, longest + 1))
        let lines = [fence + (isError ? "output error" : "output")]
            + body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            + [fence]
        return lines.joined(separator: newline)
    }

    /// A link destination for Markdown: in angle brackets when it holds spaces or parentheses.
    private static func linkDestination(_ path: String) -> String {
        path.contains(where: { $0 == " " || $0 == "(" || $0 == ")" }) ? "<\(path)>" : path
    }

    private static func firstLineEnding(in bytes: [UInt8], table: LineTable) -> [UInt8]? {
        guard let line = table.lines.first(where: { $0.end > $0.contentEnd }) else { return nil }
        return Array(bytes[line.contentEnd..<line.end])
    }

    // MARK: - Files

    /// Writes a run's fresh outputs into the notebook at `path` (the notebook
    /// that was run, or another file for `run -o`), with its pictures beside it.
    ///
    /// The notebook is replaced atomically, and only when its bytes change.
    /// Pictures in the assets folder that the new text no longer refers to are
    /// removed (and the folder too when it is left empty).
    public static func write(_ run: NotebookRun, to path: String) throws {
        let assets = assetsDirectoryName(forNotebookAt: path)
        let rewrite = rewrite(run.document, outputs: run.freshOutputs, assetsDirectory: assets)
        let folder = (path as NSString).deletingLastPathComponent
        func resolved(_ relative: String) -> String {
            folder.isEmpty ? relative : (folder as NSString).appendingPathComponent(relative)
        }
        do {
            try ContainedFiles.checkFolder(assets, in: folder)
            for picture in rewrite.pictures { try ContainedFiles.checkWritable(picture.path, in: folder) }
        } catch {
            throw NotebookError(file: path, message: "cannot write the pictures: \(error)")
        }
        for picture in rewrite.pictures {
            let file = resolved(picture.path)
            let directory = (file as NSString).deletingLastPathComponent
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw NotebookError(file: path, message: "cannot create the folder '\(directory)'")
            }
            let bytes = Array(picture.svg.utf8)
            if (try? ContainedFiles.read(picture.path, in: folder)) != bytes {
                try AtomicFile.write(bytes, to: file)
            }
        }
        if FileManager.default.contents(atPath: path).map([UInt8].init) != rewrite.bytes {
            try AtomicFile.write(rewrite.bytes, to: path, throughLink: true)
        }
        try removeStalePictures(notebook: rewrite.bytes, path: path, folder: folder, assets: assets)
    }

    /// Removes the `cell-*.svg` files of the assets folder that the notebook
    /// no longer refers to: regular files only, never through a symbolic link.
    /// Throws a clear error when the notebook at `path` may not be written:
    /// it is read-only (no write permission bit, or not writable by this
    /// user), its folder is not writable, or it is not a regular file. A
    /// symbolic link is judged by the file it points to, which is the one
    /// written. Checked before cells run, so a run never ends unable to save.
    public static func checkWritable(_ path: String) throws {
        let target = try AtomicFile.target(of: path)
        var info = stat()
        if stat(target, &info) == 0 {
            guard info.st_mode & S_IFMT == S_IFREG else {
                throw NotebookError(file: path, message: "is not a regular file; it is not written")
            }
            guard info.st_mode & 0o222 != 0, access(target, W_OK) == 0 else {
                throw NotebookError(file: path, message: "is read-only; it is not written (make it writable, or write elsewhere with -o)")
            }
        }
        let folder = (target as NSString).deletingLastPathComponent
        guard access(folder.isEmpty ? "." : folder, W_OK) == 0 else {
            throw NotebookError(file: path, message: "its folder is not writable; the notebook cannot be replaced")
        }
    }

    private static func removeStalePictures(notebook: [UInt8], path: String, folder: String, assets: String) throws {
        guard (try? ContainedFiles.checkFolder(assets, in: folder)) != nil,
              ContainedFiles.kind(atPath: folder.isEmpty ? assets : (folder as NSString).appendingPathComponent(assets)) == .directory
        else { return }
        let assetsFolder = folder.isEmpty ? assets : (folder as NSString).appendingPathComponent(assets)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: assetsFolder) else { return }
        let document = try NotebookDocument(bytes: notebook, file: path)
        let referenced = Set(document.cells.flatMap { $0.output.rich?.images ?? [] })
        var remaining = names.count
        for name in names where name.hasPrefix("cell-") && name.hasSuffix(".svg") {
            if !referenced.contains(assets + "/" + name) {
                if ContainedFiles.remove(assets + "/" + name, in: folder) { remaining -= 1 }
            }
        }
        if remaining == 0 { ContainedFiles.removeEmptyFolder(assets, in: folder) }
    }
}
