import Foundation
import Notebook

/// Writing to standard output and standard error, and the live status line.
///
/// On a terminal, a cell that runs shows a status line on standard error
/// (`[3/19] autograd.md:48 running 12.3 s`), redrawn every tenth of a
/// second; every other write clears it first and draws it again after, so
/// messages never mix with it.
enum Terminal {
    /// True when standard error is a terminal (progress is shown only then).
    static let standardErrorIsTerminal = isatty(STDERR_FILENO) == 1 && ProcessInfo.processInfo.environment["TERM"] != "dumb"

    /// How much `run` and `test` report.
    enum Verbosity: Comparable {
        /// Errors only.
        case quiet
        /// Failures, a summary, and the live status line on a terminal.
        case normal
        /// Also one line per cell, on a terminal or not.
        case verbose
    }

    nonisolated(unsafe) static var verbosity = Verbosity.normal

    private static let lock = NSLock()
    nonisolated(unsafe) private static var status: (text: String, started: Date)?
    nonisolated(unsafe) private static var tickerRunning = false
    private static let clearLine = "\r\u{1B}[2K"

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
        FileHandle.standardError.write(Data(((statusShown ? clearLine : "") + text + statusLine()).utf8))
    }

    /// Writes text to standard output in one piece (safe from several threads).
    static func write(_ text: String) {
        lock.lock()
        defer { lock.unlock() }
        if statusShown { FileHandle.standardError.write(Data(clearLine.utf8)) }
        FileHandle.standardOutput.write(Data(text.utf8))
        if statusShown { FileHandle.standardError.write(Data(statusLine().utf8)) }
    }

    /// Prints `notebook: error: FILE[:LINE]: MESSAGE` on standard error.
    static func printError(_ error: NotebookError) {
        let place = error.line.map { "\(error.file):\($0)" } ?? error.file
        writeError("notebook: error: \(place): \(error.message)\n")
    }

    /// Prints `notebook: warning: FILE:LINE: MESSAGE` for each warning of a
    /// notebook (front matter keys of other tools that are ignored), unless quiet.
    static func printWarnings(_ document: NotebookDocument) {
        guard verbosity > .quiet else { return }
        for warning in document.frontMatter.warnings {
            let place = warning.line.map { "\(warning.file):\($0)" } ?? warning.file
            writeError("notebook: warning: \(place): \(warning.message)\n")
        }
    }

    /// Prints an informational line on standard error, unless quiet.
    static func note(_ text: String) {
        guard verbosity > .quiet else { return }
        writeError(text)
    }

    /// Shows `[k/n] file.md:LINE running 1.2 s` on a terminal while a cell runs.
    static func cellStarted(_ cell: CodeCell, file: String, cellCount: Int) {
        guard standardErrorIsTerminal, verbosity > .quiet else { return }
        lock.lock()
        defer { lock.unlock() }
        status = ("[\(cell.index)/\(cellCount)] \(OutputEscaping.escaped(file)):\(cell.line) running", Date())
        FileHandle.standardError.write(Data((clearLine + statusLine()).utf8))
        guard !tickerRunning else { return }
        tickerRunning = true
        Thread.detachNewThread {
            while true {
                Thread.sleep(forTimeInterval: 0.1)
                lock.lock()
                if status != nil { FileHandle.standardError.write(Data((clearLine + statusLine()).utf8)) }
                lock.unlock()
            }
        }
    }

    /// Replaces the status line by the cell's time (`[k/n] file.md:LINE 0.12 s`):
    /// on a terminal for `run`, and for every command with `--verbose`.
    static func cellFinished(_ progress: NotebookRunner.Progress, keepLine: Bool) {
        lock.lock()
        let shown = statusShown
        status = nil
        if shown { FileHandle.standardError.write(Data(clearLine.utf8)) }
        lock.unlock()
        guard verbosity == .verbose || (keepLine && standardErrorIsTerminal && verbosity > .quiet) else { return }
        let seconds = String(format: "%.2f", progress.seconds)
        writeError("[\(progress.cell.index)/\(progress.cellCount)] \(OutputEscaping.escaped(progress.file)):\(progress.cell.line) \(seconds) s\n")
    }

    /// Removes the status line (a notebook ended).
    static func clearStatus() {
        lock.lock()
        defer { lock.unlock() }
        if statusShown { FileHandle.standardError.write(Data(clearLine.utf8)) }
        status = nil
    }

    private static var statusShown: Bool { status != nil }

    /// The status line with the cell's time so far (lock held).
    private static func statusLine() -> String {
        guard let status else { return "" }
        return status.text + " " + String(format: "%.1f", Date().timeIntervalSince(status.started)) + " s"
    }
}
