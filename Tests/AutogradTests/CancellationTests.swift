import XCTest
@testable import Autograd

/// Engine work stops at the deadline of the `Cancellation` bound around it.
final class CancellationTests: XCTestCase {
    func testALargeMatrixProductStopsAtTheDeadline() throws {
        let a = try Tensor.rand([4096, 4096])
        let clock = ContinuousClock()
        let start = clock.now
        let cancellation = Cancellation(deadline: start + .milliseconds(200))
        _ = try Cancellation.$current.withValue(cancellation) { try a.mm(a) }
        let elapsed = start.duration(to: clock.now)
        XCTAssertTrue(cancellation.isCancelled)
        XCTAssertNil(cancellation.failure)
        // The whole product takes seconds on one core; a block of rows takes milliseconds.
        XCTAssertLessThan(elapsed, .milliseconds(700), "\(elapsed)")
    }

    func testWorkWithoutACancellationRunsToTheEnd() throws {
        let a = try Tensor.rand([300, 200]), b = try Tensor.rand([200, 100])
        let expected = try a.mm(b).floats
        let cancellation = Cancellation(deadline: nil)
        let product = try Cancellation.$current.withValue(cancellation) { try a.mm(b) }
        XCTAssertEqual(product.floats, expected)
        XCTAssertFalse(cancellation.isCancelled)
    }

    func testTheFirstFailureIsKept() {
        let cancellation = Cancellation(deadline: nil)
        cancellation.fail("first")
        cancellation.fail("second")
        XCTAssertEqual(cancellation.failure, "first")
        XCTAssertTrue(cancellation.isCancelled)
    }
}
