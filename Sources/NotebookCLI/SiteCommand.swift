import ArgumentParser
import Foundation
import Notebook
import NotebookSite

/// `notebook site`: every notebook of a folder to a static site.
struct SiteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "site",
        abstract: "Render every notebook in a folder to a static HTML site.",
        discussion: """
            Writes one page per notebook, an index, style.css and the pictures the \
            pages show. Files of an earlier build that no notebook produces any more \
            are removed. With --check nothing is written: the command lists the files \
            that differ from a fresh build and fails if there are any.
            """)

    @Argument(help: "The folder of notebooks.")
    var directory: String = "notebooks"

    @Option(name: .shortAndLong, help: "The folder to write the site to.")
    var output: String = "site"

    @Flag(help: "Fail (exit 1) if the site folder is not what a fresh build would write.")
    var check = false

    func run() throws {
        let builder = SiteBuilder(source: directory, destination: output)
        do {
            if check {
                let differences = try builder.check()
                guard differences.isEmpty else {
                    for difference in differences {
                        Terminal.writeError("notebook: \((output as NSString).appendingPathComponent(difference.path)): \(Self.describe(difference.kind))\n")
                    }
                    Terminal.writeError("notebook: the site in \(output) is out of date; run `notebook site \(directory) -o \(output)`\n")
                    throw ExitCode(1)
                }
                Terminal.write("The site in \(output) is up to date.\n")
                return
            }
            let result = try builder.build()
            let pages = result.pages == 1 ? "1 page" : "\(result.pages) pages"
            var summary = "Built \(pages) in \(output): \(result.written.count) file\(result.written.count == 1 ? "" : "s") written"
            if !result.removed.isEmpty { summary += ", \(result.removed.count) removed" }
            Terminal.write(summary + ".\n")
        } catch let error as NotebookError {
            Terminal.printError(error)
            throw ExitCode(2)
        }
    }

    private static func describe(_ kind: SiteBuilder.Difference.Kind) -> String {
        switch kind {
        case .missing: return "missing"
        case .changed: return "differs from a fresh build"
        case .stale: return "stale (no notebook produces it)"
        }
    }
}
