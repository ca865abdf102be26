import Script
import ScriptBindings

/// The product's cell executor: one Script interpreter per notebook, whose
/// top-level names persist from cell to cell.
final class ScriptExecutor: CellExecutor {
    private let interpreter = Interpreter()
    /// The folder cells resolve relative paths in and save checkpoints to.
    let folder: NotebookFolder

    /// An interpreter for one notebook, whose random numbers start from `seed`.
    init(seed: UInt64) {
        // The engine's library (tensors, modules, `graph(of:)`) with a random
        // generator of this notebook's own, seeded with `seed`. This is the only
        // place a notebook's interpreter is set up.
        folder = EngineLibrary.install(into: interpreter, seed: seed)
    }

    deinit {
        // The notebook has ended: free what its cells built, cycles included.
        interpreter.close()
    }

    func execute(
        _ source: String, file: String, firstLine: Int,
        deadline: ContinuousClock.Instant, output: CellOutput
    ) throws {
        let sink = Sink(output)
        interpreter.output = sink
        interpreter.deadline = deadline
        defer {
            interpreter.output = nil
            interpreter.deadline = nil
        }
        do {
            // A cell ending with an expression shows its value, as Jupyter does.
            if let value = try interpreter.run(source, file: file, firstLine: firstLine) {
                sink.write(interpreter.describe(value) + "\n")
            }
        } catch {
            // A later cell using a name this one would have declared is told why it is missing.
            interpreter.recordFailedCell(source, line: firstLine)
            throw error
        }
    }

    /// Forwards the interpreter's output to the cell's collector.
    private final class Sink: OutputSink {
        let output: CellOutput
        init(_ output: CellOutput) { self.output = output }
        func write(_ text: String) { output.write(text) }
        func display(svg: String) { output.display(svg: svg) }
    }
}
