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

    @Option(name: .shortAndLong, help: ArgumentHelp("Write the result to this file instead of in place (one notebook only).", valueName: "file"))
    var output: String?

    @OptionGroup var execution: ExecutionOptions

    func validate() throws {
        if files.isEmpty { throw ValidationError("Give at least one notebook to run.") }
        if output != nil && files.count > 1 { throw ValidationError("-o/--output takes one notebook only.") }
    }

    func run() throws {
        let documents = try files.map(NotebookDocument.load(path:))
        execution.apply()
        let runner = NotebookRunner(keepGoing: execution.keepGoing, progress: Terminal.showProgress)
        let destination = output
        // One worker thread, for the interpreter's large stack; each notebook is
        // written as soon as it has run.
        let outcomes = ParallelMap.map(documents, threads: 1) { document -> (failed: Bool, error: NotebookError?) in
            let result = runner.run(document)
            Terminal.writeError(Self.report(result))
            do {
                try NotebookWriter.write(result, to: destination ?? document.file)
            } catch {
                return (result.hasFailures, error as? NotebookError ?? NotebookError(file: document.file, message: "\(error)"))
            }
            return (result.hasFailures, nil)
        }
        if let error = outcomes.lazy.compactMap(\.error).first {
            Terminal.printError(error)
            throw ExitCode(2)
        }
        if outcomes.contains(where: \.failed) { throw ExitCode(1) }
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
