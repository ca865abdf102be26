import Foundation
import Notebook
import Script
import Yams

/// The course a site presents, from `site.yml` in the notebooks folder: the
/// site's title, its sections in order with their notebooks in order, and
/// optionally the repository the notebooks live in (for "edit this page").
///
///     title: Deep learning with notebooks
///     repository: https://github.com/OWNER/REPO
///     branch: main              # default main
///     folder: notebooks         # the notebooks folder in the repository; default its name
///     sections:
///       - title: Learn the Basics
///         notebooks:
///           - basics/quickstart.md
///           - basics/tensors.md
///
/// Every notebook of the folder belongs to exactly one section; a translation
/// (`NAME.LANG.md`) follows its original and is not listed. Without the file
/// the sections are the folders, in the order of their names.
public struct SiteConfiguration: Equatable, Sendable {
    /// The name of the file in the notebooks folder.
    public static let fileName = "site.yml"
    /// The largest configuration file read.
    static let sizeLimit = 1 << 20

    /// One section of the course.
    public struct Section: Equatable, Sendable {
        /// Its heading.
        public var title: String
        /// Its notebooks, as paths relative to the notebooks folder, in order.
        public var notebooks: [String]
        /// The line of each notebook's entry in the file.
        public var lines: [Int]
    }

    /// The site's title.
    public var title: String
    /// The sections, in order.
    public var sections: [Section]
    /// The repository's web address, if given.
    public var repository: String?
    /// The branch the edit links point at.
    public var branch: String
    /// The notebooks folder's path inside the repository.
    public var folder: String

    /// Where a notebook can be edited: `REPOSITORY/edit/BRANCH/FOLDER/PATH`.
    public func editURL(for notebook: String) -> String? {
        guard let repository else { return nil }
        let base = repository.hasSuffix("/") ? String(repository.dropLast()) : repository
        let path = (folder.isEmpty ? "" : folder + "/") + notebook
        return base + "/edit/" + branch + "/" + path
    }

    /// Reads `site.yml` of the notebooks folder `source`; nil when there is none.
    /// Throws `NotebookError` naming the file and line of what is wrong.
    public static func load(source: String) throws -> SiteConfiguration? {
        let path = (source as NSString).appendingPathComponent(fileName)
        switch ContainedFiles.kind(atPath: path) {
        case .missing: return nil
        case .regular: break
        default: throw NotebookError(file: path, message: "the site configuration must be a regular file")
        }
        let bytes: [UInt8]
        do {
            bytes = try ContainedFiles.read(fileName, in: source, limit: sizeLimit)
        } catch {
            throw NotebookError(file: path, message: "cannot read the site configuration: \(error)")
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw NotebookError(file: path, message: "the site configuration is not UTF-8 text")
        }
        let folderName = ((source as NSString).standardizingPath as NSString).lastPathComponent
        return try parse(text, file: path, defaultFolder: folderName == "." ? "" : folderName)
    }

