import XCTest
@testable import Notebook

final class LineDiffTests: XCTestCase {
    func testEditScript() {
        let diff = LineDiff(old: ["a", "b", "c", "d"], new: ["a", "x", "c", "d", "e"])
        XCTAssertEqual(diff.edits, [.same("a"), .removed("b"), .added("x"), .same("c"), .same("d"), .added("e")])
        XCTAssertTrue(LineDiff(old: "a\nb\n", new: "a\nb").isEmpty)
        XCTAssertFalse(diff.isEmpty)
    }

    func testUnifiedFormat() {
        let old = (1...12).map { "line \($0)" }
        var new = old
        new[1] = "changed 2"
        new.remove(at: 10)
        let text = LineDiff(old: old, new: new).unified(oldHeader: "n.md:3 (stored)", newHeader: "n.md:3 (fresh)")
        XCTAssertEqual(text, """
            --- n.md:3 (stored)
            +++ n.md:3 (fresh)
            @@ -1,5 +1,5 @@
             line 1
            -line 2
            +changed 2
             line 3
             line 4
             line 5
            @@ -8,5 +8,4 @@
             line 8
             line 9
             line 10
            -line 11
             line 12

            """)
    }

    func testEmptySides() {
        XCTAssertEqual(LineDiff(old: "", new: "a\n").unified(oldHeader: "o", newHeader: "n"), "--- o\n+++ n\n@@ -0,0 +1 @@\n+a\n")
        XCTAssertEqual(LineDiff(old: "a\nb", new: "").unified(oldHeader: "o", newHeader: "n"), "--- o\n+++ n\n@@ -1,2 +0,0 @@\n-a\n-b\n")
        XCTAssertEqual(LineDiff(old: "a", new: "a").unified(oldHeader: "o", newHeader: "n"), "--- o\n+++ n\n")
    }

    func testLongerInputsGiveAMinimalScript() {
        let old = (0..<500).map { "\($0 % 7)" }
        let new = old.enumerated().filter { $0.offset % 50 != 0 }.map(\.element)
        let diff = LineDiff(old: old, new: new)
        XCTAssertEqual(diff.edits.filter { if case .removed = $0 { return true } else { return false } }.count, 10)
        XCTAssertEqual(diff.edits.filter { if case .added = $0 { return true } else { return false } }.count, 0)
    }
}
