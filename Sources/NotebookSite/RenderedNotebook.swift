import Notebook
/// A notebook rendered to HTML, before it is framed as a page: what the site
/// needs to link pages together and list them on its index.
public struct RenderedNotebook: Equatable, Sendable {
    /// A heading listed in the table of contents.
    public struct Heading: Equatable, Sendable {
        /// 2 or 3.
        public var level: Int
        /// The heading's anchor id.
        public var id: String
        /// The heading's text.
        public var text: String
        /// The heading's content as HTML (formulas rendered, links removed).
        public var html: String
    }

    /// The page's file name without `.html`: the notebook's name.
    public var name: String
    /// The front matter's title, else the first level-1 heading, else the name.
    public var title: String
    /// The first paragraph as plain text, shortened.
    public var summary: String
    /// The content HTML.
    public var body: String
    /// The table of contents: level-2 and level-3 headings.
    public var headings: [Heading]
    /// The picture files the body links to, relative to the notebook's directory.
    public var pictures: [String]
}
