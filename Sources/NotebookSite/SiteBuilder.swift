import Notebook
import Foundation

/// Builds a static site from a folder of notebooks: one page per notebook
/// (`NAME.html`), an index, `style.css` and the pictures the pages show.
///
/// Links are relative and nothing is loaded from the network, so the site
/// works from `file://`. The same notebooks always give the same bytes (no
/// dates, no random ids). The site generator remembers the files it wrote in
/// a manifest (`.notebook-site`) and, on the next build, removes those it no
/// longer writes, such as the page of a deleted notebook; it never touches
/// other files.
public struct SiteBuilder {
    /// A difference between a site folder and what a build would write.
    public struct Difference: Equatable, Sendable, CustomStringConvertible {
        /// How the file differs.
        public enum Kind: Equatable, Sendable {
            /// The file should exist and does not.
            case missing
            /// The file exists with other bytes.
            case changed
            /// The file was generated before and should no longer exist.
            case stale
        }

        /// The path relative to the site folder.
        public var path: String
        /// How it differs.
        public var kind: Kind

        /// `PATH is missing`, `PATH differs`, `PATH is stale`.
        public var description: String {
            switch kind {
            case .missing: return "\(path) is missing"
            case .changed: return "\(path) differs"
            case .stale: return "\(path) is stale"
            }
        }
    }

    /// What a build changed.
    public struct Result: Equatable, Sendable {
        /// Files written because they were new or different, relative to the site folder.
        public var written: [String]
        /// Files removed because no notebook produces them any more.
        public var removed: [String]
        /// The pages built, one per notebook.
        public var pages: Int
    }

    /// The name of the manifest file in the site folder.
    public static let manifestName = ".notebook-site"
    /// The title of the index page.
    public static let indexTitle = "Notebooks"

    /// The folder of notebooks.
    public var source: String
    /// The site folder.
    public var destination: String

    /// A builder from the notebooks in `source` to the site in `destination`.
    public init(source: String, destination: String) {
        self.source = source
        self.destination = destination
    }

    /// The notebooks of the source folder: its `*.md` files, sorted by name.
    public func notebookFiles() throws -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: source, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw NotebookError(file: source, message: "no such folder")
        }
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: source) else {
            throw NotebookError(file: source, message: "cannot read the folder")
        }
        return names.filter { $0.hasSuffix(".md") && !$0.hasPrefix(".") }
            .sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
            .map { (source as NSString).appendingPathComponent($0) }
            .filter { path in
                var isFolder: ObjCBool = false
                return FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) && !isFolder.boolValue
            }
    }

    /// Every file of the site, by path relative to the site folder, including
    /// the manifest. Throws `NotebookError` for a notebook that cannot be read.
    public func files() throws -> [String: [UInt8]] {
        let renderer = PageRenderer(baseDirectory: source, pictures: .linked)
        var notebooks: [RenderedNotebook] = []
        for path in try notebookFiles() {
            var rendered = renderer.render(try NotebookDocument.load(path: path))
            // The index page is the site's own.
            if rendered.name == "index" { rendered.name = "index-notebook" }
            notebooks.append(rendered)
        }
        var files: [String: [UInt8]] = [:]
        let index = PageLayout.Link(href: "index.html", title: Self.indexTitle)
        for (position, notebook) in notebooks.enumerated() {
            func link(_ other: RenderedNotebook) -> PageLayout.Link {
                PageLayout.Link(href: PageRenderer.percentEncoded(other.name + ".html"), title: other.title)
            }
            let layout = PageLayout(
                stylesheet: .linked("style.css"),
                index: index,
                previous: position > 0 ? link(notebooks[position - 1]) : nil,
                next: position + 1 < notebooks.count ? link(notebooks[position + 1]) : nil)
            files[notebook.name + ".html"] = Array(layout.page(for: notebook).utf8)
            for picture in notebook.pictures {
                let path = (source as NSString).appendingPathComponent(picture)
                guard let data = FileManager.default.contents(atPath: path) else {
                    throw NotebookError(file: path, message: "cannot read the picture")
                }
                files[picture] = [UInt8](data)
            }
        }
        files["index.html"] = Array(PageLayout(stylesheet: .linked("style.css"))
            .indexPage(title: Self.indexTitle, notebooks: notebooks).utf8)
        files["style.css"] = Array(PageStyle.css.utf8)
        let manifest = files.keys.sorted().map { $0 + "\n" }.joined()
        files[Self.manifestName] = Array(manifest.utf8)
        return files
    }

    /// Builds the site: writes new and changed files, removes the files of
    /// the previous build that are no longer produced.
    public func build() throws -> Result {
        let files = try self.files()
        let previous = previousManifest()
        try FileManager.default.createDirectory(atPath: destination, withIntermediateDirectories: true)
        var written: [String] = []
        for path in files.keys.sorted() {
            let full = (destination as NSString).appendingPathComponent(path)
            let bytes = files[path]!
            if let existing = FileManager.default.contents(atPath: full), [UInt8](existing) == bytes { continue }
            let folder = (full as NSString).deletingLastPathComponent
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw NotebookError(file: folder, message: "cannot create the folder")
            }
            try AtomicFile.write(bytes, to: full)
            written.append(path)
        }
        var removed: [String] = []
        for path in previous where files[path] == nil {
            let full = (destination as NSString).appendingPathComponent(path)
            guard FileManager.default.fileExists(atPath: full) else { continue }
            try? FileManager.default.removeItem(atPath: full)
            removed.append(path)
            removeEmptyFolders(above: path)
        }
        let pages = files.keys.filter { $0.hasSuffix(".html") && $0 != "index.html" }.count
        return Result(written: written, removed: removed, pages: pages)
    }

    /// The differences between the site folder and a fresh build, sorted by
    /// path: empty when the site is up to date.
    public func check() throws -> [Difference] {
        let files = try self.files()
        var differences: [Difference] = []
        for path in files.keys.sorted() {
            let full = (destination as NSString).appendingPathComponent(path)
            guard let existing = FileManager.default.contents(atPath: full) else {
                differences.append(Difference(path: path, kind: .missing))
                continue
            }
            if [UInt8](existing) != files[path]! { differences.append(Difference(path: path, kind: .changed)) }
        }
        for path in previousManifest() where files[path] == nil {
            if FileManager.default.fileExists(atPath: (destination as NSString).appendingPathComponent(path)) {
                differences.append(Difference(path: path, kind: .stale))
            }
        }
        return differences.sorted { $0.path < $1.path }
    }

    /// The files the previous build wrote, from its manifest; only safe
    /// relative paths are believed.
    private func previousManifest() -> [String] {
        let path = (destination as NSString).appendingPathComponent(Self.manifestName)
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        return String(decoding: data, as: UTF8.self)
            .split(separator: "\n")
            .map(String.init)
            .filter { entry in
                entry != Self.manifestName
                    && (entry.hasSuffix(".html") && !entry.contains("/") && !entry.hasPrefix(".")
                        || PageRenderer.safePicturePath(entry) != nil)
            }
    }

    /// Removes the folders of `path` inside the site folder that are now empty.
    private func removeEmptyFolders(above path: String) {
        var folder = (path as NSString).deletingLastPathComponent
        while !folder.isEmpty {
            let full = (destination as NSString).appendingPathComponent(folder)
            guard let contents = try? FileManager.default.contentsOfDirectory(atPath: full), contents.isEmpty else { return }
            try? FileManager.default.removeItem(atPath: full)
            folder = (folder as NSString).deletingLastPathComponent
        }
    }
}
