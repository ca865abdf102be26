import XCTest
import Script
import ScriptTestSupport

/// Runs every case of the fixture scripts under `Fixtures/` (see
/// `ScriptTestSupport/FixtureCase.swift`), each with the test host registered.
final class FixtureTests: XCTestCase {
    func testFixtures() throws {
        let cases = try FixtureCase.all(in: "Tests/ScriptTests/Fixtures")
        XCTAssertGreaterThanOrEqual(cases.count, 150, "fewer fixture cases than expected")
        for fixture in cases {
            let failures = fixture.run(timeout: .seconds(10)) { interpreter, _ in TestHost.register(in: interpreter) }
            for failure in failures { XCTFail(failure) }
        }
    }
}
