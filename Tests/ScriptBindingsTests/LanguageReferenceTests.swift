import Foundation
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
        // The examples save checkpoints: they run in a folder of their own.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("language-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("data"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // The data examples read the shipped digits from `data/digits`, as a notebook beside them would.
        try FileManager.default.copyItem(at: FixtureCase.packageRoot.appendingPathComponent("notebooks/data/digits"),
                                         to: folder.appendingPathComponent("data/digits"))
        EngineLibrary.install(into: interpreter, seed: 0, folder: folder.path)
        for example in examples {
            for failure in example.run(in: interpreter) { XCTFail(failure) }
        }
    }
}
