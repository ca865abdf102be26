import ArgumentParser
import Foundation

/// `notebook site`: every notebook of a folder to a static site.
struct SiteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "site",
        abstract: "Render every notebook in a folder to a static HTML site.")

    @Argument(help: "The folder of notebooks.")
    var directory: String = "notebooks"

    @Option(name: .shortAndLong, help: "The folder to write the site to.")
    var output: String = "site"

    func run() throws {
        Terminal.writeError("notebook: error: site is not available yet\n")
        throw ExitCode(2)
    }
}
