import XCTest
@testable import Notebook

final class NotebookFinderTests: XCTestCase {
    func testFoldersAreSearchedRecursivelyAndSorted() throws {
        let folder = try temporaryFolder()
        for path in ["b.md", "a.md", "sub/c.md", "sub/notes.txt", "sub/z.assets/cell-1.svg"] {
            let full = folder + "/" + path
            try FileManager.default.createDirectory(
                atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data().write(to: URL(fileURLWithPath: full))
        }
        XCTAssertEqual(try NotebookFinder.notebooks(in: [folder, folder + "/b.md"]), [
            folder + "/a.md", folder + "/b.md", folder + "/sub/c.md", folder + "/b.md",
        ])
    }

    func testMissingPathsAndEmptyFolders() throws {
        let folder = try temporaryFolder()
        XCTAssertThrowsError(try NotebookFinder.notebooks(in: [folder])) { error in
            XCTAssertEqual((error as? NotebookError)?.message, "no notebooks (*.md) in this folder")
        }
        XCTAssertThrowsError(try NotebookFinder.notebooks(in: [folder + "/missing.md"]))
    }
}
