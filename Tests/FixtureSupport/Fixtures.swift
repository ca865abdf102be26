import Autograd
import Serialization
import Foundation

/// PyTorch's reference data in `../shared/fixtures`, beside the package root.
public enum Fixtures {
    /// The fixtures folder.
    public static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/fixtures")

    /// The path of a file in the fixtures folder, such as `ops/ops.safetensors`.
    public static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    private static let lock = NSLock()
    nonisolated(unsafe) private static var cache: [String: [String: Tensor]] = [:]

    /// The tensors of a safetensors fixture, read once per test process.
    public static func tensors(_ relative: String) throws -> [String: Tensor] {
        lock.lock(); defer { lock.unlock() }
        if let cached = cache[relative] { return cached }
        let loaded = try SafeTensors.read(path(relative))
        cache[relative] = loaded
        return loaded
    }

    /// A JSON fixture, decoded as plain values.
    public static func json(_ relative: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(contentsOf: root.appendingPathComponent(relative)))
    }

    /// `max |ours − reference| / max |reference|`, the fixtures' measure of agreement.
    public static func relativeError(_ ours: Tensor, _ reference: Tensor) -> Double {
        guard ours.shape == reference.shape else { return .infinity }
        let a = ours.floats, b = reference.floats
        var diff = 0.0, scale = 0.0
        for (x, y) in zip(a, b) {
            diff = max(diff, abs(Double(x) - Double(y)))
            scale = max(scale, abs(Double(y)))
        }
        return scale == 0 ? diff : diff / scale
    }
}
