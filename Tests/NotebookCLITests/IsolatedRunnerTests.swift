import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import XCTest

/// Each notebook runs in a process of its own: a crash in one is that notebook's failure.
final class IsolatedRunnerTests: XCTestCase {
    func testACrashingNotebookFailsWithItsSignalAndTheOthersRun() throws {
        let cli = try CommandLineRunner(fixtures: ["basics.md", "state.md", "errors.md"])
        XCTAssertEqual(try cli.run("run", "basics.md", "state.md", "errors.md").status, 0)
        let stored = try cli.bytes("state.md")
        let crashLine = try XCTUnwrap(try cli.read("state.md").components(separatedBy: "\n")
            .enumerated().filter { $0.element.hasPrefix("```swift") }.dropFirst().first).offset + 1
        let result = try cli.run(
            environment: ["NOTEBOOK_CHILD_FAULT": "state.md:\(crashLine):\(SIGSEGV)"],
            "test", ".", "-j", "2", "--junit", "r.xml")
        XCTAssertEqual(result.status, 1, result.standardError)
        XCTAssertTrue(result.standardOutput.contains(
            "./state.md:\(crashLine): error: the notebook's process was killed by signal 11 (SIGSEGV) while this cell ran"),
            result.standardOutput)
        XCTAssertTrue(result.standardOutput.hasSuffix("passed, 1 failed, 1 skipped\n"), result.standardOutput)
        let xml = try XMLDocument(contentsOf: cli.folder.appendingPathComponent("r.xml"))
        let failures = try xml.nodes(forXPath: "//testcase/failure").compactMap { $0 as? XMLElement }
        XCTAssertEqual(failures.count, 1)
        XCTAssertTrue(failures[0].stringValue?.contains("SIGSEGV") == true)
        let passed = try xml.nodes(forXPath: "//testcase[not(failure) and not(skipped)]")
        XCTAssertGreaterThanOrEqual(passed.count, 5, "the other notebooks' cells pass")
        XCTAssertEqual(try cli.bytes("state.md"), stored, "test writes nothing")

        // `run` of several files: the crash is that notebook's error; the others are written.
        try cli.write("basics.md", try cli.read("basics.md").replacingOccurrences(of: "hello\nworld", with: "stale"))
        let run = try cli.run(
            environment: ["NOTEBOOK_CHILD_FAULT": "state.md:\(crashLine):\(SIGABRT)"], "run", "state.md", "basics.md")
        XCTAssertEqual(run.status, 1)
        XCTAssertTrue(run.standardError.contains("state.md:\(crashLine): error: the notebook's process was killed by signal 6 (SIGABRT)"),
                      run.standardError)
        XCTAssertTrue(try cli.read("basics.md").contains("```output\nhello\nworld\n```"))
    }

    func testACellThatDoesNotStopAtItsTimeLimitIsKilled() throws {
        let cli = try CommandLineRunner(fixtures: ["basics.md"])
        try cli.write("stuck.md", "```swift timeout=0.1\nprint(\"a\")\n```\n\n```swift\nprint(\"b\")\n```\n")
        // The process stops itself (SIGSTOP) as the cell starts: it can only be killed.
        let result = try cli.run(environment: ["NOTEBOOK_CHILD_FAULT": "stuck.md:1:\(SIGSTOP)"], "test", "stuck.md", "basics.md")
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.standardOutput.contains(
            "stuck.md:1: error: the cell did not stop at its time limit; its process was killed after 5 s while this cell ran"),
            result.standardOutput)
        XCTAssertTrue(result.standardOutput.contains("stuck.md: 1 cell not run after the error"), result.standardOutput)
    }
}
