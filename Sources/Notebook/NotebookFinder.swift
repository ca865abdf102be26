import Foundation

/// Finds the notebooks named on a command line.
public enum NotebookFinder {
    /// The notebook files for `paths`: a file stands for itself; a folder for
    /// every `*.md` file under it (recursively, sorted by path).
    ///
    /// Throws `NotebookError` for a path that does not exist or a folder
    /// without notebooks.
    public static func notebooks(in paths: [String]) throws -> [String] {
        var files: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw NotebookError(file: path, message: "no such file or folder")
            }
            guard isDirectory.boolValue else {
                files.append(path)
                continue
            }
            guard let enumerator = FileManager.default.enumerator(atPath: path) else {
                throw NotebookError(file: path, message: "cannot read the folder")
            }
            var found: [String] = []
            while let relative = enumerator.nextObject() as? String {
                guard relative.hasSuffix(".md") else { continue }
                let full = (path as NSString).appendingPathComponent(relative)
                var isFolder: ObjCBool = false
                if FileManager.default.fileExists(atPath: full, isDirectory: &isFolder), !isFolder.boolValue {
                    found.append(full)
                }
            }
            guard !found.isEmpty else { throw NotebookError(file: path, message: "no notebooks (*.md) in this folder") }
            files += found.sorted()
        }
        return files
    }
}
