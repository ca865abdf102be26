import XCTest
@testable import Autograd

/// Tensors count against the memory budget; what exceeds it is an error, never an abort.
final class MemoryBudgetTests: XCTestCase {
    private var savedLimit = 0

    override func setUp() { savedLimit = MemoryBudget.limit }
    override func tearDown() { MemoryBudget.limit = savedLimit }

    func testShapesAreCheckedForOverflowAndTheLimit() throws {
        MemoryBudget.limit = MemoryBudget.used + (1 << 20)
        XCTAssertNoThrow(try MemoryBudget.check(shape: [16, 1024], for: "a tensor"))
        XCTAssertNoThrow(try MemoryBudget.check(shape: [0, 1 << 20], for: "a tensor"))
        XCTAssertThrowsError(try MemoryBudget.check(shape: [0, 1 << 40, 1 << 40], for: "a tensor")) { error in
            XCTAssertTrue("\(error)".contains("more elements than fit in an Int"), "\(error)")
        }
        XCTAssertThrowsError(try MemoryBudget.check(shape: [1024, 1024], for: "a tensor")) { error in
            XCTAssertTrue("\(error)".contains("a tensor of shape [1024, 1024] asks for 4.0 MB, more than the memory limit of"), "\(error)")
        }
        XCTAssertThrowsError(try MemoryBudget.check(shape: [-1], for: "a tensor"))
    }

    func testStoragesCountWhileTheyLive() throws {
        let before = MemoryBudget.used
        var tensor: Tensor? = Tensor.zeros([1 << 18])
        XCTAssertEqual(MemoryBudget.used - before, 1 << 20)
        XCTAssertNotNil(tensor)
        tensor = nil
        XCTAssertEqual(MemoryBudget.used, before)
    }

    func testAStorageOverTheBudgetFailsTheWorkInsteadOfAborting() throws {
        MemoryBudget.limit = MemoryBudget.used + (1 << 20)
        let cancellation = Cancellation(deadline: nil)
        // 64 GB: more than this machine would give, refused without touching a page.
        let huge = Cancellation.$current.withValue(cancellation) { Tensor.zeros([1 << 34]) }
        XCTAssertEqual(huge.count, 1 << 34)
        XCTAssertTrue(cancellation.isCancelled)
        XCTAssertTrue(cancellation.failure?.hasPrefix("out of memory: a tensor asks for 64.0 GB") ?? false,
                      cancellation.failure ?? "no failure")
        let before = MemoryBudget.used
        withExtendedLifetime(huge) {}
        XCTAssertEqual(MemoryBudget.used, before, "a refused storage is not counted")
    }

    func testBroadcastingIsCheckedBeforeItAllocates() throws {
        let a = Tensor.zeros([1 << 20, 1]), b = Tensor.zeros([1, 1 << 20])
        XCTAssertThrowsError(try a.adding(b)) { error in
            XCTAssertTrue("\(error)".contains("out of memory: the result of broadcasting of shape [1048576, 1048576]"), "\(error)")
        }
        XCTAssertThrowsError(try a.mm(b)) { error in
            XCTAssertTrue("\(error)".contains("out of memory: a matrix product"), "\(error)")
        }
    }
}
