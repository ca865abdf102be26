import XCTest

final class RunCommandTests: XCTestCase {
    func testWritesOutputsAndASecondRunIsByteIdentical() throws {
        let cli = try CommandLineRunner(fixtures: ["basics.md"])
        let original = try cli.read("basics.md")
        let first = try cli.run("run", "basics.md")
        XCTAssertEqual(first.status, 0, first.standardError)
        let written = try cli.read("basics.md")
        XCTAssertTrue(written.contains("```swift\nprint(\"hello\")\nprint(\"world\")\n```\n\n```output\nhello\nworld\n```\n"), written)
        XCTAssertTrue(written.contains("```swift\nprint(0.333333)\n```\n\n```output\n0.333333\n```\n"), written)
        XCTAssertEqual(written.components(separatedBy: "```output").count - 1, 2, "only cells that print get an output")
        XCTAssertFalse(written.contains("quoted, never run\n```\n\n```output"))

        // Everything but the inserted outputs is unchanged.
        var stripped = written
        for block in ["\n```output\nhello\nworld\n```\n", "\n```output\n0.333333\n```\n"] {
            stripped = stripped.replacingOccurrences(of: block, with: "")
        }
        XCTAssertEqual(stripped, original)

        let bytes = try cli.bytes("basics.md")
        XCTAssertEqual(try cli.run("run", "basics.md").status, 0)
        XCTAssertEqual(try cli.bytes("basics.md"), bytes)
    }

    func testOutputFileLeavesTheInputAlone() throws {
        let cli = try CommandLineRunner(fixtures: ["basics.md"])
        let original = try cli.bytes("basics.md")
        XCTAssertEqual(try cli.run("run", "basics.md", "-o", "out.md").status, 0)
        XCTAssertEqual(try cli.bytes("basics.md"), original)
        XCTAssertTrue(try cli.read("out.md").contains("```output\nhello\nworld\n```"))
        XCTAssertEqual(try cli.run("run", "basics.md", "skip.md", "-o", "out.md").status, 2)
    }

    func testErrorCellsGetTheirErrorAsOutput() throws {
        let cli = try CommandLineRunner(fixtures: ["errors.md"])
        let result = try cli.run("run", "errors.md")
        XCTAssertEqual(result.status, 0, result.standardError)
        let written = try cli.read("errors.md")
        XCTAssertTrue(written.contains("```\n\n```output error\nbefore the error\nerror: "), written)
        XCTAssertTrue(written.contains("```output\nafter\n```"), written)
    }

    func testAnUnexpectedErrorStopsTheRunUnlessKeepGoing() throws {
        let cli = try CommandLineRunner(fixtures: ["failing.md"])
        let result = try cli.run("run", "failing.md")
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.standardError.contains("failing.md:8:1: error: "), result.standardError)
        var written = try cli.read("failing.md")
        XCTAssertTrue(written.contains("```output\nfirst\n```"))
        XCTAssertTrue(written.contains("undefinedName()\n```\n\n```output error\nerror: "), written)
        XCTAssertFalse(written.contains("```output\nnot reached"))

        XCTAssertEqual(try cli.run("run", "--keep-going", "failing.md").status, 1)
        written = try cli.read("failing.md")
        XCTAssertTrue(written.contains("```output\nnot reached\n```"), written)
    }

    func testSkippedCellsKeepTheirOutput() throws {
        let cli = try CommandLineRunner(fixtures: ["skip.md"])
        XCTAssertEqual(try cli.run("run", "skip.md").status, 0)
        let written = try cli.read("skip.md")
        XCTAssertTrue(written.contains("print(\"never run\")\n```\n\n```output\nkept as it is\n```"))
        XCTAssertTrue(written.contains("```output\nrun\n```"))
    }

    func testTimeout() throws {
        let cli = try CommandLineRunner(fixtures: ["timeout.md"])
        let start = Date()
        let result = try cli.run("run", "timeout.md")
        XCTAssertEqual(result.status, 1)
        XCTAssertLessThan(Date().timeIntervalSince(start), 30)
        XCTAssertTrue(try cli.read("timeout.md").contains("while true {}\n```\n\n```output error\nerror: "))
    }

    func testKillDuringALongCellLeavesTheFileIntact() throws {
        let cli = try CommandLineRunner(fixtures: ["slow.md"])
        let original = try cli.bytes("slow.md")
        let (process, _, _) = try cli.start(["run", "slow.md"])
        Thread.sleep(forTimeInterval: 1.5)
        XCTAssertTrue(process.isRunning)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        XCTAssertEqual(try cli.bytes("slow.md"), original)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: cli.folder.path), ["slow.md"])
    }
}

