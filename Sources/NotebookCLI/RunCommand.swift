import ArgumentParser
import Foundation
import Notebook

/// `notebook run`: executes notebooks and writes each cell's output under it.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run notebooks and write the outputs into them.",
        discussion: """
            Cells run in order in one interpreter per notebook. Each cell's output is \
            written in place under it (or into the file given with -o); nothing else \
            in the file changes. A cell that fails unexpectedly gets its error as its \
            output and ends the run, unless --keep-going is given.
            """)

    @Argument(help: "The notebooks to run.")
    var files: [String]

    @Option(name: .shortAndLong, help: "Write the result to this file instead of in place (one notebook only).")
    var output: String?

    @OptionGroup var execution: ExecutionOptions

    func validate() throws {
        if files.isEmpty { throw ValidationError("Give at least one notebook to run.") }
        if output != nil && files.count > 1 { throw ValidationError("-o/--output takes one notebook only.") }
    }

    func run() throws {
        let documents = try files.map(NotebookDocument.load(path:))
        let runner = NotebookRunner(keepGoing: execution.keepGoing, progress: Terminal.showProgress)
        var failed = false
        for document in documents {
            let result = runner.run(document)
            for cell in result.results {
                if let message = cell.failureMessage(file: document.file) {
                    Terminal.writeError(message + "\n")
                }
            }
            let notRun = result.results.filter { $0.status == .notRun }.count
            if notRun > 0 {
                Terminal.writeError("notebook: \(document.file): \(notRun) cell\(notRun == 1 ? "" : "s") not run after the error (--keep-going runs them)\n")
            }
            try NotebookWriter.write(result, to: output ?? document.file)
            failed = failed || result.hasFailures
        }
        if failed { throw ExitCode(1) }
    }
}
