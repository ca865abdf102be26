import XCTest
@testable import Notebook

final class LineTableTests: XCTestCase {
    func testCountsLinesLikeCommonMark() {
        let table = LineTable(Array("a\nbc\r\nd\re".utf8))
        XCTAssertEqual(table.lines, [
            .init(start: 0, contentEnd: 1, end: 2),
            .init(start: 2, contentEnd: 4, end: 6),
            .init(start: 6, contentEnd: 7, end: 8),
            .init(start: 8, contentEnd: 9, end: 9),
        ])
        XCTAssertNil(table.line(5))
        XCTAssertNil(table.line(0))
    }

    func testFinalLineEndingStartsNoLine() {
        XCTAssertEqual(LineTable(Array("a\n".utf8)).count, 1)
        XCTAssertEqual(LineTable([]).count, 0)
        XCTAssertEqual(LineTable(Array("\n\n".utf8)).count, 2)
    }
}
