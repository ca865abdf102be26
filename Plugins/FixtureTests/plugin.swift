import Foundation
import PackagePlugin

/// Makes one Swift Testing test per fixture case.
///
/// A test target that uses this plugin keeps its fixture scripts in
/// `Fixtures/*.swiftcell` (see `Tests/ScriptTestSupport/FixtureCase.swift`).
/// For each file the plugin generates a suite, and in it one `@Test` per
/// `// case:` line, named after the case, that calls the target's own
/// `runFixtureCase(file:line:)`. Each case is then reported, listed by
/// `swift test --list-tests` and run alone with `--filter`.
@main
struct FixtureTests: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let fixtures = target.directoryURL.appending(path: "Fixtures")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: fixtures.path())) ?? []
        let files = names.filter { $0.hasSuffix(".swiftcell") }.sorted().map { fixtures.appending(path: $0) }
        let output = context.pluginWorkDirectoryURL.appending(path: "GeneratedFixtureTests.swift")
        let packageRoot = context.package.directoryURL.path()
        return [
            .buildCommand(
                displayName: "Generating a test per fixture case of \(target.name)",
                executable: try context.tool(named: "FixtureTestGenerator").url,
                arguments: [packageRoot, output.path()] + files.map { $0.path() },
                inputFiles: files,
                outputFiles: [output]),
        ]
    }
}
