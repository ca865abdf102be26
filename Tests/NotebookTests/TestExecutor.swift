import Notebook

/// A cell executor for tests, with a tiny line language:
/// `print TEXT` prints TEXT and a newline, `svg TEXT` displays TEXT as a
/// picture, `fail MESSAGE` throws at that line, `spin` loops until the
/// deadline and then throws. It records every cell it runs.
final class TestExecutor: CellExecutor {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    let seed: UInt64
    private(set) var executed: [(source: String, file: String, firstLine: Int)] = []

    init(seed: UInt64 = 0) {
        self.seed = seed
    }

    func execute(
        _ source: String, file: String, firstLine: Int,
        deadline: ContinuousClock.Instant, output: CellOutput
    ) throws {
        executed.append((source, file, firstLine))
        for (offset, line) in source.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let lineNumber = firstLine + offset
            if line.hasPrefix("print ") {
                output.write(line.dropFirst(6) + "\n")
            } else if line == "seed" {
                output.write("seed \(seed)\n")
            } else if line.hasPrefix("svg ") {
                output.display(svg: String(line.dropFirst(4)))
            } else if line.hasPrefix("fail ") {
                throw Failure(description: "\(file):\(lineNumber):1: error: \(line.dropFirst(5))")
            } else if line == "spin" {
                while ContinuousClock().now < deadline {}
                throw Failure(description: "\(file):\(lineNumber):1: error: the cell ran out of time")
            }
        }
    }
}
