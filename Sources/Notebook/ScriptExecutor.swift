import Script

/// The product's cell executor: one Script interpreter per notebook.
///
/// The interpreter is not part of the build yet: every cell fails with an
/// error saying so.
final class ScriptExecutor: CellExecutor {
    /// An executor for a notebook whose generator is seeded with `seed`.
    init(seed: UInt64) {
        _ = seed
    }

    func execute(
        _ source: String, file: String, firstLine: Int,
        deadline: ContinuousClock.Instant, output: CellOutput
    ) throws {
        throw NotebookError(file: file, line: firstLine, message: "the Script interpreter is not available in this build")
    }
}
