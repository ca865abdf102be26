import XCTest
import Script
@testable import ScriptBindings

/// Runs every case of the fixture scripts (see `FixtureCase.swift`), each a
/// cell program using the engine with the outputs PyTorch prints.
final class EngineLibraryTests: XCTestCase {
    func testFixtures() throws {
        let cases = try FixtureCase.all()
        XCTAssertGreaterThanOrEqual(cases.count, 100, "fewer fixture cases than expected")
        for fixture in cases {
            for failure in fixture.run() { XCTFail(failure) }
        }
    }
}
