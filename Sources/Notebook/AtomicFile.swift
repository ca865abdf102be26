import Foundation

/// Replaces files atomically: the new bytes go to a temporary file in the same
/// folder, are flushed to disk, and the temporary file is renamed over the
/// target. A crash at any moment leaves either the old file or the new one.
public enum AtomicFile {
    /// Writes `bytes` to `path`, keeping the permissions of the file it replaces.
    public static func write(_ bytes: [UInt8], to path: String) throws {
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
        var succeeded = false
        defer {
            if !succeeded { unlink(temporary) }
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
        guard rename(temporary, path) == 0 else {
            throw NotebookError(file: path, message: "cannot replace the file (\(String(cString: strerror(errno))))")
        }
        succeeded = true
    }
}
