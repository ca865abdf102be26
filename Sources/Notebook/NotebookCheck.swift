import Foundation

/// The verdict of `notebook test` on one notebook: each cell's fresh output
/// compared with the output stored in the file.
public struct NotebookCheck: Sendable {
    /// The verdict on one cell.
    public struct CellVerdict: Sendable {
        /// Passed, failed or skipped.
        public enum Outcome: Equatable, Sendable {
            /// The fresh output matches the stored one (or is not compared).
            case passed
            /// The cell failed or its output changed; the message says how
            /// (an error line, or a unified diff headed `FILE:LINE`).
            case failed(String)
            /// The cell was not run (`skip`, or an earlier cell failed).
            case skipped
        }

        /// The cell.
        public var cell: CodeCell
        /// The verdict.
        public var outcome: Outcome
        /// How long the cell took, in seconds.
        public var seconds: Double
        /// True when the fresh output differs from the stored one (`--accept` writes it).
        public var outputChanged: Bool
    }

    /// The run the verdicts come from.
    public var run: NotebookRun
    /// One verdict per cell, in order.
    public var verdicts: [CellVerdict]

    /// The notebook's path, as given.
    public var file: String { run.document.file }
    /// How many cells passed.
    public var passedCount: Int { verdicts.filter { $0.outcome == .passed }.count }
    /// How many cells were skipped.
    public var skippedCount: Int { verdicts.filter { $0.outcome == .skipped }.count }
    /// How many cells failed.
    public var failedCount: Int { verdicts.count - passedCount - skippedCount }

    /// Compares the outputs of `run` with those stored in its notebook.
    ///
    /// Pictures are read from the files the stored rich output refers to,
    /// relative to the notebook's folder: regular files reached without a
    /// symbolic link only (anything else compares as an empty picture).
    public init(run: NotebookRun) {
        self.run = run
        let document = run.document
        let folder = (document.file as NSString).deletingLastPathComponent
        verdicts = run.results.map { result in
            let cell = result.cell
            let tolerance = cell.options.tolerance ?? document.frontMatter.tolerance
            func verdict(_ outcome: CellVerdict.Outcome, changed: Bool) -> CellVerdict {
                CellVerdict(cell: cell, outcome: outcome, seconds: result.seconds, outputChanged: changed)
            }
            guard let fresh = result.output else { return verdict(.skipped, changed: false) }
            let difference = Self.difference(
                stored: cell.output, fresh: fresh, file: document.file, line: cell.line,
                folder: folder, comparison: OutputComparison(tolerance: tolerance))
            if let message = result.failureMessage(file: document.file) {
                return verdict(.failed(message), changed: difference != nil)
            }
            if cell.options.nondeterministic { return verdict(.passed, changed: difference != nil) }
            if let difference { return verdict(.failed(difference), changed: true) }
            return verdict(.passed, changed: false)
        }
    }

    /// Nil when `fresh` matches `stored`, else a unified diff headed `FILE:LINE`.
    static func difference(
        stored: StoredOutput, fresh: FreshOutput, file: String, line: Int,
        folder: String, comparison: OutputComparison
    ) -> String? {
        let storedText = stored.text.map { $0.text } ?? ""
        let storedIsError = stored.text?.isError ?? false
        var same = comparison.matches(stored: storedText, fresh: fresh.text)
            && (fresh.text.isEmpty || storedIsError == fresh.isError)
        var diff = ""
        if !same {
            let old = storedIsError ? "(stored, output error)" : "(stored)"
            let new = fresh.isError ? "(fresh, output error)" : "(fresh)"
            diff += LineDiff(old: OutputComparison.normalised(storedText), new: OutputComparison.normalised(fresh.text))
                .unified(oldHeader: "\(file):\(line) \(old)", newHeader: "\(file):\(line) \(new)")
        }
        let storedPictures = stored.rich?.images ?? []
        let count = max(storedPictures.count, fresh.pictures.count)
        for number in 0..<count {
            let old: String
            if number < storedPictures.count {
                // Only the notebook's own regular files: a stored picture that is a
                // link to another file must not show that file in the diff.
                old = (try? ContainedFiles.read(storedPictures[number], in: folder.isEmpty ? "." : folder))
                    .map { String(decoding: $0, as: UTF8.self) } ?? ""
            } else {
                old = ""
            }
            let new = number < fresh.pictures.count ? fresh.pictures[number] : ""
            if !comparison.matches(stored: old, fresh: new) {
                same = false
                let name = number < storedPictures.count ? storedPictures[number] : "picture \(number + 1)"
                diff += LineDiff(old: OutputComparison.normalised(old), new: OutputComparison.normalised(new))
                    .unified(oldHeader: "\(file):\(line) \(name) (stored)", newHeader: "\(file):\(line) \(name) (fresh)")
            }
        }
        return same ? nil : diff
    }
}
