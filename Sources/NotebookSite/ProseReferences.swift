import Notebook
import Foundation

/// Rewrites the link and image destinations of one notebook's prose and
/// records what the site must check and copy.
///
/// A relative link to a notebook (`other.md`, `other.md#a`, `../part/other.md`)
/// becomes a link to its page (`other.html#a`); a relative image must be a
/// picture file inside the notebooks' folder, published like the cells'
/// pictures (linked, or embedded in a single-file page). URLs with a scheme
/// (`https:`, `mailto:`) and other relative links are left as written.
struct ProseReferences {
    let renderer: PageRenderer
    /// The notebook's path, for messages.
    let file: String
    private(set) var links: [ProseLink] = []
    private(set) var files: [String] = []
    private(set) var problems: [NotebookError] = []

    init(renderer: PageRenderer, file: String) {
        self.renderer = renderer
        self.file = file
    }

    /// The destination to write for `url`.
    mutating func rewrite(_ url: String, isImage: Bool, line: Int) -> String {
        guard !url.isEmpty, !Self.hasScheme(url), !url.hasPrefix("//") else { return url }
        var path = url
        var fragment: String? = nil
        if let hash = url.firstIndex(of: "#") {
            fragment = String(url[url.index(after: hash)...]).removingPercentEncoding ?? String(url[url.index(after: hash)...])
            path = String(url[..<hash])
        }
        if let query = path.firstIndex(of: "?") { path = String(path[..<query]) }
        let decoded = path.removingPercentEncoding ?? path
        if decoded.isEmpty {
            if !isImage { links.append(ProseLink(target: nil, fragment: fragment, line: line)) }
            return url
        }
        if isImage { return image(decoded, url: url, line: line) }
        guard decoded.hasSuffix(".md") else { return url }
        guard let target = resolve(decoded) else {
            if renderer.rootDirectory == nil {
                // A single page: its neighbours' pages are not checked.
                let written = url.firstIndex(of: "#").map { String(url[..<$0]) } ?? url
                let rest = url.firstIndex(of: "#").map { String(url[$0...]) } ?? ""
                return written.hasSuffix(".md") ? String(written.dropLast(3)) + ".html" + rest : url
            }
            problems.append(NotebookError(file: file, line: line, message: "the link \(url) leads outside the notebooks' folder"))
            return url
        }
        links.append(ProseLink(target: target, fragment: fragment, line: line))
        let here = (renderer.folder.isEmpty ? "" : renderer.folder + "/") + "page.html"
        let href = PageRenderer.percentEncoded(SiteBuilder.relativePath(from: here, to: SiteBuilder.pagePath(ofNotebook: target)))
        guard let fragment else { return href }
        return href + "#" + (fragment.addingPercentEncoding(withAllowedCharacters: .urlFragmentAllowed) ?? fragment)
    }

    /// An image of the prose: checked, then linked or embedded.
    private mutating func image(_ path: String, url: String, line: Int) -> String {
        guard let resolved = resolve(path) else {
            problems.append(NotebookError(file: file, line: line, message: "the image \(url) is outside the notebooks' folder"))
            return url
        }
        let fileType = (resolved as NSString).pathExtension.lowercased()
        guard let mediaType = PageRenderer.pictureTypes[fileType], PageRenderer.safePicturePath(resolved) != nil else {
            problems.append(NotebookError(file: file, line: line, message: "the image \(url) is not an SVG, PNG, JPEG or GIF file"))
            return url
        }
        let root = renderer.rootDirectory ?? renderer.baseDirectory
        let bytes: [UInt8]
        do {
            bytes = try PageRenderer.pictureBytes(resolved, baseDirectory: root)
        } catch ContainedFiles.Refusal.missing {
            problems.append(NotebookError(file: file, line: line, message: "no image \(url) (\((root as NSString).appendingPathComponent(resolved)) does not exist)"))
            return url
        } catch {
            problems.append(NotebookError(file: file, line: line, message: "the image \(url) is not published: \(error)"))
            return url
        }
        switch renderer.pictures {
        case .embedded:
            return "data:\(mediaType);base64,\(Data(bytes).base64EncodedString())"
        case .linked:
            if !files.contains(resolved) { files.append(resolved) }
            let here = (renderer.folder.isEmpty ? "" : renderer.folder + "/") + "page.html"
            return PageRenderer.percentEncoded(SiteBuilder.relativePath(from: here, to: resolved))
        }
    }

    /// `path` (relative to the notebook's folder) relative to the root
    /// folder, with `.` and `..` resolved; nil if it leaves the root or is absolute.
    private func resolve(_ path: String) -> String? {
        guard !path.hasPrefix("/"), !path.contains("\\"), !path.contains("\0") else { return nil }
        var components = renderer.folder.split(separator: "/").map(String.init)
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." {
                guard !components.isEmpty else { return nil }
                components.removeLast()
            } else {
                components.append(String(part))
            }
        }
        guard !components.isEmpty else { return nil }
        return components.joined(separator: "/")
    }

    /// `url` starts with a scheme (`https:`, `mailto:`).
    static func hasScheme(_ url: String) -> Bool {
        guard let colon = url.firstIndex(of: ":") else { return false }
        let scheme = url[..<colon]
        guard let first = scheme.first, first.isASCII, first.isLetter else { return false }
        return scheme.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == ".") }
    }
}
