import XCTest
#if canImport(FoundationXML)
import FoundationXML
#endif

final class TestCommandTests: XCTestCase {
    /// A scratch folder whose notebooks have been run once.
    private func ranFixtures(_ names: [String]) throws -> CommandLineRunner {
        let cli = try CommandLineRunner(fixtures: names)
        for name in names { try cli.run("run", name) }
        return cli
    }

    func testUnchangedNotebooksPass() throws {
        let cli = try ranFixtures(["basics.md", "errors.md", "skip.md", "state.md"])
        XCTAssertTrue(try cli.read("state.md").contains("```output\ntotal 100\n0.3333333333333333\n```"))
        let result = try cli.run("test", "basics.md", "errors.md", "skip.md", "state.md")
        XCTAssertEqual(result.status, 0, result.standardOutput + result.standardError)
        XCTAssertEqual(result.standardOutput, "9 passed, 0 failed, 1 skipped\n")
        XCTAssertEqual(result.standardError, "", "no progress when standard error is not a terminal")
    }

    func testChangedOutputFailsWithADiffAndAcceptFixesIt() throws {
        let cli = try ranFixtures(["basics.md"])
        let good = try cli.read("basics.md")
        try cli.write("basics.md", good.replacingOccurrences(of: "hello\nworld", with: "hello\nWORLD"))
        let result = try cli.run("test", "basics.md")
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.standardOutput, """
            --- basics.md:14 (stored)
            +++ basics.md:14 (fresh)
            @@ -1,2 +1,2 @@
             hello
            -WORLD
            +world
            2 passed, 1 failed

            """)

        let accepted = try cli.run("test", "basics.md", "--accept")
        XCTAssertEqual(accepted.status, 0, accepted.standardOutput)
        XCTAssertTrue(accepted.standardOutput.contains("basics.md:14: output accepted\n"))
        XCTAssertEqual(try cli.read("basics.md"), good)
        XCTAssertEqual(try cli.run("test", "basics.md").status, 0)
    }

    func testNumbersCompareWithinTheTolerance() throws {
        let cli = try ranFixtures(["basics.md"])
        let good = try cli.read("basics.md")
        try cli.write("basics.md", good.replacingOccurrences(of: "\n0.333333\n", with: "\n0.3333333\n"))
        XCTAssertEqual(try cli.run("test", "basics.md").status, 0)
        try cli.write("basics.md", good.replacingOccurrences(of: "\n0.333333\n", with: "\n0.34\n"))
        let result = try cli.run("test", "basics.md")
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.standardOutput.contains("--- basics.md:30 (stored)\n+++ basics.md:30 (fresh)\n"), result.standardOutput)
    }

    func testFailuresAndTheirExitStatus() throws {
        let cli = try ranFixtures(["failing.md", "timeout.md"])
        let result = try cli.run("test", "failing.md", "timeout.md")
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.standardOutput.contains("failing.md:12:1: error: "), result.standardOutput)
        XCTAssertTrue(result.standardOutput.hasSuffix("1 passed, 2 failed, 2 skipped\n"), result.standardOutput)
    }

    func testFoldersParallelRunsAndJUnit() throws {
        let cli = try CommandLineRunner(fixtures: ["basics.md", "errors.md", "skip.md", "failing.md"])
        try FileManager.default.createDirectory(at: cli.folder.appendingPathComponent("nested"), withIntermediateDirectories: true)
        try FileManager.default.moveItem(
            at: cli.folder.appendingPathComponent("skip.md"), to: cli.folder.appendingPathComponent("nested/skip.md"))
        try cli.run("run", "basics.md", "errors.md")
        try cli.write("basics.md", try cli.read("basics.md").replacingOccurrences(of: "hello\nworld", with: "hello\nthere"))

        let one = try cli.run("test", ".", "-j", "1")
        let two = try cli.run("test", ".", "-j", "2", "--junit", "report.xml")
        XCTAssertEqual(one.status, 1)
        XCTAssertEqual(two.status, 1)
        XCTAssertEqual(one.standardOutput, two.standardOutput)
        XCTAssertTrue(one.standardOutput.contains("--- ./basics.md:14 (stored)"), one.standardOutput)

        let xml = try XMLDocument(contentsOf: cli.folder.appendingPathComponent("report.xml"))
        let cases = try xml.nodes(forXPath: "//testcase").compactMap { $0 as? XMLElement }
        XCTAssertEqual(cases.count, 10)
        XCTAssertEqual(cases.first?.attribute(forName: "classname")?.stringValue, "./basics.md")
        XCTAssertEqual(cases.first?.attribute(forName: "name")?.stringValue, "cell 1 (line 14)")
        let failures = try xml.nodes(forXPath: "//testcase/failure").compactMap { $0 as? XMLElement }
        XCTAssertTrue(failures.contains { $0.attribute(forName: "message")?.stringValue?.contains("-there\n+world") ?? false })
    }

    func testDefaultPathIsTheNotebooksFolder() throws {
        let cli = try CommandLineRunner(fixtures: [])
        XCTAssertEqual(try cli.run("test").status, 2)
        try FileManager.default.createDirectory(at: cli.folder.appendingPathComponent("notebooks"), withIntermediateDirectories: true)
        let empty = try cli.run("test")
        XCTAssertEqual(empty.status, 2)
        XCTAssertEqual(empty.standardError, "notebook: error: notebooks: no notebooks (*.md) in this folder\n")
        try cli.write("notebooks/a.md", "```swift\nprint(\"a\")\n```\n\n```output\na\n```\n")
        XCTAssertEqual(try cli.run("test").standardOutput, "1 passed, 0 failed\n")
    }

    func testVerboseListsEveryCellAndQuietOnlyFailures() throws {
        let cli = try CommandLineRunner(fixtures: ["basics.md"])
        XCTAssertEqual(try cli.run("run", "basics.md").status, 0)
        let verbose = try cli.run("test", "basics.md", "--verbose")
        XCTAssertEqual(verbose.status, 0, verbose.standardOutput + verbose.standardError)
        XCTAssertTrue(verbose.standardError.contains("[1/"), verbose.standardError)
        XCTAssertTrue(verbose.standardError.contains("basics.md: "), verbose.standardError)
        let quiet = try cli.run("test", "basics.md", "--quiet")
        XCTAssertEqual(quiet.status, 0)
        XCTAssertEqual(quiet.standardOutput + quiet.standardError, "")
    }
}
