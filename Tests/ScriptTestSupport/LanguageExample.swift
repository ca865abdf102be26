import Foundation
import Script

/// An example of the language reference, `docs/language.md`: a ```swift block
/// and the ```output block after it, if any.
///
/// The words after `swift` in the block's info string are its options: an
/// `engine` example needs `EngineLibrary` installed; an `error` example must
/// fail, and its ```output error block ends with `error: MESSAGE`. Examples run
/// in order in one interpreter, as the cells of a notebook do.
public struct LanguageExample {
    /// The file line where the example's source starts.
    public var line: Int
    public var source: String
    public var options: [String]
    /// The body of the ```output block after the example, if there is one.
    public var output: String?

    /// Every example of `docs/language.md`, in order.
    public static func all() throws -> [LanguageExample] {
        let url = FixtureCase.packageRoot.appendingPathComponent("docs/language.md")
        return examples(in: try String(contentsOf: url, encoding: .utf8))
    }

    static func examples(in text: String) -> [LanguageExample] {
        var examples: [LanguageExample] = []
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
            examples.append(LanguageExample(line: firstLine, source: code.body, options: options, output: output))
        }
        return examples
    }

    /// Runs the example in `interpreter`, which has run the examples before it;
    /// returns a description of each way the example failed.
    public func run(in interpreter: Interpreter) -> [String] {
        let sink = CapturingSink()
        interpreter.output = sink
        let fails = options.contains("error")
        var failures: [String] = []
        var printed: String
        do {
            // As in a notebook, a last expression's value shows under the example.
            if let value = try interpreter.run(source, file: "language.md", firstLine: line) {
                sink.write(interpreter.describe(value) + "\n")
            }
            printed = sink.text
            if fails { failures.append("docs/language.md:\(line): example should fail") }
        } catch let error as ScriptError {
            printed = sink.text + "error: \(error.message)\n"
            if !fails { failures.append("docs/language.md:\(line): \(error)") }
        } catch {
            return ["docs/language.md:\(line): unexpected error type \(error)"]
        }
        let expected = output.map { $0 + "\n" } ?? ""
        if printed != expected {
            failures.append("docs/language.md:\(line): printed\n\(printed)--- expected\n\(expected)")
        }
        return failures
    }
}
