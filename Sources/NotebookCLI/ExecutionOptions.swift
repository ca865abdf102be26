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

    func validate() throws {
        if let memoryLimit, CellSandbox.parseSize(memoryLimit) == nil {
            throw ValidationError("--memory-limit needs a size such as 4G or 512M, found '\(memoryLimit)'")
        }
    }

    /// Applies the options to every notebook this process runs.
    func apply() {
        CellSandbox.allowedReadFolders = allowRead
        if let memoryLimit, let bytes = CellSandbox.parseSize(memoryLimit) { CellSandbox.memoryLimit = bytes }
    }
}
