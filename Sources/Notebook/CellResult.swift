/// The outcome of one cell in a run of a notebook.
public struct CellResult: Sendable {
    /// How the cell fared.
    public enum Status: Equatable, Sendable {
        /// The cell ran as expected (it succeeded, or it failed and is marked `error`).
        case ran
        /// The cell is marked `skip`.
        case skipped
        /// The cell was not run because an earlier cell failed.
        case notRun
        /// The cell failed unexpectedly; the payload is its error text.
        case failed(String)
        /// The cell is marked `error` but succeeded.
        case missingError
    }

    /// The cell, as read from the notebook.
    public var cell: CodeCell
    /// How the cell fared.
    public var status: Status
    /// What the cell produced, or nil when it was not run.
    public var output: FreshOutput?
    /// How long the cell took, in seconds.
    public var seconds: Double

    /// A result of the given parts.
    public init(cell: CodeCell, status: Status, output: FreshOutput?, seconds: Double) {
        self.cell = cell
        self.status = status
        self.output = output
        self.seconds = seconds
    }

    /// True for a cell that makes the run fail.
    public var isFailure: Bool {
        switch status {
        case .failed, .missingError: return true
        case .ran, .skipped, .notRun: return false
        }
    }

    /// One line saying why the cell failed (`FILE:LINE: error: …`), or nil.
    public func failureMessage(file: String) -> String? {
        switch status {
        case .failed(let text):
            return text
        case .missingError:
            return "\(file):\(cell.line): error: the cell is marked 'error' but ran without error"
        case .ran, .skipped, .notRun:
            return nil
        }
    }
}
