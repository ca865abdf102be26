import XCTest

final class NotebookCommandTests: XCTestCase {
    func testVersionAndHelp() throws {
        let cli = try CommandLineRunner(fixtures: [])
        let version = try cli.run("--version")
        XCTAssertEqual(version.status, 0)
        XCTAssertTrue(version.standardOutput.hasPrefix("notebook "))
        let help = try cli.run("--help")
        XCTAssertEqual(help.status, 0)
        for word in ["run", "test", "render", "site", "Examples:", "notebook test -j 2"] {
            XCTAssertTrue(help.standardOutput.contains(word), word)
        }
        XCTAssertTrue(try cli.run("test", "--help").standardOutput.contains("--junit"))
    }

    func testBadUsageAndUnreadableInputsExitWithTwo() throws {
        let cli = try CommandLineRunner(fixtures: ["basics.md"])
        XCTAssertEqual(try cli.run("frobnicate").status, 2)
        XCTAssertEqual(try cli.run("run").status, 2)
        XCTAssertEqual(try cli.run("test", "-j", "0").status, 2)

        let missing = try cli.run("run", "missing.md")
        XCTAssertEqual(missing.status, 2)
        XCTAssertEqual(missing.standardError, "notebook: error: missing.md: no such file\n")

        try Data([0x23, 0x20, 0xC3, 0x28, 0x0A]).write(to: cli.folder.appendingPathComponent("latin1.md"))
        let invalid = try cli.run("test", "latin1.md")
        XCTAssertEqual(invalid.status, 2)
        XCTAssertEqual(invalid.standardError, "notebook: error: latin1.md: the file is not valid UTF-8\n")

        try cli.write("option.md", "# T\n\n```swift fast\n```\n")
        let option = try cli.run("run", "option.md")
        XCTAssertEqual(option.status, 2)
        XCTAssertTrue(option.standardError.hasPrefix("notebook: error: option.md:3: unknown cell option 'fast'"), option.standardError)
        XCTAssertEqual(try cli.read("option.md"), "# T\n\n```swift fast\n```\n")
    }
}
