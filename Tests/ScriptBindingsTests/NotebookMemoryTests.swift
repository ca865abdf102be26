import Foundation
import XCTest
import Autograd
import Script
import ScriptBindings
import ScriptTestSupport

/// A notebook's memory is freed when it ends, whatever its cells declared.
final class NotebookMemoryTests: XCTestCase {
    /// Cells that declare every kind of thing that may capture its surroundings.
    static let declarations = """
        class Model {
            let w = Tensor.zeros([65536])
            var hook: (() -> Int)?
            func size() -> Int { w.shape[0] }
            func selfReferencing() { hook = { self.size() } }
        }
        struct Point { var x: Double; func moved() -> Point { Point(x: x + 1) } }
        enum Shape { case circle(Double), square(Double)
            var area: Double { switch self { case .circle(let r): return 3 * r * r; case .square(let s): return s * s } } }
        protocol Named { var name: String { get } }
        extension Point: Named { var name: String { "p" } }
        extension Int { var twice: Int { self * 2 } }
        let model = Model()
        model.selfReferencing()
        func recursive(_ n: Int) -> Int { n == 0 ? model.size() : recursive(n - 1) }
        var counter = 0
        let increment = { counter += 1; return counter }
        func makeAdder(_ k: Int) -> (Int) -> Int { { $0 + k + increment() } }
        let add = makeAdder(3)
        let layer = Linear(8, 4)
        let optimizer = SGD(layer.parameters(), lr: 0.1)
        let loss = layer(Tensor.rand([2, 8])).sum()
        loss.backward()
        optimizer.step()
        print(recursive(3), add(1), Point(x: 1).moved().name, Shape.circle(1).area, 2.twice, model.hook!())
        """

    /// Runs the declarations in a fresh interpreter with the engine's library,
    /// as a notebook does; returns a weak reference to the interpreter.
    private func runNotebook() throws -> () -> Interpreter? {
        let interpreter = Interpreter()
        interpreter.output = CapturingSink()
        EngineLibrary.install(into: interpreter, seed: 0)
        try interpreter.run(Self.declarations, file: "memory.md")
        interpreter.close()
        weak let weakInterpreter = interpreter
        return { weakInterpreter }
    }

    func testDeclarationsLeaveNoMemoryBehind() throws {
        let tensorsBefore = MemoryBudget.used
        // The first runs fill caches (metadata, parsed signatures) that stay.
        for _ in 0..<3 { _ = try runNotebook() }
        let residentBefore = Self.residentBytes()
        let runs = 100
        for _ in 0..<runs {
            let interpreter = try runNotebook()
            // The thread that ran the cells lets go of the interpreter as it exits.
            let deadline = ContinuousClock.now + .seconds(2)
            while interpreter() != nil && ContinuousClock.now < deadline { usleep(1_000) }
            XCTAssertNil(interpreter(), "the interpreter is kept alive by a cycle")
        }
        let leaked = (Self.residentBytes() - residentBefore) / runs
        XCTAssertEqual(MemoryBudget.used, tensorsBefore, "the notebooks' tensors are still alive")
        // Without close(): about 450 KB per notebook (the host's types, the
        // cells' functions and classes, and the model's tensor); with it,
        // what is left is within the noise of resident memory.
        XCTAssertLessThan(leaked, 64 << 10, "bytes left in memory per notebook")
    }

    /// The process's resident memory after giving freed heap pages back.
    static func residentBytes() -> Int {
        typealias Trim = @convention(c) (Int) -> Int32
        if let symbol = dlsym(dlopen(nil, RTLD_NOW), "malloc_trim") {
            _ = unsafeBitCast(symbol, to: Trim.self)(0)
        }
        let statm = (try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8)) ?? ""
        let pages = statm.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }
}
