import Notebook
import Foundation

/// Renders one notebook to HTML from its stored outputs.
///
/// Prose goes through cmark-gfm (GitHub's tables, strikethrough, task lists,
/// autolinks, footnotes and alerts; raw HTML only from `AllowedHTML`'s short
/// list); formulas are found first and become MathML; links to other
/// notebooks (`other.md#a`) become links to their pages (`other.html#a`), and
/// images in the prose are checked and linked or embedded like pictures; code cells are highlighted with the cell language's lexer;
/// text outputs, errors and pictures follow their cell; `hide` cells and the
/// front matter are left out. Every string the renderer inserts is escaped,
/// and the same notebook always gives the same bytes.
public struct PageRenderer {
    /// How a page shows its pictures.
    public enum Pictures: Equatable, Sendable {
        /// `<img src="NAME.assets/cell-K.svg">`: the site copies the files beside the page.
        case linked
        /// `<img src="data:…">`: the page is a single file.
        case embedded
    }

    /// The directory the notebook's relative paths (its pictures) start from.
    public var baseDirectory: String
    /// How pictures are shown.
    public var pictures: Pictures
    /// The folder that links and images of the prose must stay inside (the
    /// site's notebooks folder); `baseDirectory` when nil.
    public var rootDirectory: String?
    /// The notebook's folder relative to `rootDirectory` (`blitz`), "" at its top.
    public var folder: String

    /// A renderer for notebooks in `baseDirectory`, which is `folder` inside `rootDirectory`.
    public init(baseDirectory: String, pictures: Pictures, rootDirectory: String? = nil, folder: String = "") {
        self.baseDirectory = baseDirectory
        self.pictures = pictures
        self.rootDirectory = rootDirectory
        self.folder = folder
    }

    /// Renders the content of `document`: its title, summary, headings and body.
    public func render(_ document: NotebookDocument) -> RenderedNotebook {
        var placeholders = Placeholders(avoiding: document.markdown)
        var pictureFiles: [String] = []
        var lineMap: [Int] = []
        var mathProblems: [(line: Int, message: String)] = []
        let markdown = prepareMarkdown(
            document, placeholders: &placeholders, pictureFiles: &pictureFiles, lineMap: &lineMap, mathProblems: &mathProblems)
        var references = ProseReferences(renderer: self, file: document.file)
        let cmarkHTML = CMark.gfmHTML(
            fromMarkdown: markdown,
            rewriteURL: { reference in
                let line = lineMap.indices.contains(reference.line - 1) ? lineMap[reference.line - 1] : reference.line
                return references.rewrite(reference.url, isImage: reference.isImage, line: line)
            },
            rawHTML: AllowedHTML.sanitized)

        // Cell ids come first, so a heading called "Cell 2" cannot take one.
        var anchors = HeadingAnchors(reserved: Set(document.cells.map { "cell-\($0.index)" } + Self.reservedIDs))
        let (anchored, headings) = anchors.anchor(cmarkHTML) { inner in
            placeholders.plainText(HTMLText.plainText(ofFragment: inner))
        }
        var body = placeholders.substitute(in: anchored)
        let fileName = Self.pageName(forNotebook: document.file)
        let firstTitle = headings.first { $0.level == 1 }?.text
        let title = document.frontMatter.title ?? firstTitle ?? fileName
        if !headings.contains(where: { $0.level == 1 }) {
            body = "<h1 class=\"title\">\(HTMLText.escape(title))</h1>\n" + body
        }
        let contents = headings
            .filter { $0.level == 2 || $0.level == 3 }
            .map { heading in
                RenderedNotebook.Heading(
                    level: heading.level, id: heading.id, text: heading.text,
                    html: Self.removingLinks(placeholders.substitute(in: heading.html)))
            }
        let anchorIDs = Set(headings.map(\.id) + document.cells.map { "cell-\($0.index)" })
        var problems = references.problems + mathProblems.map { NotebookError(file: document.file, line: $0.line, message: $0.message) }
        for link in references.links where link.target == nil {
            if let fragment = link.fragment, !anchorIDs.contains(fragment) {
                problems.append(NotebookError(file: document.file, line: link.line, message: "no heading with the anchor #\(fragment) on this page"))
            }
        }
        problems.sort { ($0.line ?? 0) < ($1.line ?? 0) }
        var rendered = RenderedNotebook(
            name: fileName,
            title: title,
            summary: document.frontMatter.description ?? Self.summary(of: anchored, placeholders: placeholders),
            body: body,
            headings: contents,
            pictures: pictureFiles)
        rendered.anchors = anchorIDs.sorted()
        rendered.links = references.links.filter { $0.target != nil }
        rendered.proseFiles = references.files
        rendered.problems = problems
        rendered.language = document.frontMatter.language
        return rendered
    }

