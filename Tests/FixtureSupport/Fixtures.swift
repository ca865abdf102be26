import Autograd
import Foundation
import Serialization

/// PyTorch's reference data in `Tests/Reference`, made by
/// `scripts/reference/make_fixtures.py`.
public enum Fixtures {
    /// The reference-data folder, found from this file's place in the package.
    public static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Reference")

    /// The path of a file in the reference folder, such as `ops/ops.safetensors`.
    public static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    private static let lock = NSLock()
    nonisolated(unsafe) private static var cache: [String: [String: Tensor]] = [:]

    /// The tensors of a safetensors fixture, read once per test process.
    public static func tensors(_ relative: String) throws -> [String: Tensor] {
        lock.lock()
        defer { lock.unlock() }
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

    /// `relativeError` restricted to the elements a fixture sampled from a large
    /// tensor: `KEY.index` (flat indices), `KEY.sample` (PyTorch's values there)
    /// and `KEY.scale` (PyTorch's largest magnitude over the whole tensor).
    public static func sampledError(_ ours: Tensor, _ key: String, in data: [String: Tensor]) throws -> Double {
        guard let index = data["\(key).index"], let sample = data["\(key).sample"], let scale = data["\(key).scale"]?.floats.first else {
            throw FixtureError("no sample '\(key)' in the reference data")
        }
        let values = ours.floats
        var diff = 0.0
        for (i, expected) in zip(index.int64s, sample.floats) {
            guard i >= 0, Int(i) < values.count else { return .infinity }
            diff = max(diff, abs(Double(values[Int(i)]) - Double(expected)))
        }
        return scale == 0 ? diff : diff / Double(scale)
    }

    /// The SHA-256 of a tensor's elements as little-endian bytes in row-major
    /// order, as `make_fixtures.py` digests PyTorch's tensors.
    public static func digest(_ tensor: Tensor) -> String {
        var bytes: [UInt8] = []
        switch tensor.dtype {
        case .int64:
            for value in tensor.int64s { bytes += withUnsafeBytes(of: value.littleEndian, Array.init) }
        case .bool:
            bytes = tensor.floats.map { $0 != 0 ? 1 : 0 }
        default:
            // Whole tensors at once: element by element is minutes for a ResNet-50 in a debug build.
            var floats = tensor.floats
            for i in floats.indices { floats[i] = Float(bitPattern: floats[i].bitPattern.littleEndian) }
            bytes = floats.withUnsafeBytes { Array($0) }
        }
        return SHA256.hexDigest(of: bytes)
    }

    /// One tensor of a state dict as `resnet18/seed0.json` records it.
    public struct TensorDigest: Decodable, Sendable {
        public var name: String
        public var dtype: String
        public var shape: [Int]
        public var sha256: String
        /// The first few elements, for a readable failure.
        public var first: [Double]
    }

    /// The digests of a state dict recorded by `make_fixtures.py`, in its order.
    public static func digests(_ relative: String) throws -> [TensorDigest] {
        try JSONDecoder().decode([TensorDigest].self, from: Data(contentsOf: root.appendingPathComponent(relative)))
    }
}

/// A reference file that lacks what a test looks for.
public struct FixtureError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