/// What `run` refuses to write, and how it writes what cells print.
final class RunCommandWritingTests: XCTestCase {
    func testAReadOnlyNotebookIsRefusedBeforeRunning() throws {
        let cli = try CommandLineRunner(fixtures: ["basics.md"])
        let path = cli.folder.appendingPathComponent("basics.md").path
        chmod(path, 0o444)
        let original = try cli.bytes("basics.md")
        let result = try cli.run("run", "basics.md")
        XCTAssertEqual(result.status, 2)
        XCTAssertEqual(result.standardError,
                       "notebook: error: basics.md: is read-only; it is not written (make it writable, or write elsewhere with -o)\n")
        XCTAssertEqual(try cli.bytes("basics.md"), original)
        XCTAssertEqual(try cli.run("run", "basics.md", "-o", "copy.md").status, 0, "writing elsewhere is fine")
    }

    func testASymlinkedNotebookIsWrittenThroughItsLink() throws {
        let cli = try CommandLineRunner(fixtures: ["basics.md"])
        try FileManager.default.createDirectory(at: cli.folder.appendingPathComponent("real"), withIntermediateDirectories: true)
        try FileManager.default.moveItem(at: cli.folder.appendingPathComponent("basics.md"),
                                         to: cli.folder.appendingPathComponent("real/basics.md"))
        try FileManager.default.createSymbolicLink(atPath: cli.folder.appendingPathComponent("link.md").path,
                                                   withDestinationPath: "real/basics.md")
        let result = try cli.run("run", "link.md")
        XCTAssertEqual(result.status, 0, result.standardError)
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: cli.folder.appendingPathComponent("link.md").path),
                       "real/basics.md", "the link stays a link")
        XCTAssertTrue(try cli.read("real/basics.md").contains("```output\nhello\nworld\n```"))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: cli.folder.appendingPathComponent("real").path), ["basics.md"])
    }

    func testControlCharactersRoundTripAndAreEscapedOnTheTerminal() throws {
        let cli = try CommandLineRunner(fixtures: [])
        try cli.write("escapes.md", """
            ```swift
            print("nul \\u{0} csi \\u{1B}[31mred\\u{1B}[0m osc \\u{1B}]52;c;aGVsbG8=\\u{07} bidi \\u{202E}txt cr\\rend")
            ```

            """)
        let run = try cli.run("run", "escapes.md")
        XCTAssertEqual(run.status, 0, run.standardError)
        let written = try cli.read("escapes.md")
        XCTAssertTrue(written.contains(#"nul \u{0} csi \u{1B}[31mred\u{1B}[0m osc \u{1B}]52;c;aGVsbG8=\u{7} bidi \u{202E}txt cr"#), written)
        XCTAssertFalse(written.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" }, "no control character in the file")
        let test = try cli.run("test", "escapes.md")
        XCTAssertEqual(test.status, 0, test.standardOutput)
        XCTAssertEqual(test.standardOutput, "1 passed, 0 failed\n")

        // A stored output holding raw escape sequences is shown escaped in the diff.
        try cli.write("stored.md", "```swift\nprint(\"x\")\n```\n\n```output\n\u{1B}]52;c;aGVsbG8=\u{07}\u{1B}[2J\u{202E}\n```\n")
        let diff = try cli.run("test", "stored.md")
        XCTAssertEqual(diff.status, 1)
        XCTAssertTrue(diff.standardOutput.contains(#"-\u{1B}]52;c;aGVsbG8=\u{7}\u{1B}[2J\u{202E}"#), diff.standardOutput)
        XCTAssertFalse(diff.standardOutput.unicodeScalars.contains { OutputEscapingScalars.isControl($0) }, diff.standardOutput)
    }

    func testOutputIsCappedWithATruncationLine() throws {
        let cli = try CommandLineRunner(fixtures: [])
        try cli.write("loud.md", "```swift\nfor i in 0..<100000 { print(\"line \\(i) of a loud cell\") }\n```\n")
        let run = try cli.run("run", "loud.md", "--output-limit", "64K")
        XCTAssertEqual(run.status, 0, run.standardError)
        let written = try cli.read("loud.md")
        XCTAssertLessThan(written.utf8.count, 70_000)
        XCTAssertTrue(written.hasSuffix("[output truncated: the cell printed more than 64 KB; --output-limit sets the limit]\n```\n"),
                      String(written.suffix(200)))
        XCTAssertEqual(try cli.run("test", "loud.md", "--output-limit", "64K").status, 0)
        XCTAssertEqual(try cli.run("run", "loud.md", "--output-limit", "lots").status, 2)
    }
}

/// The characters a terminal must never receive raw from a notebook.
enum OutputEscapingScalars {
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        (scalar.value < 0x20 && scalar != "\n" && scalar != "\t") || (0x7F...0x9F).contains(scalar.value)
            || [0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069].contains(scalar.value)
    }

    func testOneSummaryLinePerNotebookAndQuietPrintsErrorsOnly() throws {
        let cli = try CommandLineRunner(fixtures: ["skip.md", "basics.md"])
        let run = try cli.run("run", "basics.md")
        XCTAssertEqual(run.status, 0, run.standardError)
        let summary = try XCTUnwrap(run.standardError.split(separator: "\n").last.map(String.init), run.standardError)
        XCTAssertTrue(summary.hasPrefix("basics.md: "), summary)
        XCTAssertTrue(summary.range(of: #"^basics\.md: [0-9]+ cells, 2 outputs written, [0-9.]+ s$"#, options: .regularExpression) != nil, summary)
        let skipped = try cli.run("run", "skip.md")
        XCTAssertTrue(skipped.standardError.contains(" skipped, "), skipped.standardError)

        let quiet = try cli.run("run", "basics.md", "--quiet")
        XCTAssertEqual(quiet.status, 0)
        XCTAssertEqual(quiet.standardError, "")
        let verbose = try cli.run("run", "basics.md", "--verbose")
        XCTAssertTrue(verbose.standardError.range(of: #"\[1/[0-9]+\] basics\.md:[0-9]+ [0-9.]+ s\n"#, options: .regularExpression) != nil,
                      verbose.standardError)
        XCTAssertNotEqual(try cli.run("run", "basics.md", "-q", "-v").status, 0)
    }

    func testCellsRunInTheNotebooksFolderWhereverTheToolStarts() throws {
        let cli = try CommandLineRunner(fixtures: [])
        try FileManager.default.createDirectory(at: cli.folder.appendingPathComponent("sub"), withIntermediateDirectories: true)
        let text = "# Reads\n\n```swift\nsave(Tensor([1.0, 2.0]), \"beside.pt\")\nprint(load(\"beside.pt\"))\n```\n\n```swift error\nload(\"missing.pt\")\n```\n"
        try cli.write("sub/reads.md", text)
        XCTAssertEqual(try cli.run("run", "sub/reads.md").status, 0)
        let fromRoot = try cli.read("sub/reads.md")
        XCTAssertTrue(fromRoot.contains("```output\ntensor([1., 2.])\n```"), fromRoot)
        let missing = cli.folder.appendingPathComponent("sub/missing.pt").path
        XCTAssertTrue(fromRoot.contains("```output error\nerror: "), fromRoot)
        XCTAssertTrue(fromRoot.contains(missing), "the error names the full path: \(fromRoot)")
        XCTAssertTrue(FileManager.default.fileExists(atPath: cli.folder.appendingPathComponent("sub/beside.pt").path))

        // From inside the folder, after ten lines of prose and a rename: the same outputs.
        let moved = text.replacingOccurrences(of: "# Reads\n", with: "# Reads\n" + String(repeating: "Prose.\n", count: 10))
        try cli.write("sub/renamed.md", moved)
        try FileManager.default.removeItem(at: cli.folder.appendingPathComponent("sub/reads.md"))
        let inside = try CommandLineRunner(existing: cli.folder.appendingPathComponent("sub"))
        let run = try inside.run("run", "renamed.md")
        XCTAssertEqual(run.status, 0, run.standardError)
        let fromInside = try inside.read("renamed.md")
        XCTAssertEqual(fromInside.replacingOccurrences(of: String(repeating: "Prose.\n", count: 10), with: ""), fromRoot)
    }
}
