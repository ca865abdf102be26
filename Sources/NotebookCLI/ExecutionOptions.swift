import ArgumentParser
import Notebook

/// Options that change how cells run, shared by `run` and `test`.
struct ExecutionOptions: ParsableArguments {
    @Flag(help: "Run the remaining cells after a cell fails unexpectedly.")
    var keepGoing = false

    @Option(name: .customLong("allow-read"), help: ArgumentHelp(
        "A folder cells may read besides their notebook's and the torch hub cache (repeatable).", valueName: "DIR"))
    var allowRead: [String] = []

    @Option(name: .customLong("memory-limit"), help: ArgumentHelp(
        "The memory cells may use, such as 4G or 512M (default: half the machine's memory).", valueName: "SIZE"))
    var memoryLimit: String?

    @Option(name: .customLong("output-limit"), help: ArgumentHelp(
        "The most output one cell keeps, such as 4M or 100K (default: 4M); the rest is cut with a note.", valueName: "SIZE"))
    var outputLimit: String?

    func validate() throws {
        if let memoryLimit, CellSandbox.parseSize(memoryLimit) == nil {
            throw ValidationError("--memory-limit needs a size such as 4G or 512M, found '\(memoryLimit)'")
        }
        if let outputLimit, CellSandbox.parseSize(outputLimit) == nil {
            throw ValidationError("--output-limit needs a size such as 4M or 100K, found '\(outputLimit)'")
        }
    }

    /// Applies the options to every notebook this process runs.
    func apply() {
        CellSandbox.allowedReadFolders = allowRead
        if let memoryLimit, let bytes = CellSandbox.parseSize(memoryLimit) { CellSandbox.memoryLimit = bytes }
        if let outputLimit, let bytes = CellSandbox.parseSize(outputLimit) { CellOutput.defaultLimit = bytes }
    }

    /// The same options, for the command line of a notebook's own process.
    var arguments: [String] {
        var arguments: [String] = []
        if keepGoing { arguments.append("--keep-going") }
        for folder in allowRead { arguments += ["--allow-read", folder] }
        if let memoryLimit { arguments += ["--memory-limit", memoryLimit] }
        if let outputLimit { arguments += ["--output-limit", outputLimit] }
        return arguments
    }
}
