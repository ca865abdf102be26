import Foundation
import XCTest
import Autograd
import Script
import ScriptBindings
import ScriptTestSupport

/// The cell's deadline holds inside engine calls, and the memory budget ends a
/// cell with an error instead of an abort.
final class EngineLimitsTests: XCTestCase {
    private func run(_ source: String, seconds: Double) -> (error: ScriptError?, elapsed: Duration) {
        let interpreter = Interpreter()
        interpreter.output = CapturingSink()
        EngineLibrary.install(into: interpreter, seed: 0)
        let clock = ContinuousClock()
        let start = clock.now
        interpreter.deadline = start + .milliseconds(Int(seconds * 1000))
        do {
            try interpreter.run(source, file: "limits.md", firstLine: 10)
            return (nil, start.duration(to: clock.now))
        } catch {
            return (error as? ScriptError, start.duration(to: clock.now))
        }
    }

    func testTimeoutStopsALoopOfResNetForwards() throws {
        let (error, elapsed) = run("""
            let model = resnet18()
            let x = Tensor.rand([1, 3, 224, 224])
            for _ in 0..<1000 { _ = model(x) }
            """, seconds: 2)
        let e = try XCTUnwrap(error)
        XCTAssertTrue(e.message.hasPrefix("cell timed out after 2"), e.message)
        XCTAssertEqual(e.location.line, 12, "the line that was running")
        XCTAssertLessThan(elapsed, .milliseconds(2500), "\(elapsed)")
    }

    func testTimeoutStopsOneLargeMatrixProduct() throws {
        let (error, elapsed) = run("""
            let a = Tensor.rand([4096, 4096])
            let b = a.matmul(a)
            print(b.shape)
            """, seconds: 0.5)
        let e = try XCTUnwrap(error)
        XCTAssertTrue(e.message.hasPrefix("cell timed out"), e.message)
        XCTAssertEqual(e.location.line, 11)
        XCTAssertLessThan(elapsed, .milliseconds(1000), "\(elapsed)")
    }

    func testTimeoutStopsAnEmptyLoop() throws {
        let (error, elapsed) = run("while true {}", seconds: 0.5)
        XCTAssertTrue(try XCTUnwrap(error).message.hasPrefix("cell timed out"))
        XCTAssertLessThan(elapsed, .milliseconds(1000), "\(elapsed)")
    }

    func testANotebooksInterpreterAndItsTensorsAreFreedWhenItEnds() throws {
        let before = MemoryBudget.used
        weak var weakInterpreter: Interpreter?
        do {
            let interpreter = Interpreter()
            interpreter.output = CapturingSink()
            EngineLibrary.install(into: interpreter, seed: 0)
            try interpreter.run("""
                let big = Tensor.zeros([1048576])
                let model = Linear(4, 2)
                let optimizer = SGD(model.parameters(), lr: 0.1)
                let y = model(Tensor.rand([3, 4])).sum()
                y.backward()
                optimizer.step()
                """, file: "cycle.md")
            weakInterpreter = interpreter
            XCTAssertGreaterThanOrEqual(MemoryBudget.used - before, 4 << 20)
        }
        // The thread that ran the cell lets go of the interpreter as it exits.
        let deadline = ContinuousClock.now + .seconds(2)
        while weakInterpreter != nil && ContinuousClock.now < deadline { usleep(10_000) }
        XCTAssertNil(weakInterpreter, "the interpreter is kept alive by a cycle")
        XCTAssertLessThan(MemoryBudget.used - before, 1 << 20, "the notebook's tensors are still alive")
    }
}
