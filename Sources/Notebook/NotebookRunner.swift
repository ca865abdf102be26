import Foundation

/// Runs the code cells of a notebook in order, in one executor, and collects
/// what each printed.
///
/// Options are honoured: `skip` cells are not run; `error` cells must fail and
/// their error text becomes their output; `hide` and `nondeterministic` cells
/// run normally. An unexpected error ends the run (the cell's output is its
/// error text) unless `keepGoing` is set.
public struct NotebookRunner {
    /// Where a cell stands, for progress reports.
    public struct Progress: Sendable {
        /// The notebook's path, as given.
        public var file: String
        /// The cell that finished.
        public var cell: CodeCell
        /// How many cells the notebook has.
        public var cellCount: Int
        /// How long the cell took, in seconds.
        public var seconds: Double
        /// What the cell did.
        public var result: CellResult

        /// A report on `result`, a cell of a notebook of `cellCount` cells.
        public init(file: String, result: CellResult, cellCount: Int) {
            self.file = file
            self.cell = result.cell
            self.cellCount = cellCount
            self.seconds = result.seconds
            self.result = result
        }
    }

    /// Makes the executor of one notebook, given the notebook's seed.
    public var makeExecutor: (UInt64) -> CellExecutor
    /// Runs the remaining cells after an unexpected error.
    public var keepGoing: Bool
    /// Called after each cell that ran.
    public var progress: ((Progress) -> Void)?
    /// Called before each cell runs.
    public var cellWillRun: ((CodeCell) -> Void)?

    /// A runner with the product's executor unless another is given.
    public init(
        keepGoing: Bool = false,
        makeExecutor: @escaping (UInt64) -> CellExecutor = NotebookRunner.makeExecutor(seed:),
        progress: ((Progress) -> Void)? = nil
    ) {
        self.keepGoing = keepGoing
        self.makeExecutor = makeExecutor
        self.progress = progress
    }

    /// The executor of the product: the Script interpreter with the engine installed.
    ///
    /// This is the one place where a notebook's interpreter is made, and so the
    /// place where the engine's library is installed into it and seeded.
    public static func makeExecutor(seed: UInt64) -> CellExecutor {
        ScriptExecutor(seed: seed)
    }

    /// Runs every cell of `document` and returns their results.
    public func run(_ document: NotebookDocument) -> NotebookRun {
        let executor = makeExecutor(document.frontMatter.seed)
        if let script = executor as? ScriptExecutor {
            // Cells run in their notebook's folder.
            let folder = (document.file as NSString).deletingLastPathComponent
            script.folder.path = folder.isEmpty ? "." : folder
        }
        let fileName = (document.file as NSString).lastPathComponent
        var results: [CellResult] = []
        var stopped = false
        for cell in document.cells {
            if cell.options.skip {
                results.append(CellResult(cell: cell, status: .skipped, output: nil, seconds: 0))
                continue
            }
            if stopped {
                results.append(CellResult(cell: cell, status: .notRun, output: nil, seconds: 0))
                continue
            }
            cellWillRun?(cell)
            let clock = ContinuousClock()
            let start = clock.now
            let timeout = cell.options.timeout ?? document.frontMatter.timeout
            let deadline = start.advanced(by: .milliseconds(CellOptions.milliseconds(ofTimeout: timeout)))
            let output = CellOutput()
            var errorText: String?
            do {
                try executor.execute(
                    cell.source, file: fileName, firstLine: cell.firstSourceLine,
                    deadline: deadline, output: output)
            } catch {
                errorText = String(describing: error)
            }
            let elapsed = start.duration(to: clock.now)
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18

            let status: CellResult.Status
            let fresh: FreshOutput
            if let errorText {
                var text = output.text
                if !text.isEmpty && !text.hasSuffix("\n") { text += "\n" }
                text += Self.storedError(errorText, file: fileName) + "\n"
                fresh = FreshOutput(text: text, isError: true, pictures: output.pictures)
                status = cell.options.expectsError ? .ran : .failed(errorText)
            } else {
                fresh = FreshOutput(text: output.text, pictures: output.pictures)
                status = cell.options.expectsError ? .missingError : .ran
            }
            let result = CellResult(cell: cell, status: status, output: fresh, seconds: seconds)
            results.append(result)
            progress?(Progress(file: document.file, result: result, cellCount: document.cells.count))
            if case .failed = status, !keepGoing { stopped = true }
        }
        return NotebookRun(document: document, results: results)
    }

    /// An error as a cell's stored output: without the `FILE:LINE:COLUMN: `
    /// in front of its first line, so that the stored output stays the same
    /// when prose is added above the cell or the notebook is renamed. The
    /// terminal still shows the position (the result's status keeps it).
    public static func storedError(_ text: String, file: String) -> String {
        guard text.hasPrefix(file + ":") else { return text }
        var rest = text.dropFirst(file.count + 1)
        // LINE, then an optional :COLUMN, then ": ".
        for _ in 0..<2 {
            let digits = rest.prefix(while: { $0.isASCII && $0.isNumber })
            guard !digits.isEmpty else { return text }
            rest = rest.dropFirst(digits.count)
            if rest.hasPrefix(": ") { return String(rest.dropFirst(2)) }
            guard rest.hasPrefix(":") else { return text }
            rest = rest.dropFirst()
        }
        return text
    }
}
