/// Runs the code of cells, one after another, in one persistent scope.
///
/// `NotebookRunner` drives one executor per notebook. The executor of the
/// product runs cells with the Script interpreter (see
/// `NotebookRunner.makeExecutor(seed:)`); tests may supply their own.
public protocol CellExecutor: AnyObject {
    /// Runs one cell.
    ///
    /// - Parameters:
    ///   - source: the cell's code, lines separated by `\n`.
    ///   - file: the notebook's file name, for error messages.
    ///   - firstLine: the line of the Markdown file where `source` starts.
    ///   - deadline: when the cell must stop; past it the executor throws.
    ///   - output: where printed text and pictures go.
    /// - Throws: an error whose description is the error text of the cell, in
    ///   the form `FILE:LINE:COLUMN: error: MESSAGE`.
    func execute(
        _ source: String, file: String, firstLine: Int,
        deadline: ContinuousClock.Instant, output: CellOutput) throws
}
