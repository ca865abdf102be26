import XCTest
import Script

final class ScriptSmokeTests: XCTestCase {
    func testModuleLoads() { XCTAssertTrue(true) }
}
