import Foundation
import Notebook

/// Writing to standard error, and whether it is a terminal.
enum Terminal {
    /// True when standard error is a terminal (progress is shown only then).
    static let standardErrorIsTerminal = isatty(STDERR_FILENO) == 1

    private static let lock = NSLock()

    /// A `TextOutputStream` for standard error.
    struct StandardError: TextOutputStream {
        mutating func write(_ string: String) {
            Terminal.writeError(string)
        }
    }

    /// Writes text to standard error in one piece (safe from several threads).
    static func writeError(_ text: String) {
        lock.lock()
        defer { lock.unlock() }
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// Writes text to standard output in one piece (safe from several threads).
    static func write(_ text: String) {
        lock.lock()
        defer { lock.unlock() }
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// Prints `notebook: error: FILE[:LINE]: MESSAGE` on standard error.
    static func printError(_ error: NotebookError) {
        let place = error.line.map { "\(error.file):\($0)" } ?? error.file
        writeError("notebook: error: \(place): \(error.message)\n")
    }

    /// Shows `[k/n] file.md:LINE 0.12s` on standard error when it is a terminal.
    static func showProgress(_ progress: NotebookRunner.Progress) {
        guard standardErrorIsTerminal else { return }
        let seconds = String(format: "%.2f", progress.seconds)
        writeError("[\(progress.cell.index)/\(progress.cellCount)] \(progress.file):\(progress.cell.line) \(seconds)s\n")
    }
}
