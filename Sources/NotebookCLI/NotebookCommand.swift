import ArgumentParser
import Foundation
import Notebook

/// The `notebook` command: runs, tests and renders literate Swift-like tutorials.
@main
struct NotebookCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notebook",
        abstract: "Run, test and render Markdown notebooks of Swift-like code cells.",
        discussion: """
            A notebook is a Markdown file. Fenced code blocks marked `swift` are cells; \
            each cell's output is stored in the `output` block right under it.

            Examples:
              notebook run notebooks/autograd.md  write outputs in place
              notebook run draft.md -o final.md         write to another file
              notebook test                             test notebooks/ (every *.md)
              notebook test autograd.md --accept        store the new outputs
              notebook test -j 2 --junit report.xml
              notebook render autograd.md -o autograd.html
              notebook site notebooks -o site

            Exit status: 0 success, 1 a cell failed or an output changed, \
            2 bad usage or an unreadable input.
            """,
        version: "notebook 0.1.0",
        subcommands: [RunCommand.self, TestCommand.self, RenderCommand.self, SiteCommand.self, ChildCommand.self])

    /// Parses the command line and runs the chosen subcommand, with this tool's
    /// exit codes: usage errors and unreadable inputs exit with 2.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as NotebookError {
            Terminal.printError(error)
            Foundation.exit(2)
        } catch {
            if exitCode(for: error) == .validationFailure {
                var standardError = Terminal.StandardError()
                print(fullMessage(for: error), to: &standardError)
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}
