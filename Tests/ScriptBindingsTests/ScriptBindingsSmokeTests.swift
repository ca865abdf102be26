import XCTest
import ScriptBindings

final class ScriptBindingsSmokeTests: XCTestCase {
    func testModuleLoads() { XCTAssertTrue(true) }
}
