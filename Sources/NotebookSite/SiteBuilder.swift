import Notebook
import Foundation

/// Builds a static site from a folder of notebooks: one page per notebook
/// (`NAME.html`), an index, `style.css` and the pictures the pages show.
///
/// Links are relative and nothing is loaded from the network, so the site
/// works from `file://`. The same notebooks always give the same bytes (no
/// dates, no random ids). The site generator remembers the files it wrote in
/// a manifest (`.notebook-site`: one line per file, a hash of its bytes and
/// its path) and, on the next build, removes those it no longer writes, such
/// as the page of a deleted notebook. The manifest is not trusted: a file is
/// removed only if its path is one the builder makes, it is a regular file
/// reached without a symbolic link, and its bytes are still those the
/// manifest's hash names. Nothing is read, written or removed through a
/// symbolic link, in the notebooks' folder or in the site folder.
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
    /// The site's script (search, copy buttons, theme switch).
    public static let scriptName = "site.js"
    /// The search index, a script that sets `window.notebookSearchIndex`.
    public static let searchIndexName = "search-index.js"
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

    /// The notebooks of the source folder, in the site's order: as its
    /// `site.yml` lists them (each translation right after its original), or
    /// without one its `*.md` files and those of its sub-folders, the top
    /// folder's first, then each sub-folder's (a section of the site), sorted
    /// by path. Hidden entries, `NAME.assets` folders and symbolic links are
    /// not followed.
    public func notebookFiles() throws -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: source, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw NotebookError(file: source, message: "no such folder")
        }
        guard FileManager.default.isReadableFile(atPath: source) else {
            throw NotebookError(file: source, message: "cannot read the folder")
        }
        return try course().notebooks.map { (source as NSString).appendingPathComponent($0.path) }
    }

    /// The site's course: its title and its notebooks in order, each with its
    /// section's position (paths relative to the source folder).
    struct Course {
        var title: String
        var sections: [String?]
        var notebooks: [(path: String, section: Int)]
        var configuration: SiteConfiguration?
    }

    /// The course of the source folder, from its `site.yml` if it has one.
    func course() throws -> Course {
        var found: [String] = []
        collectNotebooks(in: "", into: &found)
        found.sort { a, b in
            let (aNested, bNested) = (a.contains("/"), b.contains("/"))
            if aNested != bNested { return !aNested }
            return Array(a.utf8).lexicographicallyPrecedes(Array(b.utf8))
        }
        let present = Set(found)
        let originalOf = Dictionary(uniqueKeysWithValues: found.compactMap { path in Self.original(of: path, among: present).map { (path, $0) } })
        guard let configuration = try SiteConfiguration.load(source: source) else {
            var sections: [String?] = []
            var notebooks: [(path: String, section: Int)] = []
            for path in found {
                let folder = (path as NSString).deletingLastPathComponent
                let title: String? = folder.isEmpty ? nil : folder
                if sections.isEmpty || sections.last! != title { sections.append(title) }
                notebooks.append((path, sections.count - 1))
            }
            return Course(title: Self.indexTitle, sections: sections, notebooks: notebooks, configuration: nil)
        }
        let file = (source as NSString).appendingPathComponent(SiteConfiguration.fileName)
        var notebooks: [(path: String, section: Int)] = []
        var listed: Set<String> = []
        for (position, section) in configuration.sections.enumerated() {
            for (notebook, line) in zip(section.notebooks, section.lines) {
                guard present.contains(notebook) else {
                    throw NotebookError(file: file, line: line, message: "\(notebook) is not a notebook of the folder")
                }
                if let original = originalOf[notebook] {
                    throw NotebookError(file: file, line: line, message: "\(notebook) is a translation of \(original), which it follows: list \(original) only")
                }
                listed.insert(notebook)
                notebooks.append((notebook, position))
                for translation in found where originalOf[translation] == notebook {
                    listed.insert(translation)
                    notebooks.append((translation, position))
                }
            }
        }
        if let missing = found.first(where: { !listed.contains($0) && originalOf[$0] == nil }) {
            throw NotebookError(file: file, message: "\(missing) is in no section; add it to the section it belongs to")
        }
        return Course(title: configuration.title, sections: configuration.sections.map(\.title), notebooks: notebooks, configuration: configuration)
    }

    /// The notebook that `path` translates: `autograd.zh.md` → `autograd.md` when present.
    static func original(of path: String, among present: Set<String>) -> String? {
        let stem = String(path.dropLast(3))
        guard !(stem as NSString).pathExtension.isEmpty else { return nil }
        let original = (stem as NSString).deletingPathExtension + ".md"
        return present.contains(original) ? original : nil
    }

    private func collectNotebooks(in folder: String, into found: inout [String]) {
        let full = folder.isEmpty ? source : (source as NSString).appendingPathComponent(folder)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: full) else { return }
        for name in names where !name.hasPrefix(".") {
            let path = folder.isEmpty ? name : folder + "/" + name
            let entry = (source as NSString).appendingPathComponent(path)
            guard let type = (try? FileManager.default.attributesOfItem(atPath: entry))?[.type] as? FileAttributeType else { continue }
            if type == .typeRegular, name.hasSuffix(".md") {
                found.append(path)
            } else if type == .typeDirectory, !name.hasSuffix(".assets") {
                collectNotebooks(in: path, into: &found)
            }
        }
    }

    /// The path from the page `from` to the site file `to`, both relative to
    /// the site folder: `blitz/a.html` to `blitz/b.html` is `b.html`, to
    /// `basics/c.html` is `../basics/c.html`.
    static func relativePath(from: String, to: String) -> String {
        var fromFolders = from.split(separator: "/").dropLast()[...]
        var target = to.split(separator: "/")[...]
        while let folder = fromFolders.first, target.count > 1, target.first == folder {
            fromFolders = fromFolders.dropFirst()
            target = target.dropFirst()
        }
        return String(repeating: "../", count: fromFolders.count) + target.joined(separator: "/")
    }

    /// The site path of the page of the notebook `notebook` (relative to the
    /// notebooks folder): `blitz/a.md` → `blitz/a.html`; the top folder's
    /// `index.md` is `index-notebook.html`, the index being the site's own.
    static func pagePath(ofNotebook notebook: String) -> String {
        let stem = notebook.hasSuffix(".md") ? String(notebook.dropLast(3)) : notebook
        return (stem == "index" ? "index-notebook" : stem) + ".html"
    }

    /// `../` once for each folder `page` is in (a site path such as `blitz/autograd.html`).
    static func pathToRoot(from page: String) -> String {
        String(repeating: "../", count: page.split(separator: "/").count - 1)
    }

    /// Every file of the site, by path relative to the site folder, including
    /// the manifest. Throws `NotebookError` for a notebook that cannot be read.
    public func files() throws -> [String: [UInt8]] {
        var notebooks: [RenderedNotebook] = []
        var folders: [String] = []
        _ = try notebookFiles()
        let course = try self.course()
        let notebookPaths = course.notebooks.map(\.path)
        for relative in notebookPaths {
            let path = (source as NSString).appendingPathComponent(relative)
            let folder = (relative as NSString).deletingLastPathComponent
            let renderer = PageRenderer(
                baseDirectory: (path as NSString).deletingLastPathComponent, pictures: .linked,
                rootDirectory: source, folder: folder)
            var rendered = renderer.render(try NotebookDocument.load(path: path))
            if let problem = rendered.problems.first { throw problem }
            // The index page is the site's own.
            if folder.isEmpty && rendered.name == "index" { rendered.name = "index-notebook" }
            if !folder.isEmpty { rendered.name = folder + "/" + rendered.name }
            notebooks.append(rendered)
            folders.append(folder)
        }
        let anchorsByNotebook = Dictionary(uniqueKeysWithValues: zip(notebookPaths, notebooks.map { Set($0.anchors) }))
        for (position, notebook) in notebooks.enumerated() {
            for link in notebook.links {
                guard let target = link.target else { continue }
                let file = (source as NSString).appendingPathComponent(notebookPaths[position])
                guard let anchors = anchorsByNotebook[target] else {
                    throw NotebookError(file: file, line: link.line, message: "the link to \(target) leads to no notebook of the site")
                }
                if let fragment = link.fragment, !anchors.contains(fragment) {
                    throw NotebookError(file: file, line: link.line, message: "the link to \(target)#\(fragment) leads to no heading of that notebook")
                }
            }
        }
        // `NAME.LANG.md` beside `NAME.md` is its translation: one entry of the
        // index, and a chain of previous and next pages of its own language.
        let positionByPath = Dictionary(uniqueKeysWithValues: notebookPaths.enumerated().map { ($1, $0) })
        var suffixes: [String?] = Array(repeating: nil, count: notebooks.count)
        for (position, path) in notebookPaths.enumerated() {
            guard let originalPath = Self.original(of: path, among: Set(notebookPaths)), let original = positionByPath[originalPath] else { continue }
            let suffix = (String(path.dropLast(3)) as NSString).pathExtension
            suffixes[position] = suffix
            notebooks[position].translationOf = notebooks[original].name
            if notebooks[position].language == nil { notebooks[position].language = suffix }
        }
        var files: [String: [UInt8]] = [:]
        for (position, notebook) in notebooks.enumerated() {
            let page = notebook.name + ".html"
            let root = Self.pathToRoot(from: page)
            func link(_ other: RenderedNotebook) -> PageLayout.Link {
                PageLayout.Link(href: PageRenderer.percentEncoded(Self.relativePath(from: page, to: other.name + ".html")), title: other.title)
            }
            let chain = notebooks.indices.filter { suffixes[$0] == suffixes[position] }
            let place = chain.firstIndex(of: position)!
            var layout = PageLayout(
                stylesheet: .linked(root + "style.css"),
                index: PageLayout.Link(href: root + "index.html", title: course.title),
                previous: place > 0 ? link(notebooks[chain[place - 1]]) : nil,
                next: place + 1 < chain.count ? link(notebooks[chain[place + 1]]) : nil)
            layout.scripts = [root + Self.searchIndexName, root + Self.scriptName]
            layout.root = root
            let original = notebook.translationOf ?? notebook.name
            let group = notebooks.filter { $0.name == original || $0.translationOf == original }
            if group.count >= 2 {
                layout.translations = group.map { member in
                    PageLayout.Translation(
                        href: PageRenderer.percentEncoded(Self.relativePath(from: page, to: member.name + ".html")),
                        language: member.language ?? "en", isCurrent: member.name == notebook.name)
                }
            }
            let markdown = notebookPaths[position]
            layout.source = PageRenderer.percentEncoded(Self.relativePath(from: page, to: markdown))
            layout.edit = course.configuration?.editURL(for: markdown)
            layout.outline = outline(course, notebooks: notebooks, suffixes: suffixes, page: page, current: position)
            do {
                files[markdown] = try ContainedFiles.read(markdown, in: source)
            } catch {
                throw NotebookError(file: (source as NSString).appendingPathComponent(markdown), message: "cannot publish the notebook: \(error)")
            }
            files[page] = Array(layout.page(for: notebook).utf8)
            let folder = folders[position]
            for picture in notebook.pictures {
                let sitePath = folder.isEmpty ? picture : folder + "/" + picture
                do {
                    files[sitePath] = try PageRenderer.pictureBytes(sitePath, baseDirectory: source)
                } catch {
                    throw NotebookError(file: (source as NSString).appendingPathComponent(sitePath), message: "cannot publish the picture: \(error)")
                }
            }
            for file in notebook.proseFiles where files[file] == nil {
                do {
                    files[file] = try PageRenderer.pictureBytes(file, baseDirectory: source)
                } catch {
                    throw NotebookError(file: (source as NSString).appendingPathComponent(file), message: "cannot publish the image: \(error)")
                }
            }
        }
        var indexLayout = PageLayout(stylesheet: .linked("style.css"), index: PageLayout.Link(href: "index.html", title: course.title))
        indexLayout.scripts = [Self.searchIndexName, Self.scriptName]
        let sections = course.sections.indices.map { section in
            PageLayout.IndexSection(
                title: course.sections[section],
                notebooks: notebooks.indices.filter { course.notebooks[$0].section == section }.map { notebooks[$0] })
        }
        files["index.html"] = Array(indexLayout.indexPage(title: course.title, sections: sections).utf8)
        files[Self.searchIndexName] = Array(SearchIndex.script(for: notebooks).utf8)
        files[Self.scriptName] = Array(SiteScript.js.utf8)
        files["style.css"] = Array(PageStyle.css.utf8)
        let manifest = files.keys.sorted().map { Self.hash(files[$0]!) + " " + $0 + "\n" }.joined()
        files[Self.manifestName] = Array(manifest.utf8)
        return files
    }

    /// The course outline shown beside page `page`: every section with its
    /// notebooks in the page's language where a translation exists.
    private func outline(
        _ course: Course, notebooks: [RenderedNotebook], suffixes: [String?], page: String, current: Int
    ) -> [PageLayout.OutlineSection] {
        let original = notebooks[current].translationOf ?? notebooks[current].name
        return course.sections.indices.map { section in
            var entries: [PageLayout.OutlineEntry] = []
            for position in notebooks.indices where course.notebooks[position].section == section && suffixes[position] == nil {
                let notebook = notebooks[position]
                let shown = notebooks.indices.first {
                    suffixes[$0] != nil && suffixes[$0] == suffixes[current] && notebooks[$0].translationOf == notebook.name
                } ?? position
                entries.append(PageLayout.OutlineEntry(
                    link: PageLayout.Link(
                        href: PageRenderer.percentEncoded(Self.relativePath(from: page, to: notebooks[shown].name + ".html")),
                        title: notebooks[shown].title),
                    isCurrent: notebook.name == original))
            }
            return PageLayout.OutlineSection(title: course.sections[section], entries: entries)
        }
    }

    /// Builds the site: writes new and changed files, removes the files of
    /// the previous build that are no longer produced.
    public func build() throws -> Result {
        let files = try self.files()
        let previous = previousManifest()
        if ContainedFiles.kind(atPath: destination) == .symbolicLink {
            throw NotebookError(file: destination, message: "the site folder is a symbolic link, which is not followed")
        }
        try FileManager.default.createDirectory(atPath: destination, withIntermediateDirectories: true)
        var written: [String] = []
        for path in files.keys.sorted() {
            let full = (destination as NSString).appendingPathComponent(path)
            do {
                try ContainedFiles.checkWritable(path, in: destination)
            } catch {
                throw NotebookError(file: full, message: "cannot write: \(error)")
            }
            let bytes = files[path]!
            if (try? ContainedFiles.read(path, in: destination)) == bytes { continue }
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
        for (path, hash) in previous where files[path] == nil {
            guard (try? ContainedFiles.read(path, in: destination)).map(Self.hash) == hash,
                  ContainedFiles.remove(path, in: destination) else { continue }
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
            switch ContainedFiles.kind(atPath: full) {
            case .missing:
                differences.append(Difference(path: path, kind: .missing))
            default:
                if (try? ContainedFiles.read(path, in: destination)) != files[path]! {
                    differences.append(Difference(path: path, kind: .changed))
                }
            }
        }
        for (path, hash) in previousManifest() where files[path] == nil {
            if (try? ContainedFiles.read(path, in: destination)).map(Self.hash) == hash {
                differences.append(Difference(path: path, kind: .stale))
            }
        }
        return differences.sorted { $0.path < $1.path }
    }

    /// The files the previous build wrote and the hashes of their bytes,
    /// from its manifest; only lines with a hash and a path the builder could
    /// have written are believed.
    private func previousManifest() -> [(path: String, hash: String)] {
        guard let data = try? ContainedFiles.read(Self.manifestName, in: destination, limit: 64 << 20) else { return [] }
        return String(decoding: data, as: UTF8.self)
            .split(separator: "\n")
            .compactMap { (line: Substring) -> (path: String, hash: String)? in
                guard let space = line.firstIndex(of: " ") else { return nil }
                let hash = String(line[..<space])
                let entry = String(line[line.index(after: space)...])
                guard hash.utf8.count == 16, hash.utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) }),
                      entry != Self.manifestName,
                      (entry.hasSuffix(".html") || entry.hasSuffix(".md")) && Self.isSafePagePath(entry)
                        || entry == "style.css" || entry == Self.scriptName || entry == Self.searchIndexName
                        || PageRenderer.safePicturePath(entry) != nil
                else { return nil }
                return (entry, hash)
            }
    }

    /// The 64-bit FNV-1a hash of `bytes`, in hexadecimal: the manifest's
    /// record of what the builder wrote.
    static func hash(_ bytes: [UInt8]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let digits = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    /// `page` is a relative path of plain, visible components (`a.html`, `blitz/a.html`).
    static func isSafePagePath(_ page: String) -> Bool {
        let components = page.split(separator: "/", omittingEmptySubsequences: false)
        return !page.contains("\\") && !page.contains(":") && components.allSatisfy {
            !$0.isEmpty && !$0.hasPrefix(".") && $0.allSatisfy { !$0.isNewline && $0 != "\0" }
        }
    }

    /// Removes the folders of `path` inside the site folder that are now empty.
    private func removeEmptyFolders(above path: String) {
        var folder = (path as NSString).deletingLastPathComponent
        while !folder.isEmpty {
            guard ContainedFiles.removeEmptyFolder(folder, in: destination) else { return }
            folder = (folder as NSString).deletingLastPathComponent
        }
    }
}
