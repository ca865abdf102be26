import XCTest
import Script
import ScriptTestSupport

/// Guards against quadratic behaviour: in-place updates of arrays, dictionaries
/// and stored properties must not copy their container each time.
final class PerformanceTests: XCTestCase {
    private func time(_ source: String) throws -> Double {
        let interpreter = Interpreter()
        interpreter.output = CapturingSink()
        TestHost.register(in: interpreter)
        let start = ContinuousClock.now
        try interpreter.run(source, file: "perf")
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    /// Each loop runs 40 000 updates; a copy per update would take tens of seconds.
    func testInPlaceUpdatesAreLinear() throws {
        let cases = [
            "var a: [Int] = []\nfor i in 0..<40_000 { a.append(i) }",
            "var a = Array(repeating: 0, count: 40_000)\nvar b = a\nfor i in 0..<40_000 { b[i] = i }",
            "var d: [String: [Int]] = [\"k\": []]\nfor i in 0..<40_000 { d[\"k\"]!.append(i) }",
            "var d: [String: [Int]] = [:]\nfor i in 0..<40_000 { d[\"k\", default: []].append(i) }",
            "class C { var xs: [Int] = [] }\nlet c = C()\nfor i in 0..<40_000 { c.xs.append(i) }",
            "var grid = [[Int]](repeating: [], count: 1)\nfor i in 0..<40_000 { grid[0].append(i) }",
            "var s = \"\"\nfor _ in 0..<40_000 { s += \"x\" }",
            "func f() { var a: [Int] = []\nfor i in 0..<40_000 { a += [i] } }\nf()",
        ]
        for source in cases {
            XCTAssertLessThan(try time(source), 3, source)
        }
    }

    /// A million integer additions (the release-build target is well under a second).
    func testMillionAdditions() throws {
        let seconds = try time("var t = 0\nfor i in 0..<1_000_000 { t += i }\nprint(t)")
        XCTAssertLessThan(seconds, 5)
    }

    /// The loop shapes cells use most, 200 000 iterations each: well under a
    /// second each in a release build; a slow path taken by mistake (an
    /// allocation or a lookup by name per iteration) shows here.
    func testCommonLoopShapes() throws {
        let cases = [
            "var i = 0\nvar t = 0\nwhile i < 200_000 { t += i; i += 1 }",
            "func f(_ x: Int) -> Int { x + 1 }\nvar t = 0\nfor i in 0..<200_000 { t += f(i) }",
            "var a: [Int] = []\nfor i in 0..<200_000 { a.append(i) }\nvar t = 0\nfor i in 0..<200_000 { t += a[i] }",
            "var n = 0\nfor i in 0..<200_000 { let s = \"item \\(i)\"; n += s.count }",
            "let v = Vector([1, 2])\nvar n = 0\nfor _ in 0..<200_000 { n += v.count }",
            "let c = Counter()\nfor _ in 0..<200_000 { c.increment(by: 2) }\nprint(c.value)",
        ]
        for source in cases {
            XCTAssertLessThan(try time(source), 5, source)
        }
    }
}
