import CCmarkGFM
import Foundation

/// The bridge to libcmark-gfm, GitHub's fork of the CommonMark reference parser.
///
/// This is the only file of the project that imports `CCmarkGFM`. Every C
/// object it creates is freed with `defer` before the function returns;
/// callers get plain Swift values.
public enum CMark {
    /// The kinds of block that CommonMark knows.
    public enum BlockKind: Equatable, Sendable {
        case document
        case blockQuote
        case list
        case item
        case codeBlock
        case htmlBlock
        case customBlock
        case paragraph
        case heading
        case thematicBreak
    }

    /// One block of a parsed document, copied out of cmark's tree.
    ///
    /// Lines and columns are 1-based, as cmark reports them; columns count
    /// bytes. Inline content (emphasis, links, …) is not copied.
    public struct Block: Equatable, Sendable {
        /// What kind of block this is.
        public var kind: BlockKind
        /// The info string of a code block (`swift skip` in ```` ```swift skip ````), else "".
        public var fenceInfo: String
        /// The text of a code or HTML block, else "".
        public var literal: String
        /// The heading level (1–6) of a heading, else 0.
        public var headingLevel: Int
        /// The line where the block starts.
        public var startLine: Int
        /// The column where the block starts.
        public var startColumn: Int
        /// The line where the block ends (the closing fence of a fenced code block).
        public var endLine: Int
        /// The column where the block ends.
        public var endColumn: Int
        /// The blocks nested inside this one (list items, quoted paragraphs, …).
        public var children: [Block]
    }

    /// The deepest nesting of blocks that `parse` accepts (quotes in quotes,
    /// lists in lists): everything that walks or releases the copied tree
    /// recurses once per level, so the input may not choose the depth.
    public static let maximumNesting = 1000

    /// Thrown by `parse` for blocks nested more than `maximumNesting` deep.
    public struct NestingError: Error, Equatable {
        /// The line (1-based) of the first block that is too deep.
        public var line: Int
        /// What is wrong, in one sentence.
        public var message: String {
            "Markdown blocks are nested too deeply (more than \(CMark.maximumNesting) quotes, lists and list items inside each other)"
        }
    }

    /// Parses CommonMark text and returns its document block with all nested
    /// blocks; throws `NestingError` if they nest more than `maximumNesting` deep.
    public static func parse(_ markdown: String) throws -> Block {
        var text = markdown
        return try text.withUTF8 { buffer -> Block in
            let document = buffer.withMemoryRebound(to: CChar.self) { chars in
                cmark_parse_document(chars.baseAddress, chars.count, CMARK_OPT_DEFAULT)
            }
            guard let document else { return emptyDocument }
            defer { cmark_node_free(document) }
            return try copyBlock(document, depth: 0) ?? emptyDocument
        }
    }

    /// What `parse` returns if cmark gives no document.
    private static let emptyDocument = Block(
        kind: .document, fenceInfo: "", literal: "", headingLevel: 0,
        startLine: 1, startColumn: 1, endLine: 1, endColumn: 1, children: [])

    /// Renders CommonMark text to HTML with cmark's default options.
    ///
    /// The default options are cmark's safe mode: raw HTML and dangerous URLs
    /// (`javascript:` and the like) are replaced, never passed through.
    public static func html(fromMarkdown markdown: String) -> String {
        var text = markdown
        return text.withUTF8 { buffer -> String in
            let rendered = buffer.withMemoryRebound(to: CChar.self) { chars in
                cmark_markdown_to_html(chars.baseAddress, chars.count, CMARK_OPT_DEFAULT)
            }
            guard let rendered else { return "" }
            defer { free(rendered) }
            return String(cString: rendered)
        }
    }

    /// A link or image destination in the prose, given to the caller to rewrite.
    public struct Reference: Equatable, Sendable {
        /// The destination as written (`other.md#a`, `picture.png`).
        public var url: String
        /// True for an image (`![alt](url)`), false for a link.
        public var isImage: Bool
        /// The line of the Markdown text it is on (1-based).
        public var line: Int
    }

    /// GitHub's alert kinds, as written after `[!` in a block quote's first line.
    public static let alertKinds = ["NOTE", "TIP", "IMPORTANT", "WARNING", "CAUTION"]

