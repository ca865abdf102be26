import Foundation
import Script

/// The folder a notebook's cells run in: relative paths resolve there, and
/// `save` writes only checkpoint files inside it (`CheckpointWriteRule`). The
/// runner sets it to the notebook's folder; it starts as the current directory.
public final class NotebookFolder: @unchecked Sendable {
    private let lock = NSLock()
    private var current: CheckpointWriteRule

    /// A folder starting at `path` (the current directory when nil).
    public init(_ path: String? = nil) {
        current = CheckpointWriteRule(folder: path ?? FileManager.default.currentDirectoryPath)
    }

    /// The folder's absolute path.
    public var path: String {
        get { rule.folder }
        set {
            let rule = CheckpointWriteRule(folder: newValue)
            lock.lock(); current = rule; lock.unlock()
        }
    }

    /// The write rule of the folder.
    public var rule: CheckpointWriteRule {
        lock.lock(); defer { lock.unlock() }
        return current
    }

    /// The file a cell may read at `path` (relative paths resolve in the
    /// folder), after checking `CheckpointReadRule`; its errors are cell errors.
    public func readable(_ path: String) throws -> String {
        do {
            return try CheckpointReadRule(folder: rule.folder).source(of: path)
        } catch let error as CheckpointReadRule.RuleError {
            throw HostError(error.description)
        } catch let error as CheckpointReadRule.MissingFile {
            throw HostError(error.description)
        }
    }

    /// `path` as a cell means it: relative paths resolve in the folder.
    public func resolve(_ path: String) -> String {
        path.hasPrefix("/") ? path : rule.folder + "/" + path
    }
}
