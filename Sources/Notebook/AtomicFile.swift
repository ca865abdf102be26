import Foundation

/// Replaces files atomically: the new bytes go to a temporary file in the same
/// folder, are flushed to disk, and the temporary file is renamed over the
/// target. A crash at any moment leaves either the old file or the new one.
/// A symbolic link is replaced by the file, unless the caller asks for it to
/// be written through (then the file it points to is replaced and the link
/// stays). The temporary files being written are known, so a signal
/// handler can remove them (`removeTemporaryFiles()`).
public enum AtomicFile {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var temporaryFiles: Set<String> = []

    /// Removes the temporary files of the writes under way (for a signal
    /// handler that is about to end the process).
    public static func removeTemporaryFiles() {
        lock.lock()
        defer { lock.unlock() }
        for file in temporaryFiles { unlink(file) }
        temporaryFiles.removeAll()
    }

    /// The file `path` names: itself, or the file its symbolic link resolves to.
    public static func target(of path: String) throws -> String {
        guard ContainedFiles.kind(atPath: path) == .symbolicLink else { return path }
        guard let resolved = realpath(path, nil) else {
            throw NotebookError(file: path, message: "is a symbolic link to a file that does not exist")
        }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Writes `bytes` to `path`, keeping the permissions of the file it
    /// replaces; with `throughLink`, a symbolic link at `path` is written
    /// through, to the file it points to.
    public static func write(_ bytes: [UInt8], to path: String, throughLink: Bool = false) throws {
        let path = throughLink ? try target(of: path) : path
        let folder = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        let template = (folder.isEmpty ? "" : folder + "/") + ".\(name).XXXXXX.tmp"
        var templateBytes = Array(template.utf8CString)
        let descriptor = templateBytes.withUnsafeMutableBufferPointer { buffer in
            mkstemps(buffer.baseAddress!, 4)
        }
        guard descriptor >= 0 else {
            throw NotebookError(file: path, message: "cannot write in its folder (\(String(cString: strerror(errno))))")
        }
        let temporary = String(cString: templateBytes)
        lock.withLock { _ = temporaryFiles.insert(temporary) }
        var succeeded = false
        defer {
            lock.withLock {
                if !succeeded { unlink(temporary) }
                temporaryFiles.remove(temporary)
            }
        }
        var existing = stat()
        let mode: mode_t = stat(path, &existing) == 0 ? existing.st_mode & 0o7777 : 0o644
        fchmod(descriptor, mode)
        var written = 0
        var failure: Int32 = 0
        bytes.withUnsafeBytes { buffer in
            while written < buffer.count {
                let count = Foundation.write(descriptor, buffer.baseAddress! + written, buffer.count - written)
                if count < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                written += count
            }
        }
        if failure == 0 && fsync(descriptor) != 0 { failure = errno }
        close(descriptor)
        guard failure == 0 else {
            throw NotebookError(file: path, message: "cannot write the file (\(String(cString: strerror(failure))))")
        }
        let renamed = lock.withLock { rename(temporary, path) == 0 }
        guard renamed else {
            throw NotebookError(file: path, message: "cannot replace the file (\(String(cString: strerror(errno))))")
        }
        succeeded = true
    }
}
