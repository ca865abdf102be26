import Foundation
import XCTest

/// SIGINT and SIGTERM during `run`: stop at once, leave the notebook as it was.
final class InterruptionTests: XCTestCase {
    private func interrupt(_ signal: Int32, arguments: [String]) throws -> (cli: CommandLineRunner, status: Int32, error: String, original: Data) {
        let cli = try CommandLineRunner(fixtures: ["slow.md"])
        let original = try cli.bytes("slow.md")
        let (process, _, error) = try cli.start(arguments)
        // Wait until the notebook's process runs, and its endless cell.
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline, process.isRunning, try Self.children(of: process.processIdentifier).isEmpty {
            Thread.sleep(forTimeInterval: 0.05)
        }
        let children = try Self.children(of: process.processIdentifier)
        XCTAssertEqual(children.count, 1)
        Thread.sleep(forTimeInterval: 1.5)
        XCTAssertTrue(process.isRunning)
        let sent = Date()
        kill(process.processIdentifier, signal)
        process.waitUntilExit()
        XCTAssertLessThan(Date().timeIntervalSince(sent), 5, "stops at once")
        for child in children {
            var gone = false
            for _ in 0..<40 where !gone {
                gone = !FileManager.default.fileExists(atPath: "/proc/\(child)/stat")
                    || (try? String(contentsOfFile: "/proc/\(child)/stat", encoding: .utf8))?.contains(") Z ") == true
                if !gone { Thread.sleep(forTimeInterval: 0.05) }
            }
            XCTAssertTrue(gone, "the notebook's process \(child) is stopped too")
        }
        let text = try String(contentsOf: error, encoding: .utf8)
        try? FileManager.default.removeItem(at: error)
        return (cli, process.terminationStatus, text, original)
    }

    /// The processes whose parent is `pid`.
    static func children(of pid: pid_t) throws -> [Int] {
        var children: [Int] = []
        for entry in try FileManager.default.contentsOfDirectory(atPath: "/proc") {
            guard let child = Int(entry),
                  let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { continue }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            if fields.count > 1, Int(fields[1]) == Int(pid) { children.append(child) }
        }
        return children
    }

    func testSIGINTLeavesTheNotebookByteIdentical() throws {
        let (cli, status, error, original) = try interrupt(SIGINT, arguments: ["run", "slow.md"])
        XCTAssertEqual(status, 130)
        XCTAssertEqual(try cli.bytes("slow.md"), original)
        XCTAssertTrue(error.contains("notebook: interrupted (SIGINT): slow.md was left as it was"), error)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: cli.folder.path), ["slow.md"], "no stray files")
    }

    func testSIGTERMWithKeepPartialWritesTheFinishedCells() throws {
        let (cli, status, error, original) = try interrupt(SIGTERM, arguments: ["run", "slow.md", "--keep-partial"])
        XCTAssertEqual(status, 143)
        XCTAssertTrue(error.contains("wrote the outputs of 1 finished cell to slow.md"), error)
        let written = try cli.read("slow.md")
        XCTAssertNotEqual(try cli.bytes("slow.md"), original)
        XCTAssertTrue(written.contains("print(\"start\")\n```\n\n```output\nstart\n```\n"), written)
        XCTAssertTrue(written.contains("while true {}\n```\n"), written)
        XCTAssertFalse(written.contains("while true {}\n```\n\n```output"), "the unfinished cell gets nothing")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: cli.folder.path), ["slow.md"], "no stray files")
    }
}
