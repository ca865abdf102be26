import Foundation
import Notebook

/// Runs each notebook in a process of its own: the tool's own binary started
/// with the hidden `__child` command, which reports every cell over a pipe.
///
/// A crash, an abort or a runaway in one notebook is then that notebook's
/// failure, reported with its signal and the cell it was in, while the others
/// still run; and a notebook's memory is returned when its process ends. A
/// cell still running well past its time limit (its timeout plus the larger
/// of 5 s and half the timeout) has its process killed.
struct IsolatedRunner {
    /// The options the child runs with (`--keep-going`, limits).
    var childArguments: [String]
    /// Called after each cell that ran, in the parent.
    var progress: ((NotebookRunner.Progress) -> Void)?
    /// Called with the results so far each time one arrives (for `--keep-partial`).
    var partial: ((NotebookDocument, [CellResult]) -> Void)?
    /// Called when a cell starts, in the parent (for the status line).
    var cellStarted: ((CodeCell, NotebookDocument) -> Void)?

    /// Runs `document` in a child process and returns what its cells did.
    func run(_ document: NotebookDocument) -> NotebookRun {
        var results: [Int: CellResult] = [:]
        var running: CodeCell?
        let cellsByIndex = Dictionary(uniqueKeysWithValues: document.cells.map { ($0.index, $0) })
        let outcome = Child.run(
            arguments: ["__child", document.file] + childArguments, input: document.bytes,
            timeLimit: { running.map { Self.grace(for: $0, in: document) } }
        ) { message in
            guard let index = message.cell, let cell = cellsByIndex[index] else { return }
            switch message.kind {
            case .start:
                running = cell
                cellStarted?(cell, document)
            case .result:
                guard let result = message.result(for: cell) else { return }
                results[index] = result
                if running?.index == index { running = nil }
                if result.status != .skipped && result.status != .notRun {
                    progress?(NotebookRunner.Progress(file: document.file, result: result, cellCount: document.cells.count))
                    partial?(document, document.cells.compactMap { results[$0.index] })
                }
            case .done:
                break
            }
        }
        if case .finished(0, _) = outcome, results.count == document.cells.count {
            return NotebookRun(document: document, results: document.cells.map { results[$0.index]! })
        }
        // The child died: the cell it was in failed with the reason, the rest did not run.
        let reason = outcome.description
        var all: [CellResult] = []
        var failed = false
        for cell in document.cells {
            if let result = results[cell.index] {
                all.append(result)
            } else if !failed && (running?.index == cell.index || running == nil && !cell.options.skip) {
                let text = "\(document.file):\(cell.line): error: \(reason) while this cell ran"
                let stderrTail = outcome.standardError
                let message = stderrTail.isEmpty ? text : text + "\n" + stderrTail
                all.append(CellResult(cell: cell, status: .failed(message),
                                      output: FreshOutput(text: message + "\n", isError: true), seconds: 0))
                failed = true
            } else {
                all.append(CellResult(cell: cell, status: cell.options.skip ? .skipped : .notRun, output: nil, seconds: 0))
            }
        }
        return NotebookRun(document: document, results: all)
    }

    /// How long the cell may run before its process is killed, in seconds.
    static func grace(for cell: CodeCell, in document: NotebookDocument) -> Double {
        let timeout = Double(CellOptions.milliseconds(ofTimeout: cell.options.timeout ?? document.frontMatter.timeout)) / 1000
        return timeout + max(5, timeout / 2)
    }
}

/// One child process of the tool and the pipes to it.
enum Child {
    /// How a child ended.
    enum Outcome: CustomStringConvertible {
        /// It exited with a status; the last lines it wrote on standard error.
        case finished(Int32, String)
        /// A signal ended it.
        case signalled(Int32, String)
        /// It ran past its time limit and was killed.
        case killed(Double, String)
        /// It could not be started.
        case notStarted(String)

        var description: String {
            switch self {
            case .finished(let status, _): return "the notebook's process exited with status \(status)"
            case .signalled(let signal, _): return "the notebook's process was killed by signal \(signal) (\(Child.signalName(signal)))"
            case .killed(let seconds, _):
                return "the cell did not stop at its time limit; its process was killed after \(String(format: "%.0f", seconds)) s"
            case .notStarted(let why): return "the notebook's process could not be started (\(why))"
            }
        }

        /// The end of what the child wrote on standard error, escaped.
        var standardError: String {
            switch self {
            case .finished(_, let text), .signalled(_, let text), .killed(_, let text): return text
            case .notStarted: return ""
            }
        }
    }

    /// The processes running now, so that an interrupt can stop them.
    private static let lock = NSLock()
    nonisolated(unsafe) private static var running: Set<pid_t> = []
    nonisolated(unsafe) private static var stopped = false

    /// Kills every child and starts no more (the tool is being interrupted).
    static func killAll() {
        lock.lock()
        defer { lock.unlock() }
        stopped = true
        for pid in running { kill(pid, SIGKILL) }
    }

    static func signalName(_ signal: Int32) -> String {
        let names: [Int32: String] = [
            SIGSEGV: "SIGSEGV", SIGABRT: "SIGABRT", SIGILL: "SIGILL", SIGTRAP: "SIGTRAP", SIGBUS: "SIGBUS",
            SIGFPE: "SIGFPE", SIGKILL: "SIGKILL", SIGTERM: "SIGTERM", SIGINT: "SIGINT", SIGXCPU: "SIGXCPU",
        ]
        return names[signal] ?? "signal \(signal)"
    }

