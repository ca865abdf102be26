import Foundation
import XCTest

/// A Python with torch, for the tests that check files against PyTorch itself;
/// they skip with a message when there is none.
public enum TorchPython {
    /// Runs `script` with `arguments` and returns what it printed; skips the
    /// test when there is no such Python or it has no torch.
    public static func run(_ script: String, arguments: [String]) throws -> String {
        let python = ProcessInfo.processInfo.environment["TORCH_PYTHON"] ?? "python3"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python, "-c", script] + arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        do { try process.run() } catch { throw XCTSkip("no Python at '\(python)' (set TORCH_PYTHON to a Python with torch)") }
        let output = out.fileHandleForReading.readDataToEndOfFile()
        let errors = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        if process.terminationStatus != 0 {
            if errors.contains("No module named 'torch'") || errors.contains("No such file") {
                throw XCTSkip("'\(python)' has no torch (set TORCH_PYTHON to a Python with torch)")
            }
            XCTFail("python failed: \(errors)")
        }
        return String(decoding: output, as: UTF8.self)
    }
}
