import Foundation

/// Where cells may write: checkpoint files (`.pth`, `.pt`, `.safetensors`)
/// inside the notebook's own folder, nowhere else. A relative path resolves in
/// that folder; a path with a `..` component, an absolute path outside it, a
/// path through a symbolic link that leads out of it, or a file that is itself
/// a symbolic link, breaks the rule. The error names the rule and nothing about
/// the target (whether it exists, what it is), so a cell cannot probe the disk.
public struct CheckpointWriteRule: Sendable {
    /// The extensions of the files cells may write.
    public static let extensions: Set<String> = ["pth", "pt", "safetensors"]

    /// The notebook's folder, absolute and with symbolic links resolved.
    public let folder: String

    /// The rule for the notebook in `folder` (relative to the current directory
    /// when relative).
    public init(folder: String) {
        let absolute = folder.hasPrefix("/") ? folder : FileManager.default.currentDirectoryPath + "/" + folder
        self.folder = Self.realPath(absolute) ?? (absolute as NSString).standardizingPath
    }

    /// The statement of the rule, as errors give it.
    public static let statement = "cells write only checkpoint files (.pth, .pt or .safetensors) inside the notebook's folder"

    /// The absolute path a cell's `path` writes to, after checking the rule.
    public func destination(of path: String) throws -> String {
        func refuse() -> RuleError { RuleError(path: path) }
        guard !path.isEmpty, !path.contains("\0") else { throw refuse() }
        let components = path.split(separator: "/", omittingEmptySubsequences: true)
        guard !components.contains(".."), let last = components.last, last != "." else { throw refuse() }
        guard Self.extensions.contains((String(last) as NSString).pathExtension.lowercased()) else { throw refuse() }

        // The parent folder, with every symbolic link resolved, must lie inside the notebook's.
        let absolute = path.hasPrefix("/") ? path : folder + "/" + path
        let parent = (absolute as NSString).deletingLastPathComponent
        guard let realParent = Self.realPath(parent), realParent == folder || realParent.hasPrefix(folder + "/") else {
            throw refuse()
        }
        let destination = realParent + "/" + String(last)
        // The file itself must not be a link (renaming over it would replace
        // the link, but a link there is a path that leads elsewhere).
        var status = stat()
        if lstat(destination, &status) == 0, status.st_mode & S_IFMT == S_IFLNK || status.st_mode & S_IFMT == S_IFDIR {
            throw refuse()
        }
        return destination
    }

    /// A write the rule does not allow.
    public struct RuleError: Error, CustomStringConvertible, Equatable {
        /// The path as the cell wrote it.
        public var path: String
        public var description: String { "cannot write '\(path)': \(CheckpointWriteRule.statement)" }
    }

    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