    /// Renders GitHub-flavoured Markdown to HTML: tables, strikethrough, task
    /// lists, autolinks and footnotes, and GitHub's alerts (a block quote whose
    /// first line is `[!NOTE]`, `[!TIP]`, `[!IMPORTANT]`, `[!WARNING]` or
    /// `[!CAUTION]`) as `<aside class="callout callout-note">` and so on.
    ///
    /// Every link and image destination goes through `rewriteURL` and every
    /// piece of raw HTML through `rawHTML` (which must return safe HTML; the
    /// identity is never safe). A rewritten destination that is dangerous
    /// (`javascript:`, `vbscript:`, `file:`, `data:` other than an image) is
    /// replaced by an empty one, as in cmark's safe mode.
    public static func gfmHTML(
        fromMarkdown markdown: String,
        rewriteURL: (Reference) -> String,
        rawHTML: (String) -> String
    ) -> String {
        cmark_gfm_core_extensions_ensure_registered()
        let options = CMARK_OPT_UNSAFE | CMARK_OPT_FOOTNOTES
        guard let parser = cmark_parser_new(options) else { return "" }
        defer { cmark_parser_free(parser) }
        for name in ["table", "strikethrough", "tasklist", "autolink"] {
            if let extensionPointer = cmark_find_syntax_extension(name) {
                cmark_parser_attach_syntax_extension(parser, extensionPointer)
            }
        }
        var text = markdown
        text.withUTF8 { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                cmark_parser_feed(parser, chars.baseAddress, chars.count)
            }
        }
        guard let document = cmark_parser_finish(parser) else { return "" }
        defer { cmark_node_free(document) }
        let alerts = rewrite(document, rewriteURL: rewriteURL, rawHTML: rawHTML)
        for (quote, kind) in alerts { makeCallout(quote, kind: kind) }
        guard let rendered = cmark_render_html(document, options, cmark_parser_get_syntax_extensions(parser)) else { return "" }
        defer { free(rendered) }
        return String(cString: rendered)
    }

    /// Rewrites URLs and raw HTML in place, walking the tree with cmark's
    /// iterator; returns the block quotes that are alerts, with their kind.
    private static func rewrite(
        _ document: OpaquePointer, rewriteURL: (Reference) -> String, rawHTML: (String) -> String
    ) -> [(OpaquePointer, String)] {
        guard let iterator = cmark_iter_new(document) else { return [] }
        defer { cmark_iter_free(iterator) }
        var alerts: [(OpaquePointer, String)] = []
        // The line of the innermost block, advanced by each line break in it.
        var lines: [Int] = []
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE || event == CMARK_EVENT_NONE { break }
            guard let node = cmark_iter_get_node(iterator) else { continue }
            let type = cmark_node_get_type(node)
            // cmark's iterator gives leaf nodes an ENTER event only.
            let isContainerBlock = (UInt32(type.rawValue) & 0xc000) == 0x8000
                && ![CMARK_NODE_CODE_BLOCK, CMARK_NODE_HTML_BLOCK, CMARK_NODE_THEMATIC_BREAK].contains(type)
            if isContainerBlock {
                if event == CMARK_EVENT_ENTER {
                    lines.append(Int(cmark_node_get_start_line(node)))
                } else if event == CMARK_EVENT_EXIT, !lines.isEmpty {
                    lines.removeLast()
                }
            }
            guard event == CMARK_EVENT_ENTER else { continue }
            switch type {
            case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK:
                if !lines.isEmpty { lines[lines.count - 1] += 1 }
            case CMARK_NODE_LINK, CMARK_NODE_IMAGE:
                let url = cmark_node_get_url(node).map { String(cString: $0) } ?? ""
                let line = lines.last ?? Int(cmark_node_get_start_line(node))
                let rewritten = rewriteURL(Reference(url: url, isImage: type == CMARK_NODE_IMAGE, line: line))
                cmark_node_set_url(node, isDangerous(rewritten, isImage: type == CMARK_NODE_IMAGE) ? "" : rewritten)
            case CMARK_NODE_HTML_BLOCK, CMARK_NODE_HTML_INLINE:
                let literal = cmark_node_get_literal(node).map { String(cString: $0) } ?? ""
                cmark_node_set_literal(node, rawHTML(literal))
            case CMARK_NODE_BLOCK_QUOTE:
                if let kind = alertKind(of: node) { alerts.append((node, kind)) }
            default:
                break
            }
        }
        return alerts
    }

    /// The alert kind of a block quote whose first paragraph starts with a
    /// line that is only `[!KIND]`, else nil.
    private static func alertKind(of quote: OpaquePointer) -> String? {
        guard let paragraph = cmark_node_first_child(quote),
              cmark_node_get_type(paragraph) == CMARK_NODE_PARAGRAPH else { return nil }
        var marker = ""
        var child = cmark_node_first_child(paragraph)
        while let current = child, cmark_node_get_type(current) == CMARK_NODE_TEXT {
            marker += cmark_node_get_literal(current).map { String(cString: $0) } ?? ""
            child = cmark_node_next(current)
        }
        if let after = child, cmark_node_get_type(after) != CMARK_NODE_SOFTBREAK && cmark_node_get_type(after) != CMARK_NODE_LINEBREAK {
            return nil
        }
        let trimmed = marker.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix("[!"), trimmed.hasSuffix("]") else { return nil }
        let kind = trimmed.dropFirst(2).dropLast().uppercased()
        return alertKinds.contains(kind) ? kind : nil
    }

    /// Turns an alert's block quote into a custom block that renders as an
    /// `<aside>` with a title, without the `[!KIND]` line.
    private static func makeCallout(_ quote: OpaquePointer, kind: String) {
        guard let paragraph = cmark_node_first_child(quote) else { return }
        // Drop the marker's text nodes and the line break after them.
        while let first = cmark_node_first_child(paragraph) {
            let type = cmark_node_get_type(first)
            cmark_node_free(first)
            if type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK { break }
        }
        if cmark_node_first_child(paragraph) == nil { cmark_node_free(paragraph) }
        guard let callout = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK) else { return }
        let name = kind.lowercased()
        let title = kind.prefix(1) + kind.dropFirst().lowercased()
        cmark_node_set_on_enter(callout, "<aside class=\"callout callout-\(name)\" role=\"note\">\n<p class=\"callout-title\">\(title)</p>")
        cmark_node_set_on_exit(callout, "</aside>")
        while let child = cmark_node_first_child(quote) {
            cmark_node_unlink(child)
            cmark_node_append_child(callout, child)
        }
        cmark_node_replace(quote, callout)
        cmark_node_free(quote)
    }

    /// URLs cmark's safe mode would not link to; an image may also be an SVG
    /// `data:` URL (a picture does not run its scripts).
    static func isDangerous(_ url: String, isImage: Bool) -> Bool {
        let lower = url.trimmingCharacters(in: .whitespaces).lowercased()
        if lower.hasPrefix("data:") {
            if isImage && lower.hasPrefix("data:image/svg+xml;") { return false }
            return !["data:image/png", "data:image/gif", "data:image/jpeg", "data:image/webp"].contains { lower.hasPrefix($0) }
        }
        return ["javascript:", "vbscript:", "file:"].contains { lower.hasPrefix($0) }
    }

    /// Copies one node, `depth` blocks deep, and its block children; returns
    /// nil for inline nodes.
    private static func copyBlock(_ node: OpaquePointer, depth: Int) throws -> Block? {
        guard let kind = blockKind(cmark_node_get_type(node)) else { return nil }
        guard depth <= maximumNesting else { throw NestingError(line: Int(cmark_node_get_start_line(node))) }
        var children: [Block] = []
        var child = cmark_node_first_child(node)
        while let current = child {
            if let block = try copyBlock(current, depth: depth + 1) { children.append(block) }
            child = cmark_node_next(current)
        }
        var info = ""
        var literal = ""
        if kind == .codeBlock, let pointer = cmark_node_get_fence_info(node) {
            info = String(cString: pointer)
        }
        if kind == .codeBlock || kind == .htmlBlock, let pointer = cmark_node_get_literal(node) {
            literal = String(cString: pointer)
        }
        return Block(
            kind: kind,
            fenceInfo: info,
            literal: literal,
            headingLevel: kind == .heading ? Int(cmark_node_get_heading_level(node)) : 0,
            startLine: Int(cmark_node_get_start_line(node)),
            startColumn: Int(cmark_node_get_start_column(node)),
            endLine: Int(cmark_node_get_end_line(node)),
            endColumn: Int(cmark_node_get_end_column(node)),
            children: children)
    }

    private static func blockKind(_ type: cmark_node_type) -> BlockKind? {
        switch type {
        case CMARK_NODE_DOCUMENT: return .document
        case CMARK_NODE_BLOCK_QUOTE: return .blockQuote
        case CMARK_NODE_LIST: return .list
        case CMARK_NODE_ITEM: return .item
        case CMARK_NODE_CODE_BLOCK: return .codeBlock
        case CMARK_NODE_HTML_BLOCK: return .htmlBlock
        case CMARK_NODE_CUSTOM_BLOCK: return .customBlock
        case CMARK_NODE_PARAGRAPH: return .paragraph
        case CMARK_NODE_HEADING: return .heading
        case CMARK_NODE_THEMATIC_BREAK: return .thematicBreak
        default: return nil
        }
    }
}
