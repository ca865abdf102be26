import Notebook
/// Frames rendered notebooks as complete HTML pages: head, stylesheet, table
/// of contents, links to the index and to the previous and next notebooks.
///
/// Pages load nothing from the network and run no script; a content security
/// policy says so to the browser too.
public struct PageLayout: Sendable {
    /// Where a page finds its stylesheet.
    public enum Stylesheet: Equatable, Sendable {
        /// In a `<style>` element: a single-file page.
        case embedded
        /// In a `<link>` to this relative URL.
        case linked(String)
    }

    /// A link to another page.
    public struct Link: Equatable, Sendable {
        /// A relative URL.
        public var href: String
        /// The text of the link.
        public var title: String

        /// A link to `href` reading `title`.
        public init(href: String, title: String) {
            self.href = href
            self.title = title
        }
    }

    /// Where the stylesheet is.
    public var stylesheet: Stylesheet
    /// The site's index page, if the page belongs to a site.
    public var index: Link?
    /// The previous notebook of the site.
    public var previous: Link?
    /// The next notebook of the site.
    public var next: Link?
    /// The site's own scripts, as relative URLs, run after the page loads;
    /// the content security policy allows these and no other script.
    public var scripts: [String] = []
    /// The relative URL of the site's folder (`../` from a sub-folder).
    public var root: String = ""
    /// The notebook's Markdown copied beside the page, as a relative URL.
    public var source: String?
    /// Where the notebook can be edited (its file in the repository), if known.
    public var edit: String?
    /// The page in each language, this one included, when the notebook has translations.
    public var translations: [Translation] = []
    /// The course outline: every section of the site with its notebooks.
    public var outline: [OutlineSection] = []

    /// A section of the course outline.
    public struct OutlineSection: Equatable, Sendable {
        /// The section's heading; nil for notebooks outside any section.
        public var title: String?
        /// Its notebooks, in order.
        public var entries: [OutlineEntry]

        /// A section headed `title` listing `entries`.
        public init(title: String?, entries: [OutlineEntry]) {
            self.title = title
            self.entries = entries
        }
    }

    /// A notebook of the course outline.
    public struct OutlineEntry: Equatable, Sendable {
        /// The link to its page.
        public var link: Link
        /// Whether it is the page being laid out.
        public var isCurrent: Bool

        /// An entry linking to `link`.
        public init(link: Link, isCurrent: Bool) {
            self.link = link
            self.isCurrent = isCurrent
        }
    }

    /// A section of the index page.
    public struct IndexSection: Equatable, Sendable {
        /// The section's heading; nil for notebooks outside any section.
        public var title: String?
        /// Its notebooks (and their translations), in order.
        public var notebooks: [RenderedNotebook]

        /// A section headed `title` listing `notebooks`.
        public init(title: String?, notebooks: [RenderedNotebook]) {
            self.title = title
            self.notebooks = notebooks
        }
    }

    /// One language of a page, for the language switch.
    public struct Translation: Equatable, Sendable {
        /// A relative URL.
        public var href: String
        /// The page's language tag (`en`, `zh-CN`).
        public var language: String
        /// The page being laid out.
        public var isCurrent: Bool

        /// The page `href` in `language`.
        public init(href: String, language: String, isCurrent: Bool) {
            self.href = href
            self.language = language
            self.isCurrent = isCurrent
        }
    }

    /// The name of a language in that language: `zh-CN` → 中文.
    static func languageName(_ tag: String) -> String {
        let names = [
            "en": "English", "zh": "中文", "ja": "日本語", "ko": "한국어", "fr": "Français", "de": "Deutsch",
            "es": "Español", "it": "Italiano", "pt": "Português", "ru": "Русский",
        ]
        let primary = tag.split(separator: "-").first.map { $0.lowercased() } ?? tag
        return names[primary] ?? tag
    }

