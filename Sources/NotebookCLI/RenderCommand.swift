import ArgumentParser
import Foundation

/// `notebook render`: one notebook to HTML.
struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Render one notebook to HTML from its stored outputs.")

    @Argument(help: "The notebook to render.")
    var file: String

    @Option(name: .shortAndLong, help: "The HTML file to write.")
    var output: String?

    func run() throws {
        Terminal.writeError("notebook: error: render is not available yet\n")
        throw ExitCode(2)
    }
}
