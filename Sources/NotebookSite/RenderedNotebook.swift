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
    /// The front matter's description, else the first sentence of the first
    /// paragraph as plain text, shortened at a word boundary if long.
    public var summary: String
    /// The front matter's `lang`, if set.
    public var language: String?
    /// The page name of the notebook this one translates (`autograd` for
    /// `autograd.zh`), if it is a translation.
    public var translationOf: String?
    /// The content HTML.
    public var body: String
    /// The table of contents: level-2 and level-3 headings.
    public var headings: [Heading]
    /// The picture files the body links to, relative to the notebook's directory.
    public var pictures: [String]
    /// Every anchor id of the page (headings and cells), sorted.
    public var anchors: [String] = []
    /// The prose's links to other notebooks, for the site to check.
    public var links: [ProseLink] = []
    /// The files the prose shows (its images), relative to the renderer's root folder.
    public var proseFiles: [String] = []
    /// What is wrong with the prose's links and images (file and line of
    /// each), in line order: a site is not built from a page with problems.
    public var problems: [NotebookError] = []

    /// A rendered notebook with no links, anchors, files or problems recorded.
    public init(name: String, title: String, summary: String, body: String, headings: [Heading], pictures: [String]) {
        self.name = name
        self.title = title
        self.summary = summary
        self.body = body
        self.headings = headings
        self.pictures = pictures
    }
}
