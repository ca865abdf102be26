import ArgumentParser
import Foundation
import Notebook
import NotebookSite

/// `notebook render`: one notebook to a single-file HTML page.
struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Render one notebook to HTML from its stored outputs.",
        discussion: """
            The page is a single file: the stylesheet and the pictures are embedded, \
            so it can be moved or mailed on its own. Cells are not run.
            """)

    @Argument(help: "The notebook to render.")
    var file: String

    @Option(name: .shortAndLong, help: "The HTML file to write (default: FILE with .html).")
    var output: String?

    func run() throws {
        do {
            let document = try NotebookDocument.load(path: file)
            Terminal.printWarnings(document)
            let directory = (file as NSString).deletingLastPathComponent
            let renderer = PageRenderer(baseDirectory: directory.isEmpty ? "." : directory, pictures: .embedded)
            let rendered = renderer.render(document)
            if let problem = rendered.problems.first { throw problem }
            let page = PageLayout(stylesheet: .embedded).page(for: rendered)
            let destination = output ?? Self.defaultOutput(for: file)
            if ContainedFiles.kind(atPath: destination) == .symbolicLink {
                throw NotebookError(file: destination, message: "is a symbolic link; the page is not written through it")
            }
            try AtomicFile.write(Array(page.utf8), to: destination)
        } catch let error as NotebookError {
            Terminal.printError(error)
            throw ExitCode(2)
        }
    }

    /// `dir/name.md` → `dir/name.html`.
    static func defaultOutput(for file: String) -> String {
        (file.hasSuffix(".md") ? String(file.dropLast(3)) : file) + ".html"
    }
}
