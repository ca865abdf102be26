import Foundation
import XCTest
@testable import NotebookSite
@testable import Notebook

final class SiteBuilderTests: XCTestCase {
    private var folder = ""
    private var notebooks: String { folder + "/notebooks" }
    private var site: String { folder + "/site" }

    override func setUpWithError() throws {
        folder = try HTMLTestSupport.temporaryFolder()
        try FileManager.default.createDirectory(atPath: notebooks + "/b.assets", withIntermediateDirectories: true)
        try write("a.md", "---\ntitle: First\n---\n\nThe first notebook, with $x^2$.\n\n## Part\n\nText.\n")
        try write("b.md", "# Second\n\nThe second.\n\n```swift\ngraph(of: y)\n```\n\n<!-- output -->\n![graph](b.assets/cell-1.svg)\n<!-- /output -->\n")
        try write("b.assets/cell-1.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>\n")
        try write("notes.txt", "not a notebook")
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: folder)
    }

    private func write(_ name: String, _ text: String) throws {
        try text.write(toFile: notebooks + "/" + name, atomically: true, encoding: .utf8)
    }

    private func read(_ path: String) -> String? {
        FileManager.default.contents(atPath: site + "/" + path).map { String(decoding: $0, as: UTF8.self) }
    }

    private func snapshot() throws -> [String: Data] {
        var files: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(atPath: site)
        while let path = enumerator?.nextObject() as? String {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: site + "/" + path, isDirectory: &isFolder), !isFolder.boolValue {
                files[path] = FileManager.default.contents(atPath: site + "/" + path)
            }
        }
        return files
    }

    func testBuildsPagesIndexStylesheetAndPictures() throws {
        let result = try SiteBuilder(source: notebooks, destination: site).build()
        XCTAssertEqual(result.pages, 2)
        XCTAssertEqual(Set(try snapshot().keys), [
            "a.html", "b.html", "index.html", "style.css", "b.assets/cell-1.svg", ".notebook-site", "a.md", "b.md",
            "site.js", "search-index.js",
        ])
        let index = try XCTUnwrap(read("index.html"))
        XCTAssertTrue(index.contains("<li><a href=\"a.html\">First</a><p>The first notebook, with x2.</p></li>"), index)
        XCTAssertTrue(index.contains("<li><a href=\"b.html\">Second</a><p>The second.</p></li>"))
        let a = try XCTUnwrap(read("a.html"))
        XCTAssertTrue(a.contains("<link rel=\"stylesheet\" href=\"style.css\">"))
        XCTAssertTrue(a.contains("rel=\"next\" href=\"b.html\"><span>Next</span>Second</a>"))
        XCTAssertFalse(a.contains("rel=\"prev\""))
        let b = try XCTUnwrap(read("b.html"))
        XCTAssertTrue(b.contains("rel=\"prev\" href=\"a.html\"><span>Previous</span>First</a>"))
        XCTAssertTrue(b.contains("<img src=\"b.assets/cell-1.svg\""))
        for page in [a, b, index] {
            XCTAssertFalse(page.contains("http://") || page.contains("https://"), "no external URLs")
        }
        XCTAssertTrue(try XCTUnwrap(read("style.css")).contains("prefers-color-scheme: dark"))
    }

    func testSubFoldersAreSectionsWithRelativeLinks() throws {
        try FileManager.default.createDirectory(atPath: notebooks + "/basics/c.assets", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: notebooks + "/.hidden", withIntermediateDirectories: true)
        try write("basics/c.md", "# Third\n\nIn a section.\n\n```swift\ngraph(of: y)\n```\n\n<!-- output -->\n![graph](c.assets/cell-1.svg)\n<!-- /output -->\n")
        try write("basics/c.assets/cell-1.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>\n")
        try write("b.assets/not-a-page.md", "# Not a page\n")
        try write(".hidden/d.md", "# Hidden\n")
        let result = try SiteBuilder(source: notebooks, destination: site).build()
        XCTAssertEqual(result.pages, 3)
        XCTAssertEqual(Set(try snapshot().keys), [
            "a.html", "b.html", "basics/c.html", "index.html", "style.css", "b.assets/cell-1.svg",
            "basics/c.assets/cell-1.svg", ".notebook-site", "a.md", "b.md", "basics/c.md", "site.js", "search-index.js",
        ])
        let c = try XCTUnwrap(read("basics/c.html"))
        XCTAssertTrue(c.contains("<link rel=\"stylesheet\" href=\"../style.css\">"))
        XCTAssertTrue(c.contains("href=\"../index.html\""))
        XCTAssertTrue(c.contains("rel=\"prev\" href=\"../b.html\"><span>Previous</span>Second</a>"))
        XCTAssertTrue(c.contains("<img src=\"c.assets/cell-1.svg\""))
        XCTAssertTrue(try XCTUnwrap(read("b.html")).contains("rel=\"next\" href=\"basics/c.html\"><span>Next</span>Third</a>"))
        let index = try XCTUnwrap(read("index.html"))
        XCTAssertTrue(index.contains("</ul>\n<h2 class=\"section\">basics</h2>\n<ul class=\"notebook-list\">\n<li><a href=\"basics/c.html\">Third</a>"), index)
        XCTAssertEqual(SiteBuilder.relativePath(from: "basics/c.html", to: "basics/d.html"), "d.html")
        XCTAssertEqual(SiteBuilder.relativePath(from: "basics/c.html", to: "blitz/e.html"), "../blitz/e.html")
        XCTAssertEqual(SiteBuilder.relativePath(from: "a.html", to: "blitz/e.html"), "blitz/e.html")
        // A later build that drops the section removes its files.
        try FileManager.default.removeItem(atPath: notebooks + "/basics")
        XCTAssertEqual(Set(try SiteBuilder(source: notebooks, destination: site).build().removed),
                       ["basics/c.html", "basics/c.assets/cell-1.svg", "basics/c.md"])
        XCTAssertFalse(FileManager.default.fileExists(atPath: site + "/basics"))
    }

    func testBuildingTwiceGivesTheSameBytes() throws {
        let builder = SiteBuilder(source: notebooks, destination: site)
        _ = try builder.build()
        let first = try snapshot()
        let second = try builder.build()
        XCTAssertEqual(second.written, [], "nothing changes on a second build")
        XCTAssertEqual(try snapshot(), first)
        // A fresh folder gets the same bytes too.
        let other = folder + "/other"
        _ = try SiteBuilder(source: notebooks, destination: other).build()
        for (path, data) in first {
            XCTAssertEqual(FileManager.default.contents(atPath: other + "/" + path), data, path)
        }
    }

    func testRemovedNotebookLeavesNoStaleFiles() throws {
        let builder = SiteBuilder(source: notebooks, destination: site)
        _ = try builder.build()
        try "mine".write(toFile: site + "/keep.txt", atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(atPath: notebooks + "/b.md")
        XCTAssertEqual(try builder.check().map(\.description).filter { $0.contains("stale") },
                       ["b.assets/cell-1.svg is stale", "b.html is stale", "b.md is stale"])
        let result = try builder.build()
        XCTAssertEqual(Set(result.removed), ["b.html", "b.assets/cell-1.svg", "b.md"])
        XCTAssertNil(read("b.html"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: site + "/b.assets"), "the empty assets folder goes too")
        XCTAssertEqual(read("keep.txt"), "mine", "files the site generator did not write stay")
        XCTAssertFalse(try XCTUnwrap(read("a.html")).contains("b.html"))
    }

    func testCheckReportsDifferences() throws {
        let builder = SiteBuilder(source: notebooks, destination: site)
        XCTAssertTrue(try builder.check().contains(SiteBuilder.Difference(path: "index.html", kind: .missing)))
        _ = try builder.build()
        XCTAssertEqual(try builder.check(), [])
        try "changed".write(toFile: site + "/a.html", atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(atPath: site + "/style.css")
        XCTAssertEqual(try builder.check(), [
            SiteBuilder.Difference(path: "a.html", kind: .changed),
            SiteBuilder.Difference(path: "style.css", kind: .missing),
        ])
    }

    func testLinkedAndFakePicturesAreNotPublished() throws {
        let fence = "```"
        var text = "# Third\n\n"
        for (number, name) in ["env.png", "cell-2.svg", "script.svg", "fake.png"].enumerated() {
            text += "\(fence)swift\ngraph(of: y)\n\(fence)\n\n<!-- output -->\n![graph](c.assets/\(name))\n<!-- /output -->\n\n"
            _ = number
        }
        try write("c.md", text)
        try FileManager.default.createDirectory(atPath: notebooks + "/c.assets", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: notebooks + "/c.assets/env.png", withDestinationPath: "/proc/self/environ")
        try FileManager.default.createSymbolicLink(atPath: notebooks + "/c.assets/cell-2.svg", withDestinationPath: "/etc/passwd")
        try write("c.assets/script.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>")
        try write("c.assets/fake.png", "<svg onload=\"alert(1)\"/>")
        let result = try SiteBuilder(source: notebooks, destination: site).build()
        XCTAssertEqual(result.pages, 3)
        let files = try snapshot()
        XCTAssertFalse(files.keys.contains { $0.hasPrefix("c.assets") }, "\(files.keys.sorted())")
        let page = try XCTUnwrap(read("c.html"))
        XCTAssertEqual(page.components(separatedBy: "picture not shown").count - 1, 4, page)
        XCTAssertTrue(page.contains("symbolic link"))
        let passwd = try String(contentsOfFile: "/etc/passwd", encoding: .utf8)
        let firstLine = String(passwd.prefix { $0 != "\n" })
        for (path, data) in files {
            XCTAssertFalse(String(decoding: data, as: UTF8.self).contains(firstLine), path)
        }
    }

    func testSymlinkedAssetsFolderInTheSiteIsRefused() throws {
        let builder = SiteBuilder(source: notebooks, destination: site)
        _ = try builder.build()
        let victim = folder + "/victim"
        try FileManager.default.createDirectory(atPath: victim, withIntermediateDirectories: true)
        try "theirs".write(toFile: victim + "/cell-1.svg", atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(atPath: site + "/b.assets")
        try FileManager.default.createSymbolicLink(atPath: site + "/b.assets", withDestinationPath: victim)
        XCTAssertThrowsError(try builder.build()) { error in
            XCTAssertTrue((error as? NotebookError)?.message.contains("symbolic link") == true, "\(error)")
        }
        // Nor is anything removed through it once the notebook is gone.
        try FileManager.default.removeItem(atPath: notebooks + "/b.md")
        try FileManager.default.removeItem(atPath: notebooks + "/b.assets")
        _ = try builder.build()
        XCTAssertEqual(try String(contentsOfFile: victim + "/cell-1.svg", encoding: .utf8), "theirs")
    }

    func testManifestIsValidatedNotTrusted() throws {
        let builder = SiteBuilder(source: notebooks, destination: site)
        _ = try builder.build()
        let outside = folder + "/outside.html"
        try "theirs".write(toFile: outside, atomically: true, encoding: .utf8)
        try "mine".write(toFile: site + "/mine.html", atomically: true, encoding: .utf8)
        try "mine".write(toFile: site + "/old.html", atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: site + "/link.html", withDestinationPath: outside)
        let theirs = SiteBuilder.hash(Array("theirs".utf8))
        let mine = SiteBuilder.hash(Array("mine".utf8))
        let manifest = try XCTUnwrap(read(SiteBuilder.manifestName)) + [
            "\(theirs) ../outside.html", "\(theirs) /\(outside)", "\(theirs) link.html",
            "0000000000000000 mine.html", "old.html", "\(mine) notes.txt", "\(mine) a.assets/../mine.html",
        ].map { $0 + "\n" }.joined()
        try manifest.write(toFile: site + "/" + SiteBuilder.manifestName, atomically: true, encoding: .utf8)
        XCTAssertEqual(try builder.check().filter { $0.kind == .stale }, [])
        let result = try builder.build()
        XCTAssertEqual(result.removed, [])
        XCTAssertEqual(try String(contentsOfFile: outside, encoding: .utf8), "theirs")
        XCTAssertEqual(read("mine.html"), "mine")
        XCTAssertEqual(read("old.html"), "mine", "a line without a hash is not believed")
        XCTAssertEqual(ContainedFiles.kind(atPath: site + "/link.html"), .symbolicLink)
    }

    func testMissingFolderIsAnError() {
        XCTAssertThrowsError(try SiteBuilder(source: folder + "/nope", destination: site).build()) { error in
            XCTAssertEqual((error as? NotebookError)?.message, "no such folder")
        }
    }

    func testCourseLinksAndImagesArePublished() throws {
        let course = (HTMLTestSupport.fixtures as NSString).appendingPathComponent("course")
        _ = try SiteBuilder(source: course, destination: site).build()
        let files = try snapshot()
        XCTAssertNotNil(files["images/pic.svg"], "the prose's image is copied")
        XCTAssertEqual(files["images/pic.svg"], FileManager.default.contents(atPath: course + "/images/pic.svg"))
        let intro = try XCTUnwrap(read("intro.html"))
        XCTAssertTrue(intro.contains("<a href=\"part/next.html#section-two\">"))
        XCTAssertTrue(intro.contains("<img src=\"images/pic.svg\""))
        let next = try XCTUnwrap(read("part/next.html"))
        XCTAssertTrue(next.contains("<a href=\"../intro.html\">the introduction</a>"))
    }

    func testBrokenLinksFailTheBuildWithFileAndLine() throws {
        try write("c.md", "# Third\n\nSee [a](a.md#part) and\n[b](b.md#no-such-part).\n")
        XCTAssertThrowsError(try SiteBuilder(source: notebooks, destination: site).build()) { error in
            let error = error as? NotebookError
            XCTAssertEqual(error?.file, notebooks + "/c.md")
            XCTAssertEqual(error?.line, 4)
            XCTAssertEqual(error?.message, "the link to b.md#no-such-part leads to no heading of that notebook")
        }
        try write("c.md", "# Third\n\nSee [gone](gone.md).\n")
        XCTAssertThrowsError(try SiteBuilder(source: notebooks, destination: site).build()) { error in
            XCTAssertEqual((error as? NotebookError)?.description, notebooks + "/c.md:3: error: the link to gone.md leads to no notebook of the site")
        }
        try write("c.md", "# Third\n\n![lost](lost.png)\n")
        XCTAssertThrowsError(try SiteBuilder(source: notebooks, destination: site).build()) { error in
            XCTAssertEqual((error as? NotebookError)?.line, 3)
        }
        XCTAssertNil(read("index.html"), "nothing is written")
    }

    func testTranslationsAreOneEntryWithALanguageSwitch() throws {
        try write("a.zh.md", "---\ntitle: 第一\nlang: zh-CN\n---\n\n第一个笔记本。\n")
        _ = try SiteBuilder(source: notebooks, destination: site).build()
        let a = try XCTUnwrap(read("a.html"))
        XCTAssertTrue(a.contains("<html lang=\"en\">"))
        XCTAssertTrue(a.contains("rel=\"next\" href=\"b.html\""), "the English chain skips the translation")
        XCTAssertTrue(a.contains("<li><span lang=\"en\" aria-current=\"page\">English</span></li>"), a)
        XCTAssertTrue(a.contains("<li><a href=\"a.zh.html\" hreflang=\"zh-CN\" lang=\"zh-CN\">中文</a></li>"))
        let zh = try XCTUnwrap(read("a.zh.html"))
        XCTAssertTrue(zh.contains("<html lang=\"zh-CN\">"))
        XCTAssertFalse(zh.contains("rel=\"next\""), "no English page follows the translation")
        XCTAssertFalse(zh.contains("rel=\"prev\""))
        XCTAssertTrue(zh.contains("<li><a href=\"a.html\" hreflang=\"en\" lang=\"en\">English</a></li>"))
        let b = try XCTUnwrap(read("b.html"))
        XCTAssertTrue(b.contains("rel=\"prev\" href=\"a.html\""))
        XCTAssertFalse(b.contains("class=\"languages\""))
        let index = try XCTUnwrap(read("index.html"))
        XCTAssertFalse(index.contains("<li><a href=\"a.zh.html\">"), "one entry per notebook")
        XCTAssertTrue(index.contains("<p class=\"translations\"><a href=\"a.zh.html\" hreflang=\"zh-CN\" lang=\"zh-CN\">中文</a></p>"), index)
    }

    func testPagesWithoutSectionsUseTheWholeWidth() throws {
        _ = try SiteBuilder(source: notebooks, destination: site).build()
        XCTAssertTrue(try XCTUnwrap(read("b.html")).contains("<div class=\"layout layout-single layout-outlined\">"))
    }

    func testEachPageLinksToItsSourceCopiedIntoTheSite() throws {
        _ = try SiteBuilder(source: notebooks, destination: site).build()
        XCTAssertEqual(read("b.md"), try String(contentsOfFile: notebooks + "/b.md", encoding: .utf8))
        XCTAssertTrue(try XCTUnwrap(read("b.html")).contains("<footer class=\"page-footer\"><a href=\"b.md\" type=\"text/markdown\">View the source</a></footer>"))
    }

    func testSearchIndexAndScriptAreTheSitesOwn() throws {
        _ = try SiteBuilder(source: notebooks, destination: site).build()
        let index = try XCTUnwrap(read("search-index.js"))
        XCTAssertTrue(index.hasPrefix("window.notebookSearchIndex = ["))
        let lines = index.split(separator: "\n")
        let b = try XCTUnwrap(lines.first { $0.hasPrefix("{\"href\":\"b.html\"") })
        XCTAssertTrue(b.contains("\"graph\""), "a word from a code cell is found: \(b)")
        XCTAssertTrue(lines.contains("{\"href\":\"a.html#part\",\"title\":\"First\",\"heading\":\"Part\",\"words\":[\"part\",\"text\"]},"), index)
        let page = try XCTUnwrap(read("a.html"))
        XCTAssertTrue(page.contains("script-src 'self';"), "the policy allows the site's own script")
        XCTAssertTrue(page.contains("<script src=\"search-index.js\" defer></script>\n<script src=\"site.js\" defer></script>"))
        XCTAssertFalse(page.contains("<script>"), "no inline script")
        XCTAssertEqual(read("site.js"), SiteScript.js)
    }

    func testSearchIndexEscapesForAScript() {
        XCTAssertEqual(SearchIndex.json("a\"b</script>\n"), "\"a\\\"b\\u003c/script\\u003e\\n\"")
        XCTAssertEqual(SearchIndex.words(of: "let x_1 = Tensor.zeros([2]) 张量"), ["let", "x_1", "tensor", "zeros", "2", "张量"])
    }
}
