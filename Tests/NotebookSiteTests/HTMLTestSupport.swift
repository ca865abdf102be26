import Foundation
import XCTest
@testable import NotebookSite
@testable import Notebook

/// Fixtures, snapshots and temporary notebooks for the HTML tests.
enum HTMLTestSupport {
    /// This folder (Tests/NotebookTests/HTML).
    static let folder = (#filePath as NSString).deletingLastPathComponent
    /// The fixture notebooks.
    static let fixtures = (folder as NSString).appendingPathComponent("Fixtures")
    /// The stored snapshots. Set `NOTEBOOK_RECORD_SNAPSHOTS=1` to rewrite them.
    static let snapshots = (folder as NSString).appendingPathComponent("__Snapshots__")

    /// A notebook parsed from `text`, as if read from `file`.
    static func document(_ text: String, file: String = "test.md") throws -> NotebookDocument {
        try NotebookDocument(bytes: Array(text.utf8), file: file)
    }

    /// The rendered body of a notebook written as `text`.
    static func body(_ text: String) throws -> String {
        PageRenderer(baseDirectory: NSTemporaryDirectory(), pictures: .linked).render(try document(text)).body
    }

    /// A fresh temporary folder.
    static func temporaryFolder() throws -> String {
        let path = (NSTemporaryDirectory() as NSString).appendingPathComponent("notebook-html-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Compares `text` with the stored snapshot `name`, or records it.
    static func assertSnapshot(_ text: String, named name: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let path = (snapshots as NSString).appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["NOTEBOOK_RECORD_SNAPSHOTS"] == "1" {
            try FileManager.default.createDirectory(atPath: snapshots, withIntermediateDirectories: true)
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            return
        }
        guard let stored = FileManager.default.contents(atPath: path) else {
            XCTFail("no snapshot \(name); run the tests with NOTEBOOK_RECORD_SNAPSHOTS=1 to record it", file: file, line: line)
            return
        }
        let expected = String(decoding: stored, as: UTF8.self)
        if expected != text {
            let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let actualLines = text.split(separator: "\n", omittingEmptySubsequences: false)
            let first = zip(expectedLines, actualLines).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(expectedLines.count, actualLines.count)
            let expectedLine = first < expectedLines.count ? String(expectedLines[first]) : "(end)"
            let actualLine = first < actualLines.count ? String(actualLines[first]) : "(end)"
            XCTFail("""
                \(name) differs from the snapshot at line \(first + 1) \
                (NOTEBOOK_RECORD_SNAPSHOTS=1 re-records it):
                expected: \(expectedLine)
                actual:   \(actualLine)
                """, file: file, line: line)
        }
    }

    /// Every tag of an HTML document: cmark and the renderer escape `<` in
    /// text and attributes, so each `<` opens a tag.
    static func tags(in html: String) -> [String] {
        var tags: [String] = []
        var rest = Substring(html)
        while let open = rest.firstIndex(of: "<") {
            let close = rest[open...].firstIndex(of: ">") ?? rest.endIndex
            tags.append(String(rest[open..<close]))
            rest = close < rest.endIndex ? rest[rest.index(after: close)...] : ""
        }
        return tags
    }
}
