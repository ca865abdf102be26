import XCTest
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import Notebook

final class JUnitReportTests: XCTestCase {
    func testReportParsesAndHasOneTestCasePerCell() throws {
        let text = "```swift\nprint <&>\"'\n```\n\n```output\nold\n```\n```swift skip\n```\n```swift\n```\n"
        let document = try NotebookDocument(bytes: Array(text.utf8), file: "dir/n.md")
        let check = NotebookCheck(run: NotebookRunner(makeExecutor: { TestExecutor(seed: $0) }).run(document))
        let xml = JUnitReport.xml(for: [check])
        let parsed = try XMLDocument(xmlString: xml)
        let cases = try parsed.nodes(forXPath: "//testcase").compactMap { $0 as? XMLElement }
        XCTAssertEqual(cases.map { $0.attribute(forName: "name")?.stringValue }, [
            "cell 1 (line 1)", "cell 2 (line 8)", "cell 3 (line 10)",
        ])
        XCTAssertEqual(cases.map { $0.attribute(forName: "classname")?.stringValue }, Array(repeating: "dir/n.md", count: 3))
        let failure = try XCTUnwrap(cases[0].elements(forName: "failure").first)
        XCTAssertTrue(failure.attribute(forName: "message")?.stringValue?.contains("+<&>\"'") ?? false)
        XCTAssertTrue(failure.stringValue?.hasPrefix("--- dir/n.md:1 (stored)\n") ?? false)
        XCTAssertEqual(cases[1].elements(forName: "skipped").count, 1)
        XCTAssertEqual(cases[2].children?.count ?? 0, 0)
        let suite = try XCTUnwrap(parsed.rootElement()?.elements(forName: "testsuite").first)
        XCTAssertEqual(suite.attribute(forName: "failures")?.stringValue, "1")
        XCTAssertEqual(suite.attribute(forName: "skipped")?.stringValue, "1")
        XCTAssertEqual(suite.attribute(forName: "tests")?.stringValue, "3")
    }

    func testEscapeDropsCharactersXMLForbids() {
        XCTAssertEqual(JUnitReport.escape("a\u{1}b<c\n"), "ab&lt;c&#10;")
        XCTAssertEqual(JUnitReport.escape("&<>\"'\t\r\u{FFFE}é"), "&amp;&lt;&gt;&quot;&apos;&#9;&#13;é")
    }
}
