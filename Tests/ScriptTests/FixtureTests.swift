import XCTest
import Script

/// Runs every case of the fixture scripts (see `FixtureRunner.swift`).
final class FixtureTests: XCTestCase {
    func testFixtures() throws {
        let cases = try FixtureCase.all()
        XCTAssertGreaterThanOrEqual(cases.count, 150, "fewer fixture cases than expected")
        for fixture in cases {
            for failure in fixture.run() { XCTFail(failure) }
        }
    }
}
