import ArgumentParser

/// How much `run` and `test` print, shared by both.
struct ReportingOptions: ParsableArguments {
    @Flag(name: .shortAndLong, help: "Print a line for every cell, with its time.")
    var verbose = false

    @Flag(name: .shortAndLong, help: "Print errors only.")
    var quiet = false

    func validate() throws {
        if verbose && quiet { throw ValidationError("--verbose and --quiet cannot go together.") }
    }

    /// Sets how much this process prints.
    func apply() {
        Terminal.verbosity = quiet ? .quiet : verbose ? .verbose : .normal
    }
}
