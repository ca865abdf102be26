import Foundation
import XCTest
import Script
import ScriptBindings
import ScriptTestSupport

/// Checks that each interpreter draws from a generator of its own. (Each case
/// of the fixture scripts under `Fixtures/` is a test of its own: see
/// `EngineFixtureTests.swift`.)
final class EngineLibraryTests: XCTestCase {
    /// What a cell drawing many random numbers prints, run by a new interpreter.
    private func draws(seed: UInt64) throws -> String {
        let interpreter = Interpreter()
        let sink = CapturingSink()
        interpreter.output = sink
        EngineLibrary.install(into: interpreter, seed: seed)
        try interpreter.run("""
            var total = 0.0
            for _ in 0..<200 { total += Tensor.rand([50]).sum().item() }
            print(total, Tensor.randn([3]))
            """, file: "draws.md")
        return sink.text
    }

    func testNotebooksRunningInParallelDrawFromTheirOwnGenerators() throws {
        let expected = try draws(seed: 0)
        XCTAssertNotEqual(expected, try draws(seed: 1))
        final class Results: @unchecked Sendable {
            let lock = NSLock()
            var texts: [String] = []
        }
        let results = Results()
        DispatchQueue.concurrentPerform(iterations: 6) { _ in
            let text = (try? self.draws(seed: 0)) ?? "failed"
            results.lock.lock()
            results.texts.append(text)
            results.lock.unlock()
        }
        XCTAssertEqual(results.texts, Array(repeating: expected, count: 6))
    }

    func testManualSeedReseedsOnlyItsOwnNotebook() throws {
        let first = Interpreter(), second = Interpreter()
        let firstSink = CapturingSink(), secondSink = CapturingSink()
        first.output = firstSink
        second.output = secondSink
        EngineLibrary.install(into: first, seed: 0)
        EngineLibrary.install(into: second, seed: 0)
        try first.run("let a = Tensor.rand([2])", file: "a.md")
        try second.run("manualSeed(7)", file: "b.md")
        try first.run("print(Tensor.rand([2]))", file: "a.md")
        try second.run("print(Tensor.rand([2]))", file: "b.md")
        // torch.manual_seed(0): rand(2) twice; torch.manual_seed(7): rand(2).
        XCTAssertEqual(firstSink.text, "tensor([0.0885, 0.1320])\n")
        XCTAssertEqual(secondSink.text, "tensor([0.5349, 0.1988])\n")
    }
}
