import Foundation
import XCTest
@testable import NotebookSite
@testable import Notebook

final class ProseReferencesTests: XCTestCase {
    private let course = (HTMLTestSupport.fixtures as NSString).appendingPathComponent("course")

    private func render(_ relative: String, pictures: PageRenderer.Pictures = .linked) throws -> RenderedNotebook {
        let folder = (relative as NSString).deletingLastPathComponent
        let path = (course as NSString).appendingPathComponent(relative)
        let renderer = PageRenderer(
            baseDirectory: (path as NSString).deletingLastPathComponent, pictures: pictures,
            rootDirectory: course, folder: folder)
        return renderer.render(try NotebookDocument.load(path: path))
    }

    func testNotebookLinksBecomePageLinksWithTheirAnchor() throws {
        let intro = try render("intro.md")
        XCTAssertEqual(intro.problems, [])
        XCTAssertTrue(intro.body.contains("<a href=\"part/next.html#section-two\">the next part</a>"), intro.body)
        XCTAssertTrue(intro.body.contains("<a href=\"#introduction\">this part</a>"))
        XCTAssertEqual(intro.links, [ProseLink(target: "part/next.md", fragment: "section-two", line: 34)])
        let next = try render("part/next.md")
        XCTAssertTrue(next.body.contains("<a href=\"../intro.html\">the introduction</a>"), next.body)
        XCTAssertEqual(next.links, [ProseLink(target: "intro.md", fragment: nil, line: 3)])
        XCTAssertTrue(next.anchors.contains("section-two"))
    }

    func testImagesAreLinkedOrEmbedded() throws {
        let linked = try render("intro.md")
        XCTAssertEqual(linked.problems, [])
        XCTAssertEqual(linked.proseFiles, ["images/pic.svg"])
        XCTAssertTrue(linked.body.contains("<img src=\"images/pic.svg\" alt=\"A picture\" />"), linked.body)
        let embedded = try render("intro.md", pictures: .embedded)
        XCTAssertEqual(embedded.proseFiles, [])
        XCTAssertTrue(embedded.body.contains("<img src=\"data:image/svg+xml;base64,"), embedded.body)
        XCTAssertFalse(embedded.body.contains("images/pic.svg"))
    }

    func testBrokenImagesAndAnchorsAreProblemsWithTheirLine() throws {
        let folder = try HTMLTestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let text = """
            # Page

            Text with $$
            x
            $$ a formula over lines.

            ```swift
            let a = 1
            ```

            ![missing](nothing.png) and [a link](#no-such-heading)

            ![outside](../../etc/passwd.png) and ![text](notes.txt)
            """
        let file = (folder as NSString).appendingPathComponent("page.md")
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        try "notes".write(toFile: (folder as NSString).appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        let rendered = PageRenderer(baseDirectory: folder, pictures: .embedded).render(try NotebookDocument.load(path: file))
        XCTAssertEqual(rendered.problems.map(\.line), [11, 11, 13, 13])
        XCTAssertTrue(rendered.problems.allSatisfy { $0.file == file })
        XCTAssertTrue(rendered.problems[0].message.contains("nothing.png"), rendered.problems[0].message)
        XCTAssertTrue(rendered.problems[1].message.contains("#no-such-heading"), rendered.problems[1].message)
        XCTAssertTrue(rendered.problems[2].message.contains("outside"), rendered.problems[2].message)
        XCTAssertTrue(rendered.problems[3].message.contains("not an SVG"), rendered.problems[3].message)
    }

    func testURLsWithASchemeAreLeftAloneAndDangerousOnesEmptied() throws {
        let body = try HTMLTestSupport.body("[a](https://example.org/x.md) [b](mailto:a@b.c) [c](javascript:alert(1)) ![d](data:text/html,x)\n")
        XCTAssertTrue(body.contains("href=\"https://example.org/x.md\""), body)
        XCTAssertTrue(body.contains("href=\"mailto:a@b.c\""))
        XCTAssertFalse(body.contains("javascript"))
        XCTAssertFalse(body.contains("data:text"))
    }
}
