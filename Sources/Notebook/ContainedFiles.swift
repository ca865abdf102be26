import Foundation

/// Reads, writes and removes files by a path relative to a folder without
/// ever leaving that folder through a symbolic link.
///
/// A notebook's folder and a site folder are untrusted: a picture may be a
/// link to `/proc/self/environ`, an assets folder may be a link to `$HOME`.
/// Every component below the folder is examined with `lstat`; a symbolic
/// link anywhere below it is refused, and only regular files are read.
public enum ContainedFiles {
    /// Why a path below a folder cannot be used.
    public enum Refusal: Error, Equatable, Sendable, CustomStringConvertible {
        /// A component (relative to the folder) is a symbolic link.
        case symbolicLink(String)
        /// The file (or a folder on its way) exists but is not a regular file or folder.
        case notRegular(String)
        /// The file does not exist.
        case missing(String)
        /// The file is larger than the limit.
        case tooLarge(String, limit: Int)
        /// The file exists but could not be read.
        case unreadable(String)
        /// The file's content may not be used (an SVG with a script, say).
        case unsafe(String, reason: String)

        public var description: String {
            switch self {
            case .symbolicLink(let path): return "'\(path)' is a symbolic link, which is not followed"
            case .notRegular(let path): return "'\(path)' is not a regular file"
            case .missing(let path): return "'\(path)' does not exist"
            case .tooLarge(let path, let limit): return "'\(path)' is larger than \(limit) bytes"
            case .unreadable(let path): return "'\(path)' cannot be read"
            case .unsafe(let path, let reason): return "'\(path)' is not published: \(reason)"
            }
        }
    }

    /// The kind of a file system entry, without following a final link.
    public enum Kind: Equatable, Sendable { case missing, regular, directory, symbolicLink, other }

    /// What is at `path`, without following it if it is a symbolic link.
    public static func kind(atPath path: String) -> Kind {
        var info = stat()
        guard lstat(path, &info) == 0 else { return .missing }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .regular
        case S_IFDIR: return .directory
        case S_IFLNK: return .symbolicLink
        default: return .other
        }
    }

    /// The components of a relative path (`a/b/c.svg` → `a`, `a/b`, `a/b/c.svg`).
    private static func prefixes(of relative: String) -> [String] {
        var prefixes: [String] = []
        var current = ""
        for component in relative.split(separator: "/") where component != "." {
            current = current.isEmpty ? String(component) : current + "/" + component
            prefixes.append(current)
        }
        return prefixes
    }

    private static func join(_ folder: String, _ relative: String) -> String {
        folder.isEmpty ? relative : (folder as NSString).appendingPathComponent(relative)
    }

    /// Checks that every existing folder on the way to `relative` below
    /// `folder` is a real folder, and that the file itself, if it exists, is
    /// a regular file: writing or removing it then stays inside `folder`.
    public static func checkWritable(_ relative: String, in folder: String) throws(Refusal) {
        let parts = prefixes(of: relative)
        for (position, part) in parts.enumerated() {
            let isLast = position == parts.count - 1
            switch kind(atPath: join(folder, part)) {
            case .missing: return
            case .symbolicLink: throw .symbolicLink(part)
            case .directory where !isLast: continue
            case .regular where isLast: continue
            default: throw .notRegular(part)
            }
        }
    }

    /// Checks that `relative` below `folder` is a folder reached without a
    /// symbolic link, or does not exist yet.
    public static func checkFolder(_ relative: String, in folder: String) throws(Refusal) {
        for part in prefixes(of: relative) {
            switch kind(atPath: join(folder, part)) {
            case .missing: return
            case .symbolicLink: throw .symbolicLink(part)
            case .directory: continue
            default: throw .notRegular(part)
            }
        }
    }

    /// The bytes of the regular file `relative` below `folder`, refusing a
    /// symbolic link at any component and anything but a regular file.
    public static func read(_ relative: String, in folder: String, limit: Int = 256 << 20) throws(Refusal) -> [UInt8] {
        let parts = prefixes(of: relative)
        guard !parts.isEmpty else { throw .notRegular(relative) }
        for (position, part) in parts.enumerated() {
            let isLast = position == parts.count - 1
            switch kind(atPath: join(folder, part)) {
            case .missing: throw .missing(relative)
            case .symbolicLink: throw .symbolicLink(part)
            case .directory where !isLast: continue
            case .regular where isLast: continue
            default: throw .notRegular(part)
            }
        }
        let path = join(folder, relative)
        let descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else { throw .unreadable(relative) }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw .unreadable(relative) }
        guard info.st_mode & S_IFMT == S_IFREG else { throw .notRegular(relative) }
        guard info.st_size <= limit else { throw .tooLarge(relative, limit: limit) }
        var bytes = [UInt8](repeating: 0, count: Int(info.st_size))
        var filled = 0
        while filled < bytes.count {
            let count = bytes.withUnsafeMutableBytes { buffer in
                Foundation.read(descriptor, buffer.baseAddress! + filled, buffer.count - filled)
            }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            filled += count
        }
        if filled < bytes.count { bytes.removeLast(bytes.count - filled) }
        return bytes
    }

    /// Removes the regular file `relative` below `folder` if it is one and is
    /// reached without a symbolic link; returns whether it removed it.
    @discardableResult
    public static func remove(_ relative: String, in folder: String) -> Bool {
        guard (try? checkWritable(relative, in: folder)) != nil,
              kind(atPath: join(folder, relative)) == .regular else { return false }
        return unlink(join(folder, relative)) == 0
    }

    /// Removes the folder `relative` below `folder` if it is a real, empty folder.
    @discardableResult
    public static func removeEmptyFolder(_ relative: String, in folder: String) -> Bool {
        guard (try? checkFolder(relative, in: folder)) != nil,
              kind(atPath: join(folder, relative)) == .directory else { return false }
        return rmdir(join(folder, relative)) == 0
    }
}
