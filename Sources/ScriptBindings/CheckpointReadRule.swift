import Foundation
import Autograd
import Serialization
import Script

/// Where cells may read: files inside the notebook's own folder, the torch hub
/// cache and the folders the user allowed (`notebook run --allow-read DIR`).
///
/// Symbolic links are followed before the check, so a link inside the folder
/// that leads out of it breaks the rule. A path outside gets one error that
/// states the rule and nothing about the file: not whether it exists, what it
/// is or how large, so a cell cannot probe the disk. A missing file inside an
/// allowed folder is an error that names the full path looked for.
public struct CheckpointReadRule: Sendable {
    /// The statement of the rule, as errors give it.
    public static let statement =
        "cells read only files inside the notebook's folder, the torch hub cache and the folders allowed with --allow-read"

    /// The largest file `load` reads; larger files are refused before reading.
    public static var maximumFileSize: Int { MemoryBudget.limit }

    private static let lock = NSLock()
    nonisolated(unsafe) private static var extraFolders: [String] = []

    /// Folders every notebook of this process may read besides its own.
    public static var allowedFolders: [String] {
        get { lock.lock(); defer { lock.unlock() }; return extraFolders }
        set {
            let resolved = newValue.map { realPath($0) ?? absolute($0) }
            lock.lock(); extraFolders = resolved; lock.unlock()
        }
    }

    /// The notebook's folder, absolute and with symbolic links resolved.
    public let folder: String

    /// The rule for a notebook in `folder`.
    public init(folder: String) {
        self.folder = Self.realPath(folder) ?? Self.absolute(folder)
    }

    /// Every folder this notebook may read.
    public var roots: [String] {
        var roots = [folder]
        let hub = (Checkpoint.torchHome() as NSString).appendingPathComponent("hub")
        roots.append(Self.realPath(hub) ?? Self.absolute(hub))
        return roots + Self.allowedFolders
    }

    /// The absolute, link-free path of the file a cell's `path` names, after
    /// checking the rule and the size limit.
    public func source(of path: String) throws -> String {
        let real = try allowedPath(of: path, missingIsError: true)
        var status = stat()
        guard stat(real, &status) == 0, status.st_mode & S_IFMT == S_IFREG else {
            throw HostError("cannot read '\(real)': not a regular file")
        }
        let size = Int(status.st_size)
        guard size <= Self.maximumFileSize else {
            throw HostError("cannot read '\(real)': the file is \(Interpreter.describeBytes(size)), larger than the limit of \(Interpreter.describeBytes(Self.maximumFileSize)) for checkpoints")
        }
        return real
    }

    /// The absolute, link-free path of a folder of data files (a dataset's
    /// `root`), after checking the rule; a missing folder inside is left to
    /// the dataset to report, with what it expected there.
    public func dataFolder(of path: String) throws -> String {
        try allowedPath(of: path, missingIsError: false)
    }

    private func allowedPath(of path: String, missingIsError: Bool) throws -> String {
        guard !path.isEmpty, !path.contains("\0") else { throw RuleError(path: path) }
        let absolute = path.hasPrefix("/") ? path : folder + "/" + path
        let roots = self.roots
        func inside(_ candidate: String) -> Bool {
            roots.contains { candidate == $0 || candidate.hasPrefix($0 == "/" ? "/" : $0 + "/") }
        }
        guard let real = Self.realPath(absolute) else {
            // Missing: say so only when the nearest existing folder above it is allowed.
            var parent = (absolute as NSString).deletingLastPathComponent
            while Self.realPath(parent) == nil && parent != "/" && !parent.isEmpty {
                parent = (parent as NSString).deletingLastPathComponent
            }
            let standardized = (absolute as NSString).standardizingPath
            guard let realParent = Self.realPath(parent), inside(realParent), inside(standardized),
                  !path.split(separator: "/").contains("..") else {
                throw RuleError(path: path)
            }
            if missingIsError { throw MissingFile(path: standardized) }
            return standardized
        }
        guard inside(real) else { throw RuleError(path: path) }
        return real
    }

    /// A read the rule does not allow.
    public struct RuleError: Error, CustomStringConvertible, Equatable {
        /// The path as the cell wrote it.
        public var path: String
        public var description: String { "cannot read '\(path)': \(CheckpointReadRule.statement)" }
    }

    /// A file that is not there, in a folder cells may read.
    public struct MissingFile: Error, CustomStringConvertible, Equatable {
        /// The full path looked for.
        public var path: String
        public var description: String { "\(path): no such file" }
    }

    private static func absolute(_ path: String) -> String {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        return (absolute as NSString).standardizingPath
    }

    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
