import CCmark
import Foundation

/// The bridge to libcmark, the CommonMark reference parser.
///
/// This is the only file of the project that imports `CCmark`. Every C object
/// it creates is freed with `defer` before the function returns; callers get
/// plain Swift values.
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

    /// Parses CommonMark text and returns its document block with all nested blocks.
    public static func parse(_ markdown: String) -> Block {
        var text = markdown
        return text.withUTF8 { buffer -> Block in
            let document = buffer.withMemoryRebound(to: CChar.self) { chars in
                cmark_parse_document(chars.baseAddress, chars.count, CMARK_OPT_DEFAULT)
            }
            guard let document else { return emptyDocument }
            defer { cmark_node_free(document) }
            return copyBlock(document) ?? emptyDocument
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

    /// Copies one node and its block children; returns nil for inline nodes.
    private static func copyBlock(_ node: OpaquePointer) -> Block? {
        guard let kind = blockKind(cmark_node_get_type(node)) else { return nil }
        var children: [Block] = []
        var child = cmark_node_first_child(node)
        while let current = child {
            if let block = copyBlock(current) { children.append(block) }
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