    /// A layout with no site links.
    public init(stylesheet: Stylesheet, index: Link? = nil, previous: Link? = nil, next: Link? = nil) {
        self.stylesheet = stylesheet
        self.index = index
        self.previous = previous
        self.next = next
    }

    /// The complete page of `notebook`.
    public func page(for notebook: RenderedNotebook) -> String {
        var html = head(title: notebook.title, language: notebook.language ?? "en")
        html += "<body>\n"
        html += siteHeader()
        html += languageSwitch()
        let outlined = outline.isEmpty ? "" : " layout-outlined"
        html += notebook.headings.count >= 2 ? "<div class=\"layout\(outlined)\">\n" : "<div class=\"layout layout-single\(outlined)\">\n"
        html += courseOutline()
        var body = notebook.body
        if notebook.headings.count >= 2 {
            var list = "<ul>\n"
            for heading in notebook.headings {
                list += "<li class=\"toc-level-\(heading.level)\"><a href=\"#\(HTMLText.escape(heading.id))\">\(heading.html)</a></li>\n"
            }
            list += "</ul>\n"
            html += "<nav class=\"toc\" id=\"contents\" aria-label=\"Contents\">\n<p class=\"toc-title\">Contents</p>\n\(list)</nav>\n"
            // On a narrow screen the sidebar is hidden and the contents are a
            // folded menu right after the title.
            let menu = "<details class=\"toc-menu\">\n<summary>Contents</summary>\n<nav aria-label=\"Contents\">\n\(list)</nav>\n</details>\n"
            if let title = body.range(of: "</h1>") {
                let after = body[title.upperBound...].hasPrefix("\n") ? body.index(after: title.upperBound) : title.upperBound
                body.insert(contentsOf: menu, at: after)
            } else {
                body = menu + body
            }
        }
        html += "<main class=\"notebook\" id=\"content\">\n\(body)</main>\n</div>\n"
        html += pager()
        html += footer()
        html += "</body>\n</html>\n"
        return html
    }

    /// The site's index page: its sections in order, each notebook's title,
    /// linked, with its summary and its translations.
    public func indexPage(title: String, sections: [IndexSection]) -> String {
        var html = head(title: title)
        html += "<body>\n"
        html += siteHeader()
        html += "<div class=\"layout layout-index\">\n<main class=\"index\" id=\"content\">\n"
        html += "<h1 class=\"title\">\(HTMLText.escape(title))</h1>\n"
        if sections.allSatisfy({ $0.notebooks.isEmpty }) {
            html += "<p>No notebooks yet.</p>\n"
        }
        for section in sections where !section.notebooks.isEmpty {
            if let heading = section.title { html += "<h2 class=\"section\">\(HTMLText.escape(heading))</h2>\n" }
            html += "<ul class=\"notebook-list\">\n"
            for notebook in section.notebooks where notebook.translationOf == nil {
                html += "<li><a href=\"\(HTMLText.escape(PageRenderer.percentEncoded(notebook.name + ".html")))\">\(HTMLText.escape(notebook.title))</a>"
                if !notebook.summary.isEmpty {
                    html += "<p>\(HTMLText.escape(notebook.summary))</p>"
                }
                let translations = section.notebooks.filter { $0.translationOf == notebook.name }
                if !translations.isEmpty {
                    html += "<p class=\"translations\">"
                    html += translations.map { translation in
                        let tag = HTMLText.escape(translation.language ?? "")
                        let href = HTMLText.escape(PageRenderer.percentEncoded(translation.name + ".html"))
                        return "<a href=\"\(href)\" hreflang=\"\(tag)\" lang=\"\(tag)\">\(HTMLText.escape(Self.languageName(translation.language ?? "")))</a>"
                    }.joined(separator: " · ")
                    html += "</p>"
                }
                html += "</li>\n"
            }
            html += "</ul>\n"
        }
        html += "</main>\n</div>\n</body>\n</html>\n"
        return html
    }