    /// Ids the page frame uses.
    static let reservedIDs = ["contents", "content", "top"]

    /// The page name of a notebook file: `autograd.md` → `autograd`.
    public static func pageName(forNotebook path: String) -> String {
        let file = (path as NSString).lastPathComponent
        return file.hasSuffix(".md") ? String(file.dropLast(3)) : file
    }

    // MARK: - Markdown with placeholders

    /// The notebook's Markdown with each cell (and its outputs) replaced by a
    /// block token and each formula by an inline token.
    /// `lineMap[k]` is the notebook's line of the result's line `k + 1`.
    private func prepareMarkdown(
        _ document: NotebookDocument, placeholders: inout Placeholders, pictureFiles: inout [String],
        lineMap: inout [Int], mathProblems: inout [(line: Int, message: String)]
    ) -> String {
        // Split on line feeds only ("\r\n" is one Character to Swift), so
        // line numbers stay cmark's.
        let lines = document.markdown.utf8
            .split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
            .map { String(decoding: $0, as: UTF8.self) }
        var codeLines = Set<Int>()
        Self.collectCodeLines(document.blocks, into: &codeLines)
        var cellsByLine: [Int: CodeCell] = [:]
        for cell in document.cells { cellsByLine[cell.lines.lowerBound] = cell }

        var markdown = ""
        var prose = ""
        var proseStart = 1
        func flushProse() {
            markdown += ProseMath.replaceFormulas(in: prose, placeholders: &placeholders, firstLine: proseStart, problems: &mathProblems)
            let count = prose.utf8.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
            lineMap += (0..<count).map { proseStart + $0 }
            prose = ""
        }
        var number = 1
        while number <= lines.count {
            let line = lines[number - 1]
            if let cell = cellsByLine[number] {
                flushProse()
                if !cell.options.hide {
                    let html = cellHTML(cell, pictureFiles: &pictureFiles)
                    let token = placeholders.add(.init(html: html, plainText: "", isBlock: true))
                    markdown += "\n\(token)\n\n"
                    lineMap += [number, number, number]
                } else {
                    markdown += "\n"
                    lineMap.append(number)
                }
                number = max(cell.output.lastLine ?? cell.lines.upperBound, cell.lines.upperBound) + 1
                proseStart = number
                continue
            }
            if codeLines.contains(number) {
                flushProse()
                markdown += line + "\n"
                lineMap.append(number)
                proseStart = number + 1
            } else {
                prose += line + "\n"
            }
            number += 1
        }
        flushProse()
        return markdown
    }

    /// The lines of code blocks and HTML blocks, where no formula is looked for.
    private static func collectCodeLines(_ block: CMark.Block, into lines: inout Set<Int>) {
        if block.kind == .codeBlock || block.kind == .htmlBlock, block.endLine >= block.startLine {
            lines.formUnion(block.startLine...block.endLine)
        }
        for child in block.children { collectCodeLines(child, into: &lines) }
    }

    // MARK: - Cells

