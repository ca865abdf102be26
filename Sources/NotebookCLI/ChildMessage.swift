import Foundation
import Notebook

/// What the process running one notebook tells the tool's own process, one
/// JSON object per line on the pipe between them.
struct ChildMessage: Codable {
    /// The kinds of messages.
    enum Kind: String, Codable {
        /// The cell `cell` starts.
        case start
        /// The cell `cell` ended: its status and output follow.
        case result
        /// Every cell has run.
        case done
    }

    var kind: Kind
    /// The cell's index (1-based), for `start` and `result`.
    var cell: Int?
    /// `ran`, `skipped`, `notRun`, `failed` or `missingError`.
    var status: String?
    /// The error text of a `failed` cell.
    var error: String?
    /// The output, when the cell produced one.
    var text: String?
    var isError: Bool?
    var pictures: [String]?
    var seconds: Double?

    /// The message for a cell's result.
    init(result: CellResult) {
        kind = .result
        cell = result.cell.index
        switch result.status {
        case .ran: status = "ran"
        case .skipped: status = "skipped"
        case .notRun: status = "notRun"
        case .missingError: status = "missingError"
        case .failed(let message):
            status = "failed"
            error = message
        }
        text = result.output?.text
        isError = result.output?.isError
        pictures = result.output?.pictures
        seconds = result.seconds
    }

    init(kind: Kind, cell: Int? = nil) {
        self.kind = kind
        self.cell = cell
    }

    /// The cell result this message carries, for `cell` of the notebook.
    func result(for cell: CodeCell) -> CellResult? {
        let output = text.map { FreshOutput(text: $0, isError: isError ?? false, pictures: pictures ?? []) }
        let status: CellResult.Status
        switch self.status {
        case "ran": status = .ran
        case "skipped": status = .skipped
        case "notRun": status = .notRun
        case "missingError": status = .missingError
        case "failed": status = .failed(error ?? "")
        default: return nil
        }
        return CellResult(cell: cell, status: status, output: output, seconds: seconds ?? 0)
    }

    /// The message as one line of JSON.
    func line() -> [UInt8] {
        let encoder = JSONEncoder()
        let data = (try? encoder.encode(self)) ?? Data("{\"kind\":\"done\"}".utf8)
        return [UInt8](data) + [UInt8(ascii: "\n")]
    }
}
