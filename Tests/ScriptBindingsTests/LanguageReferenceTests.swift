import XCTest
import Script
import ScriptBindings
import ScriptTestSupport

/// Runs every example of `docs/language.md` (see
/// `ScriptTestSupport/LanguageExample.swift`) in one interpreter with the
/// engine installed (seed 0), including the ```swift engine examples of its
/// "Engine surface" section.
final class LanguageReferenceTests: XCTestCase {
    func testEveryExampleRunsWithTheEngine() throws {
        let examples = try LanguageExample.all()
        XCTAssertGreaterThan(examples.filter { $0.options.contains("engine") }.count, 10, "too few engine examples")
        let interpreter = Interpreter()
        EngineLibrary.install(into: interpreter, seed: 0)
        for example in examples {
            for failure in example.run(in: interpreter) { XCTFail(failure) }
        }
    }
}
