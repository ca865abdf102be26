import XCTest
@testable import Notebook

final class NotebookRunnerTests: XCTestCase {
    private var executors: [TestExecutor] = []

    private func run(_ text: String, keepGoing: Bool = false, file: String = "dir/n.md") throws -> NotebookRun {
        let document = try NotebookDocument(bytes: Array(text.utf8), file: file)
        let runner = NotebookRunner(keepGoing: keepGoing, makeExecutor: { seed in
            let executor = TestExecutor(seed: seed)
            self.executors.append(executor)
            return executor
        })
        return runner.run(document)
    }

    func testRunsCellsInOrderInOneExecutorWithTheSeed() throws {
        let result = try run("---\nseed: 9\n---\n```swift\nprint a\n```\n\n```swift hide\nseed\n```\n")
        XCTAssertEqual(executors.count, 1)
        XCTAssertEqual(executors[0].executed.map(\.firstLine), [5, 9])
        XCTAssertEqual(executors[0].executed.map(\.file), ["n.md", "n.md"])
        XCTAssertEqual(result.results.map(\.status), [.ran, .ran])
        XCTAssertEqual(result.results.map(\.output), [FreshOutput(text: "a\n"), FreshOutput(text: "seed 9\n")])
        XCTAssertFalse(result.hasFailures)
    }

    func testStoredErrorsDoNotChangeWithProseAboveOrARename() throws {
        let cells = "```swift error\nfail e\n```\n"
        let first = try run("# Title\n\n" + cells, file: "dir/n.md")
        let moved = try run("# Title\n\n" + String(repeating: "More prose.\n", count: 10) + "\n" + cells, file: "dir/renamed.md")
        XCTAssertEqual(first.results[0].output, FreshOutput(text: "error: e\n", isError: true))
        XCTAssertEqual(moved.results[0].output, first.results[0].output)
        // The terminal still gets the position.
        XCTAssertEqual(NotebookRunner.storedError("n.md:12:5: error: x", file: "n.md"), "error: x")
        XCTAssertEqual(NotebookRunner.storedError("n.md:12: error: x", file: "n.md"), "error: x")
        XCTAssertEqual(NotebookRunner.storedError("other.md:12:5: error: x", file: "n.md"), "other.md:12:5: error: x")
        XCTAssertEqual(NotebookRunner.storedError("n.md:x: error", file: "n.md"), "n.md:x: error")
    }

    func testSkipLeavesTheCellAlone() throws {
        let result = try run("```swift skip\nprint a\n```\n```swift\nprint b\n```\n")
        XCTAssertEqual(result.results.map(\.status), [.skipped, .ran])
        XCTAssertEqual(executors[0].executed.count, 1)
        XCTAssertEqual(result.freshOutputs.keys.sorted(), [2])
    }

    func testExpectedAndUnexpectedErrors() throws {
        let result = try run("```swift error\nfail e\n```\n```swift error\nprint ok\n```\n```swift\nfail boom\n```\n```swift\nprint later\n```\n")
        XCTAssertEqual(result.results.map(\.status), [
            .ran, .missingError, .failed("n.md:8:1: error: boom"), .notRun,
        ])
        XCTAssertEqual(result.results[0].output, FreshOutput(text: "error: e\n", isError: true))
        XCTAssertEqual(result.results[2].output, FreshOutput(text: "error: boom\n", isError: true))
        XCTAssertNil(result.results[3].output)
        XCTAssertTrue(result.hasFailures)
        XCTAssertEqual(result.results[1].failureMessage(file: "dir/n.md"),
                       "dir/n.md:4: error: the cell is marked 'error' but ran without error")
    }

    func testKeepGoingRunsTheRest() throws {
        let result = try run("```swift\nfail boom\n```\n```swift\nprint later\n```\n", keepGoing: true)
        XCTAssertEqual(result.results.map(\.status), [.failed("n.md:2:1: error: boom"), .ran])
    }

    func testTimeoutFromCellAndFrontMatter() throws {
        let start = ContinuousClock().now
        let result = try run("---\ntimeout: 0.2\n---\n```swift\nspin\n```\n```swift timeout=0.1\nspin\n```\n", keepGoing: true)
        let elapsed = start.duration(to: ContinuousClock().now)
        XCTAssertEqual(result.results.map(\.status), [
            .failed("n.md:5:1: error: the cell ran out of time"), .failed("n.md:8:1: error: the cell ran out of time"),
        ])
        XCTAssertGreaterThanOrEqual(result.results[0].seconds, 0.2)
        XCTAssertGreaterThanOrEqual(result.results[1].seconds, 0.1)
        XCTAssertLessThan(result.results[1].seconds, 0.2)
        XCTAssertLessThan(elapsed, .seconds(5))
    }

    func testProgressIsReportedPerCell() throws {
        let document = try NotebookDocument(bytes: Array("```swift\nprint a\n```\n```swift skip\n```\n".utf8), file: "n.md")
        var seen: [String] = []
        _ = NotebookRunner(makeExecutor: { TestExecutor(seed: $0) }, progress: { progress in
            seen.append("\(progress.cell.index)/\(progress.cellCount) \(progress.file):\(progress.cell.line)")
        }).run(document)
        XCTAssertEqual(seen, ["1/2 n.md:1"])
    }
}
