import ArgumentParser
import Foundation
import Notebook

/// The hidden `notebook __child` command: runs one notebook for the tool's own
/// process and reports each cell on standard output (see `ChildMessage`).
///
/// The notebook's bytes come on standard input (a decimal byte count, a line
/// feed, the bytes), so the child runs exactly the text its parent read; the
/// child then keeps reading standard input and ends as soon as it closes, so
/// it never outlives its parent. It writes no file.
struct ChildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "__child", abstract: "Run one notebook for the notebook tool itself.", shouldDisplay: false)

    /// A fault to inject, for the tests of isolation only: `NAME.md:LINE:SIGNAL`
    /// makes the child raise SIGNAL when the cell at LINE of NAME.md starts.
    static let faultVariable = "NOTEBOOK_CHILD_FAULT"

    @Argument(help: "The notebook's path, for its folder and its messages.")
    var file: String

    @OptionGroup var execution: ExecutionOptions

    func run() throws {
        // Stray writes to standard output must not corrupt the messages.
        let channel = dup(STDOUT_FILENO)
        dup2(STDERR_FILENO, STDOUT_FILENO)
        var noCore = rlimit(rlim_cur: 0, rlim_max: 0)
        setrlimit(Int32(RLIMIT_CORE.rawValue), &noCore)

        guard let bytes = Self.readNotebook() else { Foundation.exit(3) }
        Thread.detachNewThread {
            var buffer = [UInt8](repeating: 0, count: 256)
            while true {
                let count = read(STDIN_FILENO, &buffer, buffer.count)
                if count > 0 { continue }
                if count < 0 && errno == EINTR { continue }
                _exit(4)
            }
        }
        let document: NotebookDocument
        do {
            document = try NotebookDocument(bytes: bytes, file: file)
        } catch {
            Foundation.exit(3)
        }
        execution.apply()
        let fault = Self.fault(for: file)
        var runner = NotebookRunner(keepGoing: execution.keepGoing)
        runner.cellWillRun = { cell in
            Self.send(ChildMessage(kind: .start, cell: cell.index), to: channel)
            if let fault, fault.line == cell.line { raise(fault.signal) }
        }
        runner.progress = { progress in Self.send(ChildMessage(result: progress.result), to: channel) }
        let run = runner.run(document)
        // Cells not run (skipped, or after a failure) report too.
        for result in run.results where result.status == .skipped || result.status == .notRun {
            Self.send(ChildMessage(result: result), to: channel)
        }
        Self.send(ChildMessage(kind: .done), to: channel)
        close(channel)
    }

    private static func readNotebook() -> [UInt8]? {
        var header: [UInt8] = []
        var byte: UInt8 = 0
        while read(STDIN_FILENO, &byte, 1) == 1 {
            if byte == UInt8(ascii: "\n") { break }
            header.append(byte)
            if header.count > 20 { return nil }
        }
        guard let count = Int(String(decoding: header, as: UTF8.self)), count >= 0 else { return nil }
        var bytes = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let got = bytes.withUnsafeMutableBytes { read(STDIN_FILENO, $0.baseAddress! + filled, count - filled) }
            if got < 0 && errno == EINTR { continue }
            guard got > 0 else { return nil }
            filled += got
        }
        return bytes
    }

    private static func fault(for file: String) -> (line: Int, signal: Int32)? {
        guard let value = ProcessInfo.processInfo.environment[faultVariable] else { return nil }
        let parts = value.split(separator: ":")
        guard parts.count == 3, parts[0] == (file as NSString).lastPathComponent,
              let line = Int(parts[1]), let signal = Int32(parts[2]) else { return nil }
        return (line, signal)
    }

    private static func send(_ message: ChildMessage, to channel: Int32) {
        let bytes = message.line()
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { write(channel, $0.baseAddress! + written, bytes.count - written) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { _exit(4) }
            written += count
        }
    }
}
