/// The results of running every cell of one notebook.
public struct NotebookRun: Sendable {
    /// The notebook as it was read.
    public var document: NotebookDocument
    /// One result per code cell, in order.
    public var results: [CellResult]

    /// The results of the given cells of `document`.
    public init(document: NotebookDocument, results: [CellResult]) {
        self.document = document
        self.results = results
    }

    /// True when some cell failed.
    public var hasFailures: Bool { results.contains { $0.isFailure } }

    /// The fresh outputs by cell index, for the cells that ran (for `NotebookWriter`).
    public var freshOutputs: [Int: FreshOutput] {
        var outputs: [Int: FreshOutput] = [:]
        for result in results {
            if let output = result.output { outputs[result.cell.index] = output }
        }
        return outputs
    }
}
