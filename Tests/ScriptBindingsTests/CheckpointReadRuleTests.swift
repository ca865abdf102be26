import Foundation
import XCTest
import Script
@testable import ScriptBindings

/// Cells read only inside their notebook's folder, the hub cache and allowed
/// folders, and learn nothing about files outside.
final class CheckpointReadRuleTests: XCTestCase {
    private var folder = ""

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("read-rule-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder + "/data", withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: folder + "/data/weights.pth", contents: Data("PK".utf8))
    }

    override func tearDownWithError() throws {
        CheckpointReadRule.allowedFolders = []
        try? FileManager.default.removeItem(atPath: folder)
    }

    private func refusal(_ path: String, file: StaticString = #filePath, line: UInt = #line) -> String {
        do {
            let source = try CheckpointReadRule(folder: folder).source(of: path)
            XCTFail("'\(path)' was allowed as \(source)", file: file, line: line)
            return ""
        } catch {
            return "\(error)"
        }
    }

    func testRelativePathsResolveInTheNotebooksFolder() throws {
        let rule = CheckpointReadRule(folder: folder)
        XCTAssertEqual(try rule.source(of: "data/weights.pth"), rule.folder + "/data/weights.pth")
        XCTAssertEqual(try rule.source(of: "./data/../data/weights.pth"), rule.folder + "/data/weights.pth")
    }

    func testPathsOutsideGetOneErrorThatRevealsNothing() {
        let statement = CheckpointReadRule.statement
        XCTAssertEqual(refusal("/etc/passwd"), "cannot read '/etc/passwd': \(statement)")
        XCTAssertEqual(refusal("/etc/no-such-file"), "cannot read '/etc/no-such-file': \(statement)")
        XCTAssertEqual(refusal("/etc"), "cannot read '/etc': \(statement)")
        XCTAssertEqual(refusal("../../../../etc/passwd"), "cannot read '../../../../etc/passwd': \(statement)")
        XCTAssertEqual(refusal("../no-such-folder/x.pth"), "cannot read '../no-such-folder/x.pth': \(statement)")
        XCTAssertEqual(refusal("/proc/self/environ"), "cannot read '/proc/self/environ': \(statement)")
        XCTAssertEqual(refusal(""), "cannot read '': \(statement)")
    }

    func testALinkLeadingOutOfTheFolderIsRefused() throws {
        try FileManager.default.createSymbolicLink(atPath: folder + "/secret.pth", withDestinationPath: "/etc/passwd")
        try FileManager.default.createSymbolicLink(atPath: folder + "/etc", withDestinationPath: "/etc")
        XCTAssertEqual(refusal("secret.pth"), "cannot read 'secret.pth': \(CheckpointReadRule.statement)")
        XCTAssertEqual(refusal("etc/shadow"), "cannot read 'etc/shadow': \(CheckpointReadRule.statement)")
        XCTAssertEqual(refusal("etc/no-such-file"), "cannot read 'etc/no-such-file': \(CheckpointReadRule.statement)")
    }

    func testAMissingFileInsideNamesTheFullPath() {
        let real = CheckpointReadRule(folder: folder).folder
        XCTAssertEqual(refusal("data/missing.pth"), "\(real)/data/missing.pth: no such file")
        XCTAssertEqual(refusal("nothing/here.pth"), "\(real)/nothing/here.pth: no such file")
    }

    func testAllowedFoldersAreReadable() throws {
        let other = FileManager.default.temporaryDirectory.appendingPathComponent("allowed-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: other, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: other) }
        FileManager.default.createFile(atPath: other + "/x.pth", contents: Data())
        XCTAssertTrue(refusal(other + "/x.pth").contains(CheckpointReadRule.statement))
        CheckpointReadRule.allowedFolders = [other]
        XCTAssertNoThrow(try CheckpointReadRule(folder: folder).source(of: other + "/x.pth"))
    }

    func testAFileAboveTheSizeLimitIsRefusedBeforeReading() throws {
        let path = folder + "/huge.pth"
        FileManager.default.createFile(atPath: path, contents: nil)
        let handle = try XCTUnwrap(FileHandle(forWritingAtPath: path))
        // Sparse: no byte of it is written.
        try handle.truncate(atOffset: UInt64(CheckpointReadRule.maximumFileSize) + 1)
        try handle.close()
        XCTAssertTrue(refusal("huge.pth").contains("larger than the limit of"), refusal("huge.pth"))
    }

    func testDatasetRootsFollowTheRule() throws {
        let interpreter = Interpreter()
        _ = EngineLibrary.install(into: interpreter, seed: 0, folder: folder)
        XCTAssertThrowsError(try interpreter.run("let d = MNIST(root: \"/etc\")", file: "n.md")) { error in
            XCTAssertEqual((error as? ScriptError)?.message, "cannot read '/etc': \(CheckpointReadRule.statement)")
        }
        XCTAssertThrowsError(try interpreter.run("let d = Digits(root: \"../..\")", file: "n.md")) { error in
            XCTAssertEqual((error as? ScriptError)?.message, "cannot read '../..': \(CheckpointReadRule.statement)")
        }
    }

    func testLoadInACellFollowsTheRule() throws {
        let interpreter = Interpreter()
        _ = EngineLibrary.install(into: interpreter, seed: 0, folder: folder)
        XCTAssertThrowsError(try interpreter.run("let x = load(\"/etc/shadow\")", file: "n.md")) { error in
            XCTAssertEqual((error as? ScriptError)?.message, "cannot read '/etc/shadow': \(CheckpointReadRule.statement)")
        }
        XCTAssertThrowsError(try interpreter.run("let m = resnet18(weights: \"/etc/passwd\")", file: "n.md")) { error in
            XCTAssertEqual((error as? ScriptError)?.message, "cannot read '/etc/passwd': \(CheckpointReadRule.statement)")
        }
        XCTAssertThrowsError(try interpreter.run("let m = resnet18(weights: \"data/weights.pth\")", file: "n.md")) { error in
            // Found beside the notebook (and then not a valid checkpoint), whatever the current directory.
            let message = (error as? ScriptError)?.message ?? ""
            XCTAssertTrue(message.hasPrefix("data/weights.pth: "), message)
            XCTAssertFalse(message.contains("no such file"), message)
        }
    }
}
