import ArgumentParser
import Foundation
import Notebook

/// `notebook test`: re-runs notebooks and compares every cell with its stored output.
struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Re-run notebooks and fail when an output changed.",
        discussion: """
            Each notebook runs in memory, in a process of its own; every cell's fresh \
            output is compared with the one stored in the file (numbers within the \
            notebook's tolerance). A mismatch prints a unified diff headed FILE:LINE. \
            A notebook whose process crashes fails with the signal and the cell it \
            was in; the others still run. Folders are searched for *.md files.

            Examples:
              notebook test
              notebook test notebooks/autograd.md --accept
              notebook test -j 2 --junit report.xml
            """)

    @Argument(help: "Notebooks or folders of notebooks.")
    var paths: [String] = ["notebooks"]

    @Flag(help: "Write the fresh outputs into the notebooks.")
    var accept = false

    @Option(help: ArgumentHelp("Write a JUnit XML report to this file.", valueName: "file"))
    var junit: String?

    @Option(name: .short, help: ArgumentHelp("How many notebooks to run in parallel.", valueName: "N"))
    var jobs: Int = 1

    @OptionGroup var execution: ExecutionOptions

    @OptionGroup var reporting: ReportingOptions

    func validate() throws {
        if jobs < 1 { throw ValidationError("-j needs a positive number of notebooks.") }
    }

    func run() throws {
        reporting.apply()
        let files = try NotebookFinder.notebooks(in: paths)
        let documents = try files.map(NotebookDocument.load(path:))
        documents.forEach(Terminal.printWarnings)
        if accept {
            for document in documents { try NotebookWriter.checkWritable(document.file) }
        }
        execution.apply()
        Interruption.install { _ in "no notebook was written" }
        var runner = IsolatedRunner(childArguments: execution.arguments, progress: { Terminal.cellFinished($0, keepLine: false) })
        runner.cellStarted = { cell, document in
            Terminal.cellStarted(cell, file: document.file, cellCount: document.cells.count)
        }
        let accept = self.accept
        let checks = ParallelMap.map(documents, threads: jobs, onResult: { _, check in
            Terminal.write(OutputEscaping.escaped(Self.report(check, accepted: accept)))
            if Terminal.verbosity == .verbose {
                let skipped = check.skippedCount > 0 ? ", \(check.skippedCount) skipped" : ""
                Terminal.writeError(OutputEscaping.escaped("\(check.file): \(check.passedCount) passed, \(check.failedCount) failed\(skipped)\n"))
            }
        }) { document in
            NotebookCheck(run: runner.run(document))
        }.map { accept ? Self.accepting($0) : $0 }

        if accept {
            for check in checks where check.verdicts.contains(where: { $0.outputChanged }) {
                try Interruption.commit { try NotebookWriter.write(check.run, to: check.file) }
            }
        }
        if let junit {
            do {
                try AtomicFile.write(Array(JUnitReport.xml(for: checks).utf8), to: junit)
            } catch let error as NotebookError {
                Terminal.printError(error)
                throw ExitCode(2)
            }
        }
        let passed = checks.reduce(0) { $0 + $1.passedCount }
        let failed = checks.reduce(0) { $0 + $1.failedCount }
        let skipped = checks.reduce(0) { $0 + $1.skippedCount }
        Terminal.clearStatus()
        if Terminal.verbosity > .quiet || failed > 0 {
            Terminal.write("\(passed) passed, \(failed) failed" + (skipped > 0 ? ", \(skipped) skipped" : "") + "\n")
        }
        if failed > 0 { throw ExitCode(1) }
    }

    /// What `test` prints for one notebook: each failure, and with `--accept`
    /// each output written.
    private static func report(_ check: NotebookCheck, accepted: Bool) -> String {
        var text = ""
        for verdict in check.verdicts {
            guard case .failed(let message) = verdict.outcome else { continue }
            if accepted && isAcceptable(verdict, in: check) {
                text += "\(check.file):\(verdict.cell.line): output accepted\n"
            } else {
                text += message.hasSuffix("\n") ? message : message + "\n"
            }
        }
        let notRun = check.run.results.filter { $0.status == .notRun }.count
        if notRun > 0 {
            text += "\(check.file): \(notRun) cell\(notRun == 1 ? "" : "s") not run after the error\n"
        }
        return text
    }

    /// A changed output of a cell that ran as expected: `--accept` makes it pass.
    private static func isAcceptable(_ verdict: NotebookCheck.CellVerdict, in check: NotebookCheck) -> Bool {
        verdict.outputChanged && check.run.results[verdict.cell.index - 1].status == .ran
    }

    /// The check with accepted changes counted as passed.
    private static func accepting(_ check: NotebookCheck) -> NotebookCheck {
        var check = check
        for index in check.verdicts.indices where isAcceptable(check.verdicts[index], in: check) {
            check.verdicts[index].outcome = .passed
        }
        return check
    }
}
