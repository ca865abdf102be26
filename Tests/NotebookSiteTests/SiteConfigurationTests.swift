import Foundation
import XCTest
@testable import NotebookSite
@testable import Notebook

final class SiteConfigurationTests: XCTestCase {
    private var folder = ""
    private var notebooks: String { folder + "/notebooks" }
    private var site: String { folder + "/site" }

    override func setUpWithError() throws {
        folder = try HTMLTestSupport.temporaryFolder()
        try FileManager.default.createDirectory(atPath: notebooks + "/basics", withIntermediateDirectories: true)
        try write("intro.md", "# Introduction\n\nWhere to start.\n")
        try write("intro.zh.md", "---\nlang: zh-CN\n---\n\n# 介绍\n\n从这里开始。\n")
        try write("basics/tensors.md", "# Tensors\n\nArrays that remember.\n")
        try write("basics/autograd.md", "# Autograd\n\nGradients.\n")
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: folder)
    }

    private func write(_ name: String, _ text: String) throws {
        try text.write(toFile: notebooks + "/" + name, atomically: true, encoding: .utf8)
    }

    private func read(_ path: String) -> String {
        FileManager.default.contents(atPath: site + "/" + path).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }

    private let course = """
        title: A small course
        repository: https://example.org/owner/repo
        sections:
          - title: Basics
            notebooks:
              - basics/tensors.md
              - basics/autograd.md
          - title: Going further
            notebooks:
              - intro.md

        """

    /// The error `notebook site` gives for a configuration.
    private func error(for configuration: String) throws -> NotebookError? {
        try write("site.yml", configuration)
        do {
            _ = try SiteBuilder(source: notebooks, destination: site).build()
            return nil
        } catch let error as NotebookError {
            return error
        }
    }

    func testPagesFollowTheCourseOrder() throws {
        try write("site.yml", course)
        let builder = SiteBuilder(source: notebooks, destination: site)
        XCTAssertEqual(
            try builder.notebookFiles().map { String($0.dropFirst(notebooks.count + 1)) },
            ["basics/tensors.md", "basics/autograd.md", "intro.md", "intro.zh.md"])
        _ = try builder.build()
        let tensors = read("basics/tensors.html"), autograd = read("basics/autograd.html"), intro = read("intro.html")
        XCTAssertFalse(tensors.contains("rel=\"prev\""))
        XCTAssertTrue(tensors.contains("rel=\"next\" href=\"autograd.html\""))
        XCTAssertTrue(autograd.contains("rel=\"next\" href=\"../intro.html\""))
        // The translation is not in the English chain.
        XCTAssertFalse(intro.contains("rel=\"next\""))
        XCTAssertTrue(intro.contains("<a href=\"https://example.org/owner/repo/edit/main/notebooks/intro.md\">Edit this page</a>"))
    }

    func testIndexShowsTheSectionsInOrder() throws {
        try write("site.yml", course)
        _ = try SiteBuilder(source: notebooks, destination: site).build()
        let index = read("index.html")
        XCTAssertTrue(index.contains("<title>A small course</title>"))
        let basics = try XCTUnwrap(index.range(of: "<h2 class=\"section\">Basics</h2>"))
        let further = try XCTUnwrap(index.range(of: "<h2 class=\"section\">Going further</h2>"))
        let tensors = try XCTUnwrap(index.range(of: ">Tensors</a>"))
        let intro = try XCTUnwrap(index.range(of: ">Introduction</a>"))
        XCTAssertTrue(basics.upperBound < tensors.lowerBound && tensors.upperBound < further.lowerBound && further.upperBound < intro.lowerBound)
        XCTAssertTrue(index.contains("<p>Arrays that remember.</p>"))
        XCTAssertTrue(index.contains("hreflang=\"zh-CN\""))
        XCTAssertFalse(index.contains(">介绍</a>"), "a translation is not an entry of its own")
    }

    func testEveryPageShowsTheOutlineWithTheCurrentPageMarked() throws {
        try write("site.yml", course)
        _ = try SiteBuilder(source: notebooks, destination: site).build()
        let autograd = read("basics/autograd.html")
        XCTAssertTrue(autograd.contains("<nav class=\"outline\" aria-label=\"Course\">\n<p class=\"outline-section\">Basics</p>"))
        XCTAssertTrue(autograd.contains("<li><a href=\"autograd.html\" aria-current=\"page\">Autograd</a></li>"))
        XCTAssertTrue(autograd.contains("<li><a href=\"tensors.html\">Tensors</a></li>"))
        XCTAssertTrue(autograd.contains("<li><a href=\"../intro.html\">Introduction</a></li>"))
        // On the translation the outline leads to the pages in its language.
        let zh = read("intro.zh.html")
        XCTAssertTrue(zh.contains("<li><a href=\"intro.zh.html\" aria-current=\"page\">介绍</a></li>"))
        // On a phone the outline is a folded menu.
        XCTAssertTrue(autograd.contains("<details class=\"outline-menu\">\n<summary>Course</summary>"))
        XCTAssertFalse(autograd.contains("<details class=\"outline-menu\" open"))
    }

    func testWithoutConfigurationTheFoldersAreTheSections() throws {
        _ = try SiteBuilder(source: notebooks, destination: site).build()
        let index = read("index.html")
        XCTAssertTrue(index.contains("<title>Notebooks</title>"))
        XCTAssertTrue(index.contains("<h2 class=\"section\">basics</h2>"))
        XCTAssertTrue(read("basics/tensors.html").contains("<nav class=\"outline\""))
    }

    func testUnlistedNotebookIsAnError() throws {
        let error = try XCTUnwrap(error(for: course.replacingOccurrences(of: "      - basics/autograd.md\n", with: "")))
        XCTAssertEqual(error.file, notebooks + "/site.yml")
        XCTAssertEqual(error.message, "basics/autograd.md is in no section; add it to the section it belongs to")
    }

    func testMissingNotebookIsAnErrorAtItsLine() throws {
        let error = try XCTUnwrap(error(for: course.replacingOccurrences(of: "basics/autograd.md", with: "basics/autograds.md")))
        XCTAssertEqual(error.line, 7)
        XCTAssertEqual(error.message, "basics/autograds.md is not a notebook of the folder")
    }

    func testListingATranslationOrTwiceIsAnError() throws {
        var error = try XCTUnwrap(error(for: course + "      - intro.zh.md\n"))
        XCTAssertEqual(error.line, 11)
        XCTAssertEqual(error.message, "intro.zh.md is a translation of intro.md, which it follows: list intro.md only")
        error = try XCTUnwrap(self.error(for: course + "      - basics/tensors.md\n"))
        XCTAssertEqual(error.message, "basics/tensors.md is listed twice (first at line 6)")
    }

    func testUnknownKeyGetsASuggestion() throws {
        let error = try XCTUnwrap(error(for: course.replacingOccurrences(of: "repository:", with: "repositry:")))
        XCTAssertEqual(error.line, 2)
        XCTAssertEqual(
            error.message,
            "unknown key 'repositry' in the site configuration; did you mean 'repository'?; the keys are 'title', 'repository', 'branch', 'folder', 'sections'")
    }

    func testMalformedConfigurationsAreErrorsWithLines() throws {
        XCTAssertEqual(try error(for: "title: [unclosed\n")?.line, 2)
        XCTAssertEqual(try error(for: "title: T\nsections: basics\n")?.message, "'sections' must be a list")
        XCTAssertEqual(try error(for: "sections: []\n")?.message, "the site configuration has no 'title'")
        XCTAssertEqual(
            try error(for: "title: T\nsections:\n  - title: S\n    notebooks: [../outside.md]\n")?.message,
            "'../outside.md' is not the path of a notebook inside the folder (NAME.md or FOLDER/NAME.md)")
        XCTAssertEqual(try error(for: "title: T\nrepository: file:///etc\nsections: []\n")?.message, "'repository' must be a web address (https://…)")
        XCTAssertEqual(try error(for: "")?.message, "the site configuration is empty; it needs a title and sections")
    }

    func testSymlinkedConfigurationIsRefused() throws {
        try "title: secret\n".write(toFile: folder + "/outside.yml", atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: notebooks + "/site.yml", withDestinationPath: folder + "/outside.yml")
        XCTAssertThrowsError(try SiteBuilder(source: notebooks, destination: site).build()) { error in
            XCTAssertEqual((error as? NotebookError)?.message, "the site configuration must be a regular file")
        }
    }
}
