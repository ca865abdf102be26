import XCTest
import Autograd

final class AutogradSmokeTests: XCTestCase {
    func testModuleLoads() { XCTAssertTrue(true) }
}
