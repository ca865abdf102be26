import Foundation
import XCTest
@testable import Notebook

final class ContainedFilesTests: XCTestCase {
    private var folder = ""
    private var outside = ""

    override func setUpWithError() throws {
        folder = try temporaryFolder()
        outside = try temporaryFolder()
        try FileManager.default.createDirectory(atPath: folder + "/a.assets", withIntermediateDirectories: true)
        try "picture".write(toFile: folder + "/a.assets/cell-1.svg", atomically: true, encoding: .utf8)
        try "secret".write(toFile: outside + "/secret.svg", atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: folder + "/a.assets/link.svg", withDestinationPath: outside + "/secret.svg")
        try FileManager.default.createSymbolicLink(atPath: folder + "/linked.assets", withDestinationPath: outside)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: folder)
        try? FileManager.default.removeItem(atPath: outside)
    }

    func testReadsRegularFilesOnly() throws {
        XCTAssertEqual(try ContainedFiles.read("a.assets/cell-1.svg", in: folder), Array("picture".utf8))
        XCTAssertThrowsError(try ContainedFiles.read("a.assets/link.svg", in: folder)) { error in
            XCTAssertEqual(error as? ContainedFiles.Refusal, .symbolicLink("a.assets/link.svg"))
        }
        XCTAssertThrowsError(try ContainedFiles.read("linked.assets/secret.svg", in: folder)) { error in
            XCTAssertEqual(error as? ContainedFiles.Refusal, .symbolicLink("linked.assets"))
        }
        XCTAssertThrowsError(try ContainedFiles.read("a.assets", in: folder)) { error in
            XCTAssertEqual(error as? ContainedFiles.Refusal, .notRegular("a.assets"))
        }
        XCTAssertEqual(mkfifo(folder + "/pipe.svg", 0o600), 0)
        XCTAssertThrowsError(try ContainedFiles.read("pipe.svg", in: folder)) { error in
            XCTAssertEqual(error as? ContainedFiles.Refusal, .notRegular("pipe.svg"), "a pipe is not read (it would block)")
        }
        XCTAssertThrowsError(try ContainedFiles.read("a.assets/cell-1.svg", in: folder, limit: 3)) { error in
            XCTAssertEqual(error as? ContainedFiles.Refusal, .tooLarge("a.assets/cell-1.svg", limit: 3))
        }
        XCTAssertThrowsError(try ContainedFiles.read("nope.svg", in: folder)) { error in
            XCTAssertEqual(error as? ContainedFiles.Refusal, .missing("nope.svg"))
        }
    }

    func testNeverWritesOrRemovesThroughALink() throws {
        XCTAssertNoThrow(try ContainedFiles.checkWritable("a.assets/cell-1.svg", in: folder))
        XCTAssertNoThrow(try ContainedFiles.checkWritable("new.assets/cell-1.svg", in: folder))
        XCTAssertThrowsError(try ContainedFiles.checkWritable("linked.assets/secret.svg", in: folder))
        XCTAssertThrowsError(try ContainedFiles.checkWritable("a.assets/link.svg", in: folder))
        XCTAssertThrowsError(try ContainedFiles.checkFolder("linked.assets", in: folder))
        XCTAssertFalse(ContainedFiles.remove("linked.assets/secret.svg", in: folder))
        XCTAssertFalse(ContainedFiles.remove("a.assets/link.svg", in: folder))
        XCTAssertFalse(ContainedFiles.removeEmptyFolder("linked.assets", in: folder))
        XCTAssertTrue(FileManager.default.fileExists(atPath: outside + "/secret.svg"))
        XCTAssertEqual(ContainedFiles.kind(atPath: folder + "/a.assets/link.svg"), .symbolicLink, "the link itself stays")
        XCTAssertTrue(ContainedFiles.remove("a.assets/cell-1.svg", in: folder))
        XCTAssertEqual(ContainedFiles.kind(atPath: folder + "/a.assets/cell-1.svg"), .missing)
    }
}
