import XCTest
@testable import Notebook

final class AtomicFileTests: XCTestCase {
    func testReplacesContentAndKeepsPermissions() throws {
        let folder = try temporaryFolder()
        let path = folder + "/f.md"
        try AtomicFile.write(Array("one".utf8), to: path)
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "one")
        chmod(path, 0o600)
        try AtomicFile.write(Array("two".utf8), to: path)
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "two")
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        XCTAssertEqual((attributes[.posixPermissions] as? NSNumber)?.intValue, 0o600)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder), ["f.md"])
    }

    func testUnwritableFolderIsAnError() {
        XCTAssertThrowsError(try AtomicFile.write([], to: "/nonexistent-folder/f.md")) { error in
            XCTAssertTrue(error is NotebookError)
        }
    }
}
