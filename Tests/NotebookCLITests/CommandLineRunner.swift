import Foundation
import XCTest

/// Runs the built `notebook` binary in a scratch folder holding copies of the fixture notebooks.
struct CommandLineRunner {
    /// What one run of the binary did.
    struct Result {
        var status: Int32
        var standardOutput: String
        var standardError: String
    }

    /// The scratch folder the binary runs in.
    let folder: URL

    /// A scratch folder with copies of the named fixtures (all of them when `fixtures` is nil).
    init(fixtures: [String]? = nil) throws {
        folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("notebook-cli-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let names = try fixtures ?? FileManager.default.contentsOfDirectory(atPath: Self.fixtures.path)
        for name in names {
            try FileManager.default.copyItem(
                at: Self.fixtures.appendingPathComponent(name), to: folder.appendingPathComponent(name))
        }
    }

    /// A runner in an existing folder (such as a sub-folder of another runner's).
    init(existing folder: URL) {
        self.folder = folder
    }

    /// The fixture notebooks, next to this file.
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    /// The `notebook` binary built with the tests.
    static var binary: URL {
        #if os(macOS)
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            return bundle.bundleURL.deletingLastPathComponent().appendingPathComponent("notebook")
        }
        #endif
        return Bundle.main.bundleURL.appendingPathComponent("notebook")
    }

    /// Starts the binary with `arguments` in the scratch folder; output goes to files.
    func start(_ arguments: [String], environment: [String: String] = [:]) throws -> (process: Process, output: URL, error: URL) {
        let process = Process()
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        process.executableURL = Self.binary
        process.arguments = arguments
        process.currentDirectoryURL = folder
        let id = UUID().uuidString
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("out-\(id)")
        let error = FileManager.default.temporaryDirectory.appendingPathComponent("err-\(id)")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        _ = FileManager.default.createFile(atPath: error.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = try FileHandle(forWritingTo: error)
        try process.run()
        return (process, output, error)
    }

    /// Runs the binary with `arguments` in the scratch folder and waits for it.
    @discardableResult
    func run(_ arguments: String...) throws -> Result {
        try run(environment: [:], arguments)
    }

    /// Runs the binary with `arguments` and extra environment variables, and waits for it.
    @discardableResult
    func run(environment: [String: String], _ arguments: String...) throws -> Result {
        try run(environment: environment, arguments)
    }

    private func run(environment: [String: String], _ arguments: [String]) throws -> Result {
        let (process, output, error) = try start(arguments, environment: environment)
        process.waitUntilExit()
        defer {
            try? FileManager.default.removeItem(at: output)
            try? FileManager.default.removeItem(at: error)
        }
        return Result(
            status: process.terminationStatus,
            standardOutput: try String(contentsOf: output, encoding: .utf8),
            standardError: try String(contentsOf: error, encoding: .utf8))
    }

    /// The text of a file in the scratch folder.
    func read(_ name: String) throws -> String {
        try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
    }

    /// The bytes of a file in the scratch folder.
    func bytes(_ name: String) throws -> Data {
        try Data(contentsOf: folder.appendingPathComponent(name))
    }

    /// Replaces a file in the scratch folder.
    func write(_ name: String, _ text: String) throws {
        try Data(text.utf8).write(to: folder.appendingPathComponent(name))
    }
}
