import Foundation
import XCTest
@testable import Script

/// Long chains of cell objects are released without one stack frame per link.
final class DeferredReleaseTests: XCTestCase {
    /// Runs `body` on a thread with a small stack (256 KB), where a release
    /// recursing once per link of a long chain would overflow.
    private func onSmallStack(_ body: @escaping @Sendable () -> Void) {
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            body()
            done.signal()
        }
        thread.stackSize = 256 << 10
        thread.start()
        done.wait()
    }

    final class Box: @unchecked Sendable { var interpreter: Interpreter? }

    /// An interpreter that ran `source`, held only by the returned box.
    private func ran(_ source: String) throws -> Box {
        let box = Box()
        box.interpreter = Interpreter()
        try box.interpreter!.run(source, file: "chain.md")
        return box
    }

    /// Releases the box's interpreter on a small stack, and checks it is gone.
    private func release(_ box: Box) {
        weak let weakInterpreter = box.interpreter
        // The thread that ran the cells lets go of the interpreter as it exits.
        let deadline = ContinuousClock.now + .seconds(2)
        while ContinuousClock.now < deadline && !isKnownUniquelyReferenced(&box.interpreter!) { usleep(10_000) }
        onSmallStack { box.interpreter = nil }
        XCTAssertNil(weakInterpreter, "the interpreter is kept alive by a cycle")
    }

    func testALongLinkedListOfInstancesIsReleasedIteratively() throws {
        release(try ran("""
            class Node {
                var next: Node?
                init(_ next: Node?) { self.next = next }
            }
            var head: Node? = nil
            var i = 0
            while i < 100000 { head = Node(head); i += 1 }
            """))
    }

    func testAChainOfClosuresIsReleasedIteratively() throws {
        release(try ran("""
            var f: () -> Int = { 0 }
            var i = 0
            while i < 100000 { let g = f; f = { g() + 1 }; i += 1 }
            """))
    }

    func testAnInterpreterIsFreedWhenItsLastReferenceGoes() throws {
        release(try ran("let x = [1, 2]\nfunc f() -> Int { x.count }\nassert(f() == 2)"))
    }

    func testParkedValuesAreAllReleased() {
        final class Counted { static var live = 0; init() { Counted.live += 1 }; deinit { Counted.live -= 1 } }
        let interpreter = Interpreter()
        interpreter.defineFunction("counted()") { _ in .host(Counted()) }
        XCTAssertNoThrow(try interpreter.run("""
            class Node {
                var next: Node?
                var payload: Any
                init(_ next: Node?) { self.next = next; payload = counted() }
            }
            var head: Node? = nil
            var i = 0
            while i < 1000 { head = Node(head); i += 1 }
            """, file: "list.md"))
        XCTAssertEqual(Counted.live, 1000)
        XCTAssertNoThrow(try interpreter.run("head = nil", file: "list.md"))
        XCTAssertEqual(Counted.live, 0)
    }

    func testDeeplyNestedDictionariesAreReleasedIteratively() throws {
        release(try ran("""
            var d: [String: Any] = [:]
            var i = 0
            while i < 20000 { d = ["a": d]; i += 1 }
            """))
    }

    func testDeeplyNestedTuplesAreReleasedIteratively() throws {
        release(try ran("""
            var t: Any = 0
            var i = 0
            while i < 20000 { t = (t, 1); i += 1 }
            """))
    }

    func testClosingReleasesDeeplyNestedArraysIteratively() throws {
        // Nested arrays hold no object of the interpreter's between levels:
        // only close() releases them without one stack frame per level.
        let box = try ran("""
            var t: Any = 0
            var i = 0
            while i < 20000 { t = [t, [1, 2]]; i += 1 }
            class Node2 { var next: Node2?; var all: [Any] = [] }
            let cycle = Node2()
            cycle.next = cycle
            cycle.all = [t, cycle]
            """)
        onSmallStack { box.interpreter!.close() }
        release(box)
    }

    func testDictionariesStayValuesWhenTheirStorageIsShared() throws {
        let interpreter = Interpreter()
        let sink = CapturingOutput()
        interpreter.output = sink
        try interpreter.run("""
            var a = ["x": 1, "y": 2]
            var b = a
            b["x"] = 10
            b["z"] = 3
            var c = a
            c.removeValue(forKey: "y")
            print(a, b, c)
            """, file: "values.md")
        XCTAssertEqual(sink.text, "[\"x\": 1, \"y\": 2] [\"x\": 10, \"y\": 2, \"z\": 3] [\"x\": 1]\n")
    }
}

/// Collects printed text.
private final class CapturingOutput: OutputSink {
    var text = ""
    func write(_ text: String) { self.text += text }
    func display(svg: String) {}
}
