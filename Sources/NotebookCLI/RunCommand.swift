import ArgumentParser
import Foundation
import Notebook

/// `notebook run`: executes notebooks and writes each cell's output under it.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run notebooks and write the outputs into them.",
        discussion: """
            Cells run in order in one interpreter per notebook, in a process of \
            the notebook's own. Each cell's output is written in place under it \
            (or into the file given with -o); nothing else in the file changes. A \
            cell that fails unexpectedly gets its error as its output and ends the \
            run, unless --keep-going is given. A read-only notebook is refused \
            before anything runs; a notebook that is a symbolic link is written \
            through it. Ctrl-C (SIGINT) or SIGTERM stops the run at once and \
            leaves the notebook as it was (with --keep-partial, the outputs of the \
            cells that finished are written); the exit status is then 130 or 143.
            """)

    @Argument(help: "The notebooks to run.")
    var files: [String]

    @Option(name: .shortAndLong, help: ArgumentHelp("Write the result to this file instead of in place (one notebook only).", valueName: "file"))
    var output: String?

    @Flag(help: "On Ctrl-C or SIGTERM, write the outputs of the cells that finished.")
    var keepPartial = false

    @OptionGroup var execution: ExecutionOptions

    @OptionGroup var reporting: ReportingOptions

    func validate() throws {
        if files.isEmpty { throw ValidationError("Give at least one notebook to run.") }
        if output != nil && files.count > 1 { throw ValidationError("-o/--output takes one notebook only.") }
    }

    func run() throws {
        reporting.apply()
        let documents = try files.map(NotebookDocument.load(path:))
        documents.forEach(Terminal.printWarnings)
        let destination = output
        for document in documents { try NotebookWriter.checkWritable(destination ?? document.file) }
        execution.apply()

        // The results so far of the notebook running now, for an interrupt.
        let current = PartialRun()
        let keepPartial = self.keepPartial
        Interruption.install { _ in
            guard let (document, results) = current.snapshot() else { return "nothing was written" }
            let target = destination ?? document.file
            let finished = results.filter { $0.status != .notRun && $0.status != .skipped }
            guard keepPartial, !finished.isEmpty else { return "\(target) was left as it was" }
            do {
                try NotebookWriter.write(NotebookRun(document: document, results: results), to: target)
            } catch {
                return "\(target) was left as it was (\(error))"
            }
            return "wrote the outputs of \(finished.count) finished cell\(finished.count == 1 ? "" : "s") to \(target)"
        }
        var runner = IsolatedRunner(
            childArguments: execution.arguments, progress: { Terminal.cellFinished($0, keepLine: true) },
            partial: { document, results in current.update(document, results) })
        runner.cellStarted = { cell, document in
            Terminal.cellStarted(cell, file: document.file, cellCount: document.cells.count)
        }
        var failed = false
        for document in documents {
            current.update(document, [])
            let started = Date()
            let result = runner.run(document)
            Terminal.clearStatus()
            Terminal.writeError(OutputEscaping.escaped(Self.report(result)))
            do {
                try Interruption.commit {
                    try NotebookWriter.write(result, to: destination ?? document.file)
                    current.clear()
                }
                Terminal.note(OutputEscaping.escaped(Self.summary(
                    of: result, writtenTo: destination ?? document.file, seconds: Date().timeIntervalSince(started))))
            } catch {
                Terminal.printError(error as? NotebookError ?? NotebookError(file: document.file, message: "\(error)"))
                throw ExitCode(2)
            }
            if result.hasFailures { failed = true }
        }
        if failed { throw ExitCode(1) }
    }

    /// One line for a notebook that ran: `autograd.md: 18 cells, 14 outputs
    /// written, 0.52 s` (skipped, failed and not-run cells counted when any).
    static func summary(of run: NotebookRun, writtenTo target: String, seconds: Double) -> String {
        func count(_ number: Int, _ noun: String) -> String { "\(number) \(noun)\(number == 1 ? "" : "s")" }
        var parts = [count(run.results.count, "cell")]
        let outputs = run.freshOutputs.values.filter { !$0.isEmpty }.count
        parts.append(count(outputs, "output") + " written")
        let skipped = run.results.filter { $0.status == .skipped }.count
        if skipped > 0 { parts.append("\(skipped) skipped") }
        let failed = run.results.filter(\.isFailure).count
        if failed > 0 { parts.append("\(failed) failed") }
        let notRun = run.results.filter { $0.status == .notRun }.count
        if notRun > 0 { parts.append("\(notRun) not run") }
        parts.append(String(format: "%.2f s", seconds))
        let place = target == run.document.file ? target : "\(run.document.file) → \(target)"
        return "\(place): " + parts.joined(separator: ", ") + "\n"
    }

    /// The failures of a run, one line each, for standard error.
    private static func report(_ run: NotebookRun) -> String {
        let file = run.document.file
        var text = run.results.compactMap { $0.failureMessage(file: file) }.map { $0 + "\n" }.joined()
        let notRun = run.results.filter { $0.status == .notRun }.count
        if notRun > 0 {
            text += "notebook: \(file): \(notRun) cell\(notRun == 1 ? "" : "s") not run after the error (--keep-going runs them)\n"
        }
        return text
    }
}

/// The notebook `run` is on and the results of its cells so far.
final class PartialRun: @unchecked Sendable {
    private let lock = NSLock()
    private var document: NotebookDocument?
    private var results: [CellResult] = []

    func update(_ document: NotebookDocument, _ results: [CellResult]) {
        lock.lock()
        defer { lock.unlock() }
        self.document = document
        self.results = results
    }

    func clear() {
        lock.lock()
        defer { lock.unlock() }
        document = nil
    }

    func snapshot() -> (NotebookDocument, [CellResult])? {
        lock.lock()
        defer { lock.unlock() }
        return document.map { ($0, results) }
    }
}
