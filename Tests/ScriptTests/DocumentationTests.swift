import XCTest
import Script
import ScriptTestSupport

/// Runs every example of `docs/language.md` (see
/// `ScriptTestSupport/LanguageExample.swift`) in one interpreter, in order;
/// ```swift engine examples need the engine and are skipped.
final class DocumentationTests: XCTestCase {
    func testLanguageReferenceExamples() throws {
        let examples = try LanguageExample.all()
        XCTAssertGreaterThan(examples.count, 10)
        let interpreter = Interpreter()
        for example in examples where !example.options.contains("engine") {
            for failure in example.run(in: interpreter) { XCTFail(failure) }
        }
    }
}
