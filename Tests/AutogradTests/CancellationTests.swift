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

    func testRandomFillsStopWhenCancelled() throws {
        // A cancelled fill draws fewer numbers: the generator is left elsewhere
        // than after the whole fill, which the same seed reproduces without one.
        let count = 3 << 19  // three checks' worth of words
        for fill in [{ (g: Generator) in _ = try Tensor.randn([count], generator: g) },
                     { (g: Generator) in _ = try Tensor.rand([count], generator: g) }] {
            let whole = Generator(seed: 7)
            try fill(whole)
            let afterWhole = whole.nextDouble()
            let cancelled = Generator(seed: 7)
            let cancellation = Cancellation(deadline: nil)
            cancellation.fail("stop")
            try Cancellation.$current.withValue(cancellation) { try fill(cancelled) }
            XCTAssertNotEqual(cancelled.nextDouble(), afterWhole)
            // A cancellation that never stops leaves the stream as it is.
            let running = Generator(seed: 7)
            try Cancellation.$current.withValue(Cancellation(deadline: nil)) { try fill(running) }
            XCTAssertEqual(running.nextDouble(), afterWhole)
        }
    }
}
