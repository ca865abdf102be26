import Foundation
import Script

/// A case of a folder of fixture scripts (`*.swiftcell` files).
///
/// A fixture file holds cases, each starting with a `// case: NAME` line. A case
/// is one cell, or several cells separated by `// cell` lines, run in order by
/// one interpreter that the test target prepares: `ScriptTests` registers its
/// test host, `ScriptBindingsTests` installs `EngineLibrary` with the case's seed
/// (0, unless a `// seed: N` line follows the case line). Comments state what
/// must happen:
///
/// - `// expect: TEXT` — the next printed line is TEXT (all printed lines must
///   be expected, in order);
/// - `// expect error: TEXT` — running the cell fails with an error on this
///   line whose message contains TEXT; `// expect error at N: TEXT` pins the
///   column N too;
/// - `// expect pictures: N` — the case displays N SVG pictures;
/// - `// expect picture text: TEXT` — the last picture contains TEXT.
///
/// `$FIXTURES` in a cell stands for PyTorch's reference data (`Tests/Reference`) and
/// `$ROOT` for the package's root.
public struct FixtureCase {
    public var file: String
    public var name: String
    public var line: Int
    public var seed: UInt64 = 0
    /// The cells: their source and the file line they start at.
    public var cells: [(source: String, firstLine: Int)] = []
    public var expectedOutput: [String] = []
    public var expectedError: (line: Int, text: String)?
    /// The column the error must point at, when the case gives one.
    public var expectedErrorColumn: Int?
    public var expectedPictures: Int?
    public var expectedPictureTexts: [String] = []

    /// The package's root directory.
    public static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// Every case of every fixture file in `folder`, a path relative to the
    /// package's root such as `Tests/ScriptTests/Fixtures`.
    public static func all(in folder: String) throws -> [FixtureCase] {
        let directory = packageRoot.appendingPathComponent(folder)
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".swiftcell") }.sorted()
        return try files.flatMap { name -> [FixtureCase] in
            let text = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
            return parse(text, file: "\(folder)/\(name)")
        }
    }

    /// The case whose `// case:` line is `line` of `file`, a path relative to
    /// the package's root such as `Tests/ScriptTests/Fixtures/basics.swiftcell`.
    public static func at(file: String, line: Int) throws -> FixtureCase {
        let text = try String(contentsOf: packageRoot.appendingPathComponent(file), encoding: .utf8)
        guard let found = parse(text, file: file).first(where: { $0.line == line }) else {
            throw FixtureError(description: "\(file):\(line): no '// case:' line here; the generated tests are stale")
        }
        return found
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
        for (index, line) in text.components(separatedBy: "\n").enumerated() {
            let number = index + 1
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("// case:") {
                flushCell()
                if let c = current { cases.append(c) }
                let name = String(trimmed.dropFirst("// case:".count)).trimmingCharacters(in: .whitespaces)
                current = FixtureCase(file: file, name: name, line: number)
                cellStart = number + 1
                continue
            }
            guard current != nil else { continue }
            if trimmed == "// cell" {
                flushCell()
                cellStart = number + 1
                continue
            }
            if trimmed.hasPrefix("// seed:"), let seed = UInt64(trimmed.dropFirst("// seed:".count).trimmingCharacters(in: .whitespaces)) {
                current!.seed = seed
            }
            if trimmed.hasPrefix("// expect pictures:"), let count = Int(trimmed.dropFirst("// expect pictures:".count).trimmingCharacters(in: .whitespaces)) {
                current!.expectedPictures = count
            }
            if let range = line.range(of: "// expect picture text: ") {
                current!.expectedPictureTexts.append(String(line[range.upperBound...]))
            }
            cellLines.append(line
                .replacingOccurrences(of: "$FIXTURES", with: packageRoot.appendingPathComponent("Tests/Reference").path)
                .replacingOccurrences(of: "$ROOT", with: packageRoot.path))
            if let range = line.range(of: "// expect error at "), let colon = line[range.upperBound...].range(of: ": "),
               let column = Int(line[range.upperBound..<colon.lowerBound]) {
                current!.expectedError = (number, String(line[colon.upperBound...]))
                current!.expectedErrorColumn = column
            } else if let range = line.range(of: "// expect error: ") {
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

    /// The memory limit of the interpreters that run cases, in bytes.
    public static let memoryLimit = 256 << 20

    /// Runs the case in a new interpreter, which `prepare` readies (given the
    /// case's seed) and which stops after `timeout`; returns a description of
    /// each way the case failed.
    public func run(timeout: Duration, prepare: (Interpreter, _ seed: UInt64) -> Void) -> [String] {
        let interpreter = Interpreter()
        let sink = CapturingSink()
        interpreter.output = sink
        // Small enough that the cases which exhaust it do so quickly.
        interpreter.memoryLimit = FixtureCase.memoryLimit
        prepare(interpreter, seed)
        interpreter.deadline = ContinuousClock.now + timeout
        var error: ScriptError?
        var failures: [String] = []
        for cell in cells {
            do {
                try interpreter.run(cell.source, file: file, firstLine: cell.firstLine)
            } catch let e as ScriptError {
                error = e
                break
            } catch {
                return ["\(file):\(line): case '\(name)': unexpected error type \(error)"]
            }
        }
        var output = sink.text.components(separatedBy: "\n")
        if output.last == "" { output.removeLast() }
        if output != expectedOutput {
            failures.append("\(file):\(line): case '\(name)': output\n\(output.joined(separator: "\n"))\n--- expected\n\(expectedOutput.joined(separator: "\n"))")
        }
        if let expectedPictures, sink.pictures.count != expectedPictures {
            failures.append("\(file):\(line): case '\(name)': \(sink.pictures.count) pictures, expected \(expectedPictures)")
        }
        for text in expectedPictureTexts where !(sink.pictures.last ?? "").contains(text) {
            failures.append("\(file):\(line): case '\(name)': the last picture does not contain '\(text)'")
        }
        switch (error, expectedError) {
        case (nil, nil): break
        case (let e?, nil):
            failures.append("\(file):\(e.location.line): case '\(name)': unexpected error: \(e)")
        case (nil, let expected?):
            failures.append("\(file):\(expected.line): case '\(name)': expected error containing '\(expected.text)', but the cell succeeded")
        case (let e?, let expected?):
            if e.location.line != expected.line || !e.message.contains(expected.text) || e.file != file
                || expectedErrorColumn.map({ $0 != e.location.column }) ?? false {
                failures.append("\(file):\(expected.line): case '\(name)': expected error on line \(expected.line) containing '\(expected.text)', got \(e)")
            }
        }
        return failures
    }
}

/// A fixture file that does not hold the case a generated test names.
public struct FixtureError: Error, CustomStringConvertible {
    public var description: String
}
