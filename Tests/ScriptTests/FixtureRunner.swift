import Foundation
import Script

/// Reads the fixture scripts under `Fixtures/` and runs their cases.
///
/// A fixture file holds cases, each starting with a `// case: NAME` line. A case
/// is one cell, or several cells separated by `// cell` lines, run in order by
/// one interpreter (with the test host registered). Comments state what must
/// happen:
///
/// - `// expect: TEXT` — the next printed line is TEXT (all printed lines must
///   be expected, in order);
/// - `// expect error: TEXT` — running the cell fails with an error on this
///   line whose message contains TEXT.
struct FixtureCase {
    var file: String
    var name: String
    var line: Int
    /// The cells: their source and the file line they start at.
    var cells: [(source: String, firstLine: Int)]
    var expectedOutput: [String]
    var expectedError: (line: Int, text: String)?

    /// The package's root directory.
    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// Every case of every fixture file.
    static func all() throws -> [FixtureCase] {
        let directory = packageRoot.appendingPathComponent("Tests/ScriptTests/Fixtures")
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".swiftcell") }.sorted()
        return try files.flatMap { name -> [FixtureCase] in
            let text = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
            return parse(text, file: "Tests/ScriptTests/Fixtures/\(name)")
        }
    }

    static func parse(_ text: String, file: String) -> [FixtureCase] {
        var cases: [FixtureCase] = []
        var current: FixtureCase?
        var cellLines: [String] = []
        var cellStart = 0
        func flushCell() {
            if current != nil && !cellLines.isEmpty {
                current!.cells.append((cellLines.joined(separator: "\n"), cellStart))
            }
            cellLines = []
        }
        let lines = text.components(separatedBy: "\n")
        for (index, line) in lines.enumerated() {
            let number = index + 1
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("// case:") {
                flushCell()
                if let c = current { cases.append(c) }
                let name = String(trimmed.dropFirst("// case:".count)).trimmingCharacters(in: .whitespaces)
                current = FixtureCase(file: file, name: name, line: number, cells: [], expectedOutput: [], expectedError: nil)
                cellStart = number + 1
                continue
            }
            guard current != nil else { continue }
            if trimmed == "// cell" {
                flushCell()
                cellStart = number + 1
                continue
            }
            cellLines.append(line)
            if let range = line.range(of: "// expect error: ") {
                current!.expectedError = (number, String(line[range.upperBound...]))
            } else if let range = line.range(of: "// expect: ") {
                current!.expectedOutput.append(String(line[range.upperBound...]))
            } else if line.hasSuffix("// expect:") {
                current!.expectedOutput.append("")
            }
        }
        flushCell()
        if let c = current { cases.append(c) }
        return cases
    }

    /// Runs the case; returns a description of each way it failed.
    func run() -> [String] {
        let interpreter = Interpreter()
        let sink = CapturingSink()
        interpreter.output = sink
        TestHost.register(in: interpreter)
        interpreter.deadline = ContinuousClock.now + .seconds(10)
        var error: ScriptError?
        var failures: [String] = []
        for cell in cells {
            do {
                try interpreter.run(cell.source, file: file, firstLine: cell.firstLine)
            } catch let e as ScriptError {
                error = e
                break
            } catch {
                failures.append("\(file):\(line): case '\(name)': unexpected error type \(error)")
                return failures
            }
        }
        var output = sink.text.components(separatedBy: "\n")
        if output.last == "" { output.removeLast() }
        if output != expectedOutput {
            failures.append("\(file):\(line): case '\(name)': output\n\(output.joined(separator: "\n"))\n--- expected\n\(expectedOutput.joined(separator: "\n"))")
        }
        switch (error, expectedError) {
        case (nil, nil): break
        case (let e?, nil):
            failures.append("\(file):\(e.location.line): case '\(name)': unexpected error: \(e)")
        case (nil, let expected?):
            failures.append("\(file):\(expected.line): case '\(name)': expected error containing '\(expected.text)', but the cell succeeded")
        case (let e?, let expected?):
            if e.location.line != expected.line || !e.message.contains(expected.text) || e.file != file {
                failures.append("\(file):\(expected.line): case '\(name)': expected error on line \(expected.line) containing '\(expected.text)', got \(e)")
            }
        }
        return failures
    }
}

/// An output sink that keeps what was written.
final class CapturingSink: OutputSink {
    var text = ""
    var pictures: [String] = []
    func write(_ text: String) { self.text += text }
    func display(svg: String) { pictures.append(svg) }
}
