import XCTest
@testable import Notebook

final class ParallelMapTests: XCTestCase {
    func testResultsAndReportsComeInInputOrder() {
        let lock = NSLock()
        var reported: [Int] = []
        let results = ParallelMap.map(Array(0..<20), threads: 3, onResult: { index, value in
            lock.lock()
            reported.append(index)
            lock.unlock()
            XCTAssertEqual(value, index * index)
        }) { item -> Int in
            usleep(UInt32((20 - item) * 500))
            return item * item
        }
        XCTAssertEqual(results, (0..<20).map { $0 * $0 })
        XCTAssertEqual(reported, Array(0..<20))
    }

    func testEmptyInput() {
        XCTAssertEqual(ParallelMap.map([Int](), threads: 4) { $0 }, [])
    }
}