    /// Parses the text of a configuration file named `file` (for errors).
    public static func parse(_ text: String, file: String, defaultFolder: String = "notebooks") throws -> SiteConfiguration {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw NotebookError(file: file, message: "the site configuration is empty; it needs a title and sections")
            }
            root = node
        } catch let error as NotebookError {
            throw error
        } catch let error as YamlError {
            throw yamlError(error, file: file)
        } catch {
            throw NotebookError(file: file, message: "the site configuration is not valid YAML")
        }
        let reader = Reader(file: file)
        let top = try reader.mapping(root, what: "the site configuration", keys: ["title", "repository", "branch", "folder", "sections"])
        guard let sectionsNode = top["sections"] else {
            throw NotebookError(file: file, line: root.mark?.line, message: "the site configuration has no 'sections'")
        }
        var sections: [Section] = []
        var seen: [String: Int] = [:]
        for sectionNode in try reader.sequence(sectionsNode, what: "'sections'") {
            let section = try reader.mapping(sectionNode, what: "a section", keys: ["title", "notebooks"])
            guard let titleNode = section["title"] else {
                throw NotebookError(file: file, line: sectionNode.mark?.line, message: "a section has no 'title'")
            }
            guard let notebooksNode = section["notebooks"] else {
                throw NotebookError(file: file, line: sectionNode.mark?.line, message: "the section has no 'notebooks'")
            }
            var notebooks: [String] = [], lines: [Int] = []
            for entry in try reader.sequence(notebooksNode, what: "'notebooks'") {
                let notebook = try reader.string(entry, what: "a notebook")
                let line = entry.mark?.line ?? 1
                guard notebook.hasSuffix(".md"), SiteBuilder.isSafePagePath(notebook) else {
                    throw NotebookError(file: file, line: line, message: "'\(notebook)' is not the path of a notebook inside the folder (NAME.md or FOLDER/NAME.md)")
                }
                if let first = seen[notebook] {
                    throw NotebookError(file: file, line: line, message: "\(notebook) is listed twice (first at line \(first))")
                }
                seen[notebook] = line
                notebooks.append(notebook)
                lines.append(line)
            }
            sections.append(Section(title: try reader.string(titleNode, what: "a section's title"), notebooks: notebooks, lines: lines))
        }
        guard let titleNode = top["title"] else {
            throw NotebookError(file: file, line: root.mark?.line, message: "the site configuration has no 'title'")
        }
        let repository = try top["repository"].map { try reader.string($0, what: "'repository'") }
        if let repository, !(repository.hasPrefix("https://") || repository.hasPrefix("http://")) {
            throw NotebookError(file: file, line: top["repository"]?.mark?.line, message: "'repository' must be a web address (https://…)")
        }
        return SiteConfiguration(
            title: try reader.string(titleNode, what: "'title'"),
            sections: sections,
            repository: repository,
            branch: try top["branch"].map { try reader.string($0, what: "'branch'") } ?? "main",
            folder: try top["folder"].map { try reader.string($0, what: "'folder'") } ?? defaultFolder)
    }

    /// A parse error of the YAML reader, at its line.
    private static func yamlError(_ error: YamlError, file: String) -> NotebookError {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return NotebookError(file: file, line: mark.line, message: "the site configuration is not valid YAML: \(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return NotebookError(
                file: file, line: context.mark.line,
                message: "the site configuration gives \(duplicates.map { "'\($0)'" }.joined(separator: ", ")) twice")
        default:
            return NotebookError(file: file, message: "the site configuration is not valid YAML")
        }
    }

    /// Reads the expected shapes out of YAML nodes, with errors at their lines.
    private struct Reader {
        let file: String

        func mapping(_ node: Node, what: String, keys: [String]) throws -> [String: Node] {
            guard case .mapping(let mapping) = node else {
                throw NotebookError(file: file, line: node.mark?.line, message: "\(what) must be a mapping of keys to values")
            }
            var result: [String: Node] = [:]
            for (keyNode, value) in mapping {
                let key = try string(keyNode, what: "a key")
                guard keys.contains(key) else {
                    let suggestion = DidYouMean.suggestion(for: key, among: keys)
                    throw NotebookError(
                        file: file, line: keyNode.mark?.line,
                        message: "unknown key '\(key)' in \(what)\(suggestion); the keys are \(keys.map { "'\($0)'" }.joined(separator: ", "))")
                }
                guard result[key] == nil else {
                    throw NotebookError(file: file, line: keyNode.mark?.line, message: "'\(key)' is given twice")
                }
                result[key] = value
            }
            return result
        }

        func sequence(_ node: Node, what: String) throws -> [Node] {
            guard case .sequence(let sequence) = node else {
                throw NotebookError(file: file, line: node.mark?.line, message: "\(what) must be a list")
            }
            return Array(sequence)
        }

        func string(_ node: Node, what: String) throws -> String {
            guard case .scalar(let scalar) = node, !scalar.string.isEmpty else {
                throw NotebookError(file: file, line: node.mark?.line, message: "\(what) must be a text")
            }
            return scalar.string
        }
    }
}
