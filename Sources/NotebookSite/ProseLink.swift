/// A link in a notebook's prose to another notebook (`other.md#a`), kept so
/// that the site can check that the notebook and its anchor exist.
public struct ProseLink: Equatable, Sendable {
    /// The linked notebook, relative to the site's notebooks folder
    /// (`blitz/other.md`); nil for a link to an anchor of the same page.
    public var target: String?
    /// The anchor after `#`, if any.
    public var fragment: String?
    /// The line of the link in its notebook.
    public var line: Int
}