    /// A code cell with its outputs.
    func cellHTML(_ cell: CodeCell, pictureFiles: inout [String]) -> String {
        var classes = "cell"
        if cell.options.skip { classes += " cell-skipped" }
        if cell.options.expectsError { classes += " cell-error-expected" }
        var html = "<div class=\"\(classes)\" id=\"cell-\(cell.index)\">\n"
        var source = cell.source
        if source.hasSuffix("\n") { source.removeLast() }
        html += "<pre class=\"code\"><code class=\"language-swift\">\(SyntaxHighlighter.html(source))</code></pre>\n"
        if let output = cell.output.text {
            var text = output.text
            if text.hasSuffix("\n") { text.removeLast() }
            let kind = output.isError ? "output output-error" : "output"
            html += "<pre class=\"\(kind)\"><code>\(HTMLText.escape(text))</code></pre>\n"
        }
        for (number, path) in (cell.output.rich?.images ?? []).enumerated() {
            html += picture(path, alt: "Output \(number + 1) of cell \(cell.index)", pictureFiles: &pictureFiles)
        }
        return html + "</div>"
    }

    /// One picture output, or a note when its file is missing or unsafe.
    private func picture(_ path: String, alt: String, pictureFiles: inout [String]) -> String {
        guard let safe = Self.safePicturePath(path) else {
            return "<p class=\"output output-missing\">picture not shown: \(HTMLText.escape(path))</p>\n"
        }
        let data: [UInt8]
        do {
            data = try Self.pictureBytes(safe, baseDirectory: baseDirectory)
        } catch ContainedFiles.Refusal.missing {
            return "<p class=\"output output-missing\">missing picture: \(HTMLText.escape(safe))</p>\n"
        } catch {
            return "<p class=\"output output-missing\">picture not shown: \(HTMLText.escape(safe)): \(HTMLText.escape(error.description))</p>\n"
        }
        let source: String
        switch pictures {
        case .linked:
            if !pictureFiles.contains(safe) { pictureFiles.append(safe) }
            source = Self.percentEncoded(safe)
        case .embedded:
            source = "data:\(Self.mediaType(of: safe));base64,\(Data(data).base64EncodedString())"
        }
        var text = alt
        if let nodes = Self.graphNodes(inSVG: data), !nodes.isEmpty {
            let shown = nodes.prefix(60).joined(separator: ", ")
            text += ": a graph of \(nodes.count) node\(nodes.count == 1 ? "" : "s"): " + shown + (nodes.count > 60 ? ", …" : "")
        }
        return "<figure class=\"output output-picture\"><img src=\"\(HTMLText.escape(source))\" alt=\"\(HTMLText.escape(text))\"></figure>\n"
    }

    /// The labels of the nodes of a graph picture drawn by `graph(of:)` (each
    /// a `<g class="node">` with its lines of text), in drawing order; nil
    /// for another picture.
    static func graphNodes(inSVG bytes: [UInt8]) -> [String]? {
        let svg = String(decoding: bytes, as: UTF8.self)
        let groups = svg.components(separatedBy: "<g class=\"node\">").dropFirst()
        guard !groups.isEmpty else { return nil }
        return groups.map { group in
            let node = group.components(separatedBy: "</g>").first ?? ""
            var lines: [String] = []
            for piece in node.components(separatedBy: "<text").dropFirst() {
                guard let start = piece.firstIndex(of: ">"), let end = piece.range(of: "</text>") else { continue }
                lines.append(HTMLText.plainText(ofFragment: String(piece[piece.index(after: start)..<end.lowerBound])))
            }
            return lines.joined(separator: " ")
        }
    }

    /// The bytes of the picture `path` (a safe picture path) in the notebook's
    /// folder `baseDirectory`, if it may be published: a regular file reached
    /// without a symbolic link, whose content is of its type (an SVG only
    /// with static drawing, see `SVGCheck`).
    public static func pictureBytes(_ path: String, baseDirectory: String) throws(ContainedFiles.Refusal) -> [UInt8] {
        try pictureCheck(path, try ContainedFiles.read(path, in: baseDirectory))
    }

    private static func pictureCheck(_ path: String, _ bytes: [UInt8]) throws(ContainedFiles.Refusal) -> [UInt8] {
        let signatures: [String: [[UInt8]]] = [
            "png": [[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]],
            "jpg": [[0xFF, 0xD8, 0xFF]], "jpeg": [[0xFF, 0xD8, 0xFF]],
            "gif": [Array("GIF87a".utf8), Array("GIF89a".utf8)],
        ]
        let fileType = (path as NSString).pathExtension.lowercased()
        if fileType == "svg" {
            if let problem = SVGCheck.problem(in: bytes) { throw .unsafe(path, reason: problem) }
        } else if let expected = signatures[fileType], !expected.contains(where: { bytes.starts(with: $0) }) {
            throw .unsafe(path, reason: "it is not a \(fileType.uppercased()) file")
        }
        return bytes
    }

