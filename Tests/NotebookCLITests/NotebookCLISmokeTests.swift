import XCTest
import NotebookCLI

final class NotebookCLISmokeTests: XCTestCase {
    func testModuleLoads() { XCTAssertTrue(true) }
}
