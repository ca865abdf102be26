import XCTest
import Script

/// Runs every example of `docs/language.md`: each ```swift block is a cell (in
/// one interpreter, in order) and the ```output block after it is what it must
/// print; ```swift error blocks must fail with the message in their
/// ```output error block; ```swift engine blocks need the engine and are skipped.
final class DocumentationTests: XCTestCase {
    struct Example {
        var line: Int
        var source: String
        var kind: String
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
            let startLine = index + 1
            let kind = code.info.split(separator: " ").dropFirst().first.map(String.init) ?? ""
            var next = code.end + 1
            while next < lines.count && lines[next].trimmingCharacters(in: .whitespaces).isEmpty { next += 1 }
            var output: String?
            if next < lines.count, let result = block(at: next), result.info.hasPrefix("output") {
                output = result.body
                index = result.end + 1
            } else {
                index = code.end + 1
            }
            examples.append(Example(line: startLine, source: code.body, kind: kind, output: output))
        }
        return examples
    }

    func testLanguageReferenceExamples() throws {
        let url = FixtureCase.packageRoot.appendingPathComponent("docs/language.md")
        let text = try String(contentsOf: url, encoding: .utf8)
        let examples = Self.examples(in: text)
        XCTAssertGreaterThan(examples.count, 10)
        let interpreter = Interpreter()
        for example in examples where example.kind != "engine" {
            let sink = CapturingSink()
            interpreter.output = sink
            var printed = sink.text
            do {
                try interpreter.run(example.source, file: "language.md", firstLine: 1)
                printed = sink.text
                XCTAssertNotEqual(example.kind, "error", "docs/language.md:\(example.line): example should fail")
            } catch let error as ScriptError {
                printed = sink.text + "error: \(error.message)\n"
                XCTAssertEqual(example.kind, "error", "docs/language.md:\(example.line): \(error)")
            }
            let expected = example.output.map { $0 + "\n" } ?? ""
            XCTAssertEqual(printed, expected, "docs/language.md:\(example.line)")
        }
    }
}
