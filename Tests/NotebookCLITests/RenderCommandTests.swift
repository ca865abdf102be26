import Foundation
import XCTest

final class RenderCommandTests: XCTestCase {
    func testRenderEmbedsOnlyTheNotebooksOwnPicturesAndWritesNoLink() throws {
        let cli = try CommandLineRunner(fixtures: [])
        try FileManager.default.createDirectory(at: cli.folder.appendingPathComponent("p.assets"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: cli.folder.appendingPathComponent("p.assets/cell-1.svg").path,
                                                   withDestinationPath: "/etc/passwd")
        try cli.write("p.assets/cell-2.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>")
        try cli.write("p.md", """
            ```swift
            graph(of: y)
            ```

            <!-- output -->
            ![graph](p.assets/cell-1.svg)
            ![graph](p.assets/cell-2.svg)
            <!-- /output -->

            """)
        let result = try cli.run("render", "p.md")
        XCTAssertEqual(result.status, 0, result.standardError)
        let page = try cli.read("p.html")
        XCTAssertFalse(page.contains("src=\"data:image/svg+xml"), "neither picture is embedded")
        XCTAssertEqual(page.components(separatedBy: "picture not shown").count - 1, 2)

        // A page name that is a symbolic link is not written through.
        let victim = cli.folder.appendingPathComponent("victim.txt")
        try cli.write("victim.txt", "theirs")
        try FileManager.default.removeItem(at: cli.folder.appendingPathComponent("p.html"))
        try FileManager.default.createSymbolicLink(atPath: cli.folder.appendingPathComponent("p.html").path, withDestinationPath: victim.path)
        XCTAssertEqual(try cli.run("render", "p.md").status, 2)
        XCTAssertEqual(try cli.read("victim.txt"), "theirs")
    }

    func testTenThousandNestedInterpolationsRender() throws {
        let cli = try CommandLineRunner(fixtures: [])
        let depth = 10_000
        let source = "let s = " + String(repeating: "\"\\(", count: depth) + "1" + String(repeating: ")\"", count: depth)
        try cli.write("deep.md", "```swift\n\(source)\n```\n")
        let result = try cli.run("render", "deep.md")
        XCTAssertEqual(result.status, 0, result.standardError)
        XCTAssertTrue(try cli.read("deep.html").contains("let"))
    }
}