    /// Picture file types a page may show.
    static let pictureTypes = ["svg": "image/svg+xml", "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif"]

    /// `path` if it is a relative path inside the notebook's directory to a
    /// picture file (no `..`, no scheme, no absolute path), else nil.
    public static func safePicturePath(_ path: String) -> String? {
        guard !path.isEmpty, !path.hasPrefix("/"), !path.contains("\\"), !path.contains(":"),
              !path.contains("?"), !path.contains("#") else { return nil }
        let components = path.split(separator: "/", omittingEmptySubsequences: false)
        guard components.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." }) else { return nil }
        guard components.allSatisfy({ $0.allSatisfy { !$0.isNewline && $0 != "\0" } }) else { return nil }
        let fileType = (path as NSString).pathExtension.lowercased()
        guard pictureTypes[fileType] != nil else { return nil }
        return path
    }

    private static func mediaType(of path: String) -> String {
        pictureTypes[(path as NSString).pathExtension.lowercased()] ?? "application/octet-stream"
    }

    /// A relative path as a URL path: characters outside the unreserved set and `/` percent-encoded.
    static func percentEncoded(_ path: String) -> String {
        var allowed = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)..<Unicode.Scalar(128)))
        allowed.insert(charactersIn: "-._~/")
        return path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path
    }

    // MARK: - Summary and contents

    /// The first sentence of the first paragraph, shortened at a word
    /// boundary to about 200 characters if it is longer.
    static func summary(of html: String, placeholders: Placeholders) -> String {
        var rest = Substring(html)
        while let open = rest.range(of: "<p>") {
            guard let close = rest[open.upperBound...].range(of: "</p>") else { break }
            let inner = String(rest[open.upperBound..<close.lowerBound])
            rest = rest[close.upperBound...]
            let paragraph = placeholders.plainText(HTMLText.plainText(ofFragment: inner))
                .split(whereSeparator: \.isWhitespace).joined(separator: " ")
            guard !paragraph.isEmpty else { continue }
            let text = firstSentence(of: paragraph)
            guard text.count > 200 else { return text }
            var cut = String(text.prefix(200))
            if let space = cut.lastIndex(of: " ") { cut = String(cut[..<space]) }
            return cut + "…"
        }
        return ""
    }

    /// The text up to its first full stop, question or exclamation mark that
    /// ends a sentence (followed by a space, or a CJK one), else all of it.
    static func firstSentence(of text: String) -> String {
        let characters = Array(text)
        for (index, character) in characters.enumerated() {
            if "。！？".contains(character) { return String(characters[...index]) }
            if ".!?".contains(character), index + 1 < characters.count, characters[index + 1] == " ",
               index > 0, characters[index - 1].isLetter || characters[index - 1].isNumber || characters[index - 1] == ")" || characters[index - 1] == "*" || characters[index - 1] == "`" {
                // "e.g." and "i.e." are not the end of a sentence; "torch.autograd." is.
                let word = String(characters[..<index]).split(separator: " ").last ?? ""
                if word.count == 1 || word.contains(".") && word.split(separator: ".").allSatisfy({ $0.count <= 2 }) { continue }
                return String(characters[...index])
            }
        }
        return text
    }

    /// `html` without `<a …>` and `</a>` tags (a table-of-contents entry is a link itself).
    static func removingLinks(_ html: String) -> String {
        var output = ""
        var rest = Substring(html)
        while let open = rest.range(of: "<a ") ?? rest.range(of: "</a>") {
            output += rest[..<open.lowerBound]
            guard let end = rest[open.lowerBound...].firstIndex(of: ">") else { break }
            rest = rest[rest.index(after: end)...]
        }
        return output + rest
    }
}
