import XCTest
import Script
import ScriptBindings

/// Runs every example of `docs/language.md` with the engine installed (seed 0),
/// including the `swift engine` examples of its "Engine surface" section: each
/// ```swift block is a cell (in one interpreter, in order) and the ```output
/// block after it is what it must print; a block with the `error` option must
/// fail with the message in its ```output error block.
final class LanguageReferenceTests: XCTestCase {
    struct Example {
        var line: Int
        var source: String
        var options: [String]
        var output: String?
    }

    static func examples(in text: String) -> [Example] {
        var examples: [Example] = []
        let lines = text.components(separatedBy: "\n")
        var index = 0
        func block(at start: Int) -> (info: String, body: String, end: Int)? {
            guard lines[start].hasPrefix("```") else { return nil }
            let info = String(lines[start].dropFirst(3)).trimmingCharacters(in: .whitespaces)
            var end = start + 1
            while end < lines.count && lines[end] != "```" { end += 1 }
            return (info, lines[(start + 1)..<min(end, lines.count)].joined(separator: "\n"), end)
        }
        while index < lines.count {
            guard let code = block(at: index), code.info.hasPrefix("swift") else {
                if let other = block(at: index) { index = other.end + 1 } else { index += 1 }
                continue
            }
            let firstLine = index + 2
            var next = code.end + 1
            while next < lines.count && lines[next].trimmingCharacters(in: .whitespaces).isEmpty { next += 1 }
            var output: String?
            if next < lines.count, let result = block(at: next), result.info.hasPrefix("output") {
                output = result.body
                index = result.end + 1
            } else {
                index = code.end + 1
            }
            let options = code.info.split(separator: " ").dropFirst().map(String.init)
            examples.append(Example(line: firstLine, source: code.body, options: options, output: output))
        }
        return examples
    }

    func testEveryExampleRunsWithTheEngine() throws {
        let url = FixtureCase.packageRoot.appendingPathComponent("docs/language.md")
        let text = try String(contentsOf: url, encoding: .utf8)
        let examples = Self.examples(in: text)
        XCTAssertGreaterThan(examples.filter { $0.options.contains("engine") }.count, 10, "too few engine examples")
        let interpreter = Interpreter()
        EngineLibrary.install(into: interpreter, seed: 0)
        for example in examples {
            let sink = CapturingSink()
            interpreter.output = sink
            let fails = example.options.contains("error")
            var printed: String
            do {
                try interpreter.run(example.source, file: "language.md", firstLine: example.line)
                printed = sink.text
                XCTAssertFalse(fails, "docs/language.md:\(example.line): example should fail")
            } catch let error as ScriptError {
                printed = sink.text + "error: \(error.message)\n"
                XCTAssertTrue(fails, "docs/language.md:\(example.line): \(error)")
            }
            let expected = example.output.map { $0 + "\n" } ?? ""
            XCTAssertEqual(printed, expected, "docs/language.md:\(example.line)")
        }
    }
}
