import ArgumentParser

/// Options that change how cells run, shared by `run` and `test`.
struct ExecutionOptions: ParsableArguments {
    @Flag(help: "Run the remaining cells after a cell fails unexpectedly.")
    var keepGoing = false
}