    /// The course outline: a sidebar on a wide screen, a folded menu on a
    /// narrow one, with the current page marked.
    private func courseOutline() -> String {
        guard !outline.isEmpty else { return "" }
        var list = ""
        for section in outline where !section.entries.isEmpty {
            if let title = section.title { list += "<p class=\"outline-section\">\(HTMLText.escape(title))</p>\n" }
            list += "<ul>\n"
            for entry in section.entries {
                let link = "<a href=\"\(HTMLText.escape(entry.link.href))\"\(entry.isCurrent ? " aria-current=\"page\"" : "")>\(HTMLText.escape(entry.link.title))</a>"
                list += "<li>\(link)</li>\n"
            }
            list += "</ul>\n"
        }
        // The menu is folded so that on a phone the page's title comes first.
        return "<nav class=\"outline\" aria-label=\"Course\">\n\(list)</nav>\n"
            + "<details class=\"outline-menu\">\n<summary>Course</summary>\n<nav aria-label=\"Course\">\n\(list)</nav>\n</details>\n"
    }

    private func head(title: String, language: String = "en") -> String {
        let scriptPolicy = scripts.isEmpty ? "" : " script-src 'self';"
        var html = """
            <!DOCTYPE html>
            <html lang="\(HTMLText.escape(language))">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none';\(scriptPolicy) style-src 'self' 'unsafe-inline'; img-src 'self' data:">
            <meta name="color-scheme" content="light dark">
            <title>\(HTMLText.escape(title))</title>

            """
        switch stylesheet {
        case .embedded:
            html += "<style>\n\(PageStyle.css)</style>\n"
        case .linked(let href):
            html += "<link rel=\"stylesheet\" href=\"\(HTMLText.escape(href))\">\n"
        }
        for script in scripts {
            html += "<script src=\"\(HTMLText.escape(script))\" defer></script>\n"
        }
        return html + "</head>\n"
    }

    private func siteHeader() -> String {
        guard let index else { return "" }
        return "<header class=\"site-header\" data-root=\"\(HTMLText.escape(root))\"><a href=\"\(HTMLText.escape(index.href))\">\(HTMLText.escape(index.title))</a></header>\n"
    }

    private func languageSwitch() -> String {
        guard translations.count >= 2 else { return "" }
        var html = "<nav class=\"languages\" aria-label=\"Languages\">\n<ul>\n"
        for translation in translations {
            let tag = HTMLText.escape(translation.language)
            let name = HTMLText.escape(Self.languageName(translation.language))
            if translation.isCurrent {
                html += "<li><span lang=\"\(tag)\" aria-current=\"page\">\(name)</span></li>\n"
            } else {
                html += "<li><a href=\"\(HTMLText.escape(translation.href))\" hreflang=\"\(tag)\" lang=\"\(tag)\">\(name)</a></li>\n"
            }
        }
        return html + "</ul>\n</nav>\n"
    }

    private func footer() -> String {
        guard source != nil || edit != nil else { return "" }
        var links: [String] = []
        if let source { links.append("<a href=\"\(HTMLText.escape(source))\" type=\"text/markdown\">View the source</a>") }
        if let edit { links.append("<a href=\"\(HTMLText.escape(edit))\">Edit this page</a>") }
        return "<footer class=\"page-footer\">\(links.joined(separator: " · "))</footer>\n"
    }

    private func pager() -> String {
        guard previous != nil || next != nil else { return "" }
        var html = "<nav class=\"pager\" aria-label=\"Notebooks\">\n"
        if let previous {
            html += "<a class=\"pager-previous\" rel=\"prev\" href=\"\(HTMLText.escape(previous.href))\"><span>Previous</span>\(HTMLText.escape(previous.title))</a>\n"
        }
        if let next {
            html += "<a class=\"pager-next\" rel=\"next\" href=\"\(HTMLText.escape(next.href))\"><span>Next</span>\(HTMLText.escape(next.title))</a>\n"
        }
        return html + "</nav>\n"
    }
}
