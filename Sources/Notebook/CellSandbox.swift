import Foundation
import Autograd
import Script
import ScriptBindings

/// The process-wide limits of cells that the command line sets: the folders
/// cells may read besides their notebook's (`--allow-read`) and the memory
/// limit (`--memory-limit`).
public enum CellSandbox {
    /// Folders every notebook's cells may read besides their own and the torch hub cache.
    public static var allowedReadFolders: [String] {
        get { CheckpointReadRule.allowedFolders }
        set { CheckpointReadRule.allowedFolders = newValue }
    }

    /// The memory limit of cells in bytes: tensors, and each array or string.
    public static var memoryLimit: Int {
        get { MemoryBudget.limit }
        set {
            MemoryBudget.limit = newValue
            Interpreter.defaultMemoryLimit = newValue
        }
    }

    /// Parses a size such as `512M`, `4G`, `1.5GB` or `1000000` (bytes); nil
    /// when it is not one.
    public static func parseSize(_ text: String) -> Int? {
        var digits = text.trimmingCharacters(in: .whitespaces).uppercased()
        if digits.hasSuffix("B") { digits.removeLast() }
        var scale = 1.0
        if let unit = digits.last, let power = ["K": 1, "M": 2, "G": 3, "T": 4][unit] {
            scale = pow(1024, Double(power))
            digits.removeLast()
        }
        guard let number = Double(digits), number.isFinite, number > 0, number * scale < 9e18 else { return nil }
        return Int(number * scale)
    }
}
