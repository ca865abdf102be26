import XCTest

final class RunCommandTests: XCTestCase {
    func testWritesOutputsAndASecondRunIsByteIdentical() throws {
        let cli = try CommandLineRunner(fixtures: ["basics.md"])
        let original = try cli.read("basics.md")
        let first = try cli.run("run", "basics.md")
        XCTAssertEqual(first.status, 0, first.standardError)
        let written = try cli.read("basics.md")
        XCTAssertTrue(written.contains("```swift\nprint(\"hello\")\nprint(\"world\")\n```\n\n```output\nhello\nworld\n```\n"), written)
        XCTAssertTrue(written.contains("```swift\nprint(0.333333)\n```\n\n```output\n0.333333\n```\n"), written)
        XCTAssertEqual(written.components(separatedBy: "```output").count - 1, 2, "only cells that print get an output")
        XCTAssertFalse(written.contains("quoted, never run\n```\n\n```output"))

        // Everything but the inserted outputs is unchanged.
        var stripped = written
        for block in ["\n```output\nhello\nworld\n```\n", "\n```output\n0.333333\n```\n"] {
            stripped = stripped.replacingOccurrences(of: block, with: "")
        }
        XCTAssertEqual(stripped, original)

        let bytes = try cli.bytes("basics.md")
        XCTAssertEqual(try cli.run("run", "basics.md").status, 0)
        XCTAssertEqual(try cli.bytes("basics.md"), bytes)
    }

    func testOutputFileLeavesTheInputAlone() throws {
        let cli = try CommandLineRunner(fixtures: ["basics.md"])
        let original = try cli.bytes("basics.md")
        XCTAssertEqual(try cli.run("run", "basics.md", "-o", "out.md").status, 0)
        XCTAssertEqual(try cli.bytes("basics.md"), original)
        XCTAssertTrue(try cli.read("out.md").contains("```output\nhello\nworld\n```"))
        XCTAssertEqual(try cli.run("run", "basics.md", "skip.md", "-o", "out.md").status, 2)
    }

    func testErrorCellsGetTheirErrorAsOutput() throws {
        let cli = try CommandLineRunner(fixtures: ["errors.md"])
        let result = try cli.run("run", "errors.md")
        XCTAssertEqual(result.status, 0, result.standardError)
        let written = try cli.read("errors.md")
        XCTAssertTrue(written.contains("```\n\n```output error\nbefore the error\nerrors.md:6:14: error: "), written)
        XCTAssertTrue(written.contains("```output\nafter\n```"), written)
    }

    func testAnUnexpectedErrorStopsTheRunUnlessKeepGoing() throws {
        let cli = try CommandLineRunner(fixtures: ["failing.md"])
        let result = try cli.run("run", "failing.md")
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.standardError.contains("failing.md:8:1: error: "), result.standardError)
        var written = try cli.read("failing.md")
        XCTAssertTrue(written.contains("```output\nfirst\n```"))
        XCTAssertTrue(written.contains("undefinedName()\n```\n\n```output error\nfailing.md:8:1: error: "), written)
        XCTAssertFalse(written.contains("```output\nnot reached"))

        XCTAssertEqual(try cli.run("run", "--keep-going", "failing.md").status, 1)
        written = try cli.read("failing.md")
        XCTAssertTrue(written.contains("```output\nnot reached\n```"), written)
    }

    func testSkippedCellsKeepTheirOutput() throws {
        let cli = try CommandLineRunner(fixtures: ["skip.md"])
        XCTAssertEqual(try cli.run("run", "skip.md").status, 0)
        let written = try cli.read("skip.md")
        XCTAssertTrue(written.contains("print(\"never run\")\n```\n\n```output\nkept as it is\n```"))
        XCTAssertTrue(written.contains("```output\nrun\n```"))
    }

    func testTimeout() throws {
        let cli = try CommandLineRunner(fixtures: ["timeout.md"])
        let start = Date()
        let result = try cli.run("run", "timeout.md")
        XCTAssertEqual(result.status, 1)
        XCTAssertLessThan(Date().timeIntervalSince(start), 30)
        XCTAssertTrue(try cli.read("timeout.md").contains("while true {}\n```\n\n```output error\ntimeout.md:"))
    }

    func testKillDuringALongCellLeavesTheFileIntact() throws {
        let cli = try CommandLineRunner(fixtures: ["slow.md"])
        let original = try cli.bytes("slow.md")
        let (process, _, _) = try cli.start(["run", "slow.md"])
        Thread.sleep(forTimeInterval: 1.5)
        XCTAssertTrue(process.isRunning)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        XCTAssertEqual(try cli.bytes("slow.md"), original)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: cli.folder.path), ["slow.md"])
    }
}