    /// The path of the running binary.
    static let executable: String = {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        if count > 0 { return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self) }
        return CommandLine.arguments[0]
    }()

    /// Starts the tool's binary with `arguments`, writes `input` (length first)
    /// to its standard input, hands each message to `onMessage`, and waits.
    /// `timeLimit` says how long the current cell may still run (nil: no limit).
    static func run(
        arguments: [String], input: [UInt8], timeLimit: () -> Double?, onMessage: (ChildMessage) -> Void
    ) -> Outcome {
        // Pipes and spawning under one lock, so that no other child inherits these pipes.
        lock.lock()
        var stdinPipe: [Int32] = [0, 0], stdoutPipe: [Int32] = [0, 0], stderrPipe: [Int32] = [0, 0]
        guard pipe(&stdinPipe) == 0, pipe(&stdoutPipe) == 0, pipe(&stderrPipe) == 0 else {
            lock.unlock()
            return .notStarted(String(cString: strerror(errno)))
        }
        for fd in stdinPipe + stdoutPipe + stderrPipe { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, stdinPipe[0], STDIN_FILENO)
        posix_spawn_file_actions_adddup2(&actions, stdoutPipe[1], STDOUT_FILENO)
        posix_spawn_file_actions_adddup2(&actions, stderrPipe[1], STDERR_FILENO)

        var environment = ProcessInfo.processInfo.environment
        if environment["SWIFT_BACKTRACE"] == nil { environment["SWIFT_BACKTRACE"] = "enable=no" }
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid: pid_t = 0
        let status: Int32 = stopped ? ECANCELED : posix_spawn(&pid, executable, &actions, nil, argv, envp)
        if status == 0 { running.insert(pid) }
        lock.unlock()
        close(stdinPipe[0]); close(stdoutPipe[1]); close(stderrPipe[1])
        guard status == 0 else {
            close(stdinPipe[1]); close(stdoutPipe[0]); close(stderrPipe[0])
            return .notStarted(String(cString: strerror(status)))
        }
        defer {
            lock.lock()
            running.remove(pid)
            lock.unlock()
        }

        // The notebook goes in from a thread of its own (it may be larger than the pipe).
        let writer = stdinPipe[1]
        let header = Array("\(input.count)\n".utf8)
        let payload = header + input
        signal(SIGPIPE, SIG_IGN)
        Thread.detachNewThread {
            var written = 0
            while written < payload.count {
                let count = payload.withUnsafeBytes { write(writer, $0.baseAddress! + written, payload.count - written) }
                if count < 0 && errno == EINTR { continue }
                if count <= 0 { break }
                written += count
            }
        }

        var lineBuffer: [UInt8] = []
        var errorText: [UInt8] = []
        var open = (output: true, error: true)
        var killedAfter: Double?
        var cellStart = Date()
        var lastLimit: Double?
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while open.output || open.error {
            var fds: [pollfd] = []
            if open.output { fds.append(pollfd(fd: stdoutPipe[0], events: Int16(POLLIN), revents: 0)) }
            if open.error { fds.append(pollfd(fd: stderrPipe[0], events: Int16(POLLIN), revents: 0)) }
            let ready = poll(&fds, nfds_t(fds.count), 500)
            if ready < 0 && errno != EINTR { break }
            for entry in fds where entry.revents != 0 {
                let count = read(entry.fd, &chunk, chunk.count)
                if count < 0 && errno == EINTR { continue }
                if entry.fd == stdoutPipe[0] {
                    guard count > 0 else { open.output = false; continue }
                    lineBuffer.append(contentsOf: chunk[..<count])
                    while let newline = lineBuffer.firstIndex(of: UInt8(ascii: "\n")) {
                        let line = Data(lineBuffer[..<newline])
                        lineBuffer.removeSubrange(...newline)
                        guard let message = try? JSONDecoder().decode(ChildMessage.self, from: line) else { continue }
                        if message.kind == .start { cellStart = Date() }
                        onMessage(message)
                    }
                } else {
                    guard count > 0 else { open.error = false; continue }
                    errorText.append(contentsOf: chunk[..<count])
                    if errorText.count > 1 << 16 { errorText.removeFirst(errorText.count - (1 << 16)) }
                }
            }
            lastLimit = timeLimit()
            if killedAfter == nil, let limit = lastLimit, Date().timeIntervalSince(cellStart) > limit {
                killedAfter = limit
                kill(pid, SIGKILL)
            }
        }
        close(stdoutPipe[0]); close(stderrPipe[0])
        var waitStatus: Int32 = 0
        while waitpid(pid, &waitStatus, 0) < 0 && errno == EINTR {}
        close(writer)
        let tail = tailLines(errorText)
        if let killedAfter { return .killed(killedAfter, tail) }
        let signalled = waitStatus & 0x7f
        if signalled != 0 && signalled != 0x7f { return .signalled(signalled, tail) }
        let exitStatus = (waitStatus >> 8) & 0xff
        if exitStatus == 0, !tail.isEmpty { Terminal.writeError(tail + "\n") }
        return .finished(exitStatus, tail)
    }

    /// The last lines of a child's standard error, escaped for the terminal.
    private static func tailLines(_ bytes: [UInt8]) -> String {
        let text = String(decoding: bytes, as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true).suffix(12)
        return OutputEscaping.escaped(lines.joined(separator: "\n"))
    }
}
