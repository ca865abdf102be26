import Autograd
import Foundation

/// torchvision's `CIFAR10(root, train:, transform:, download:)` read from the
/// binary batches (`root/cifar-10-batches-bin/data_batch_1.bin` … `_5` and
/// `test_batch.bin`): records of one label byte and 3,072 image bytes (the red,
/// green and blue 32 × 32 planes). Sample `i` is the image as an int64 tensor
/// `[32, 32, 3]` of bytes (the engine's picture of an RGB PIL image) through
/// `transform`, and its label.
public final class CIFAR10: Dataset {
    static let recordSize = 1 + 3 * 32 * 32
    private var records: [UInt8] = []
    /// Applied to each image as it is read.
    public var transform: Transform?
    /// Applied to each label as it is read (torchvision's `target_transform`).
    public var targetTransform: ((Int) throws -> SampleValue)?

    public init(root: String, train: Bool = true, transform: Transform? = nil,
                targetTransform: ((Int) throws -> SampleValue)? = nil, download: Bool = false) throws {
        let folder = root + "/cifar-10-batches-bin"
        let names = train ? (1...5).map { "data_batch_\($0).bin" } : ["test_batch.bin"]
        let missing = names.filter { !FileManager.default.fileExists(atPath: folder + "/" + $0) }
        if download || !missing.isEmpty {
            throw DataError("CIFAR10: \(download ? "nothing is downloaded" : "dataset not found"); put the binary batches under the root: "
                + names.map { "\(folder)/\($0)" }.joined(separator: ", "))
        }
        for name in names {
            let path = folder + "/" + name
            guard let data = FileManager.default.contents(atPath: path) else { throw DataError("\(path): cannot read the file") }
            guard data.count % Self.recordSize == 0, !data.isEmpty else {
                throw DataError("\(path): corrupt CIFAR-10 batch: \(data.count) bytes is not a whole number of \(Self.recordSize)-byte records")
            }
            let bytes = [UInt8](data)
            for offset in stride(from: 0, to: bytes.count, by: Self.recordSize) where bytes[offset] > 9 {
                throw DataError("\(path): corrupt CIFAR-10 batch: label \(bytes[offset]) of record \(offset / Self.recordSize) is not a class 0 to 9")
            }
            records.append(contentsOf: bytes)
        }
        self.transform = transform
        self.targetTransform = targetTransform
    }

    /// The class names, in label order.
    public static let classes = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"]

    public var count: Int { records.count / Self.recordSize }

    public func sample(at index: Int) throws -> [SampleValue] {
        let base = index * Self.recordSize
        var pixels = [Int64](repeating: 0, count: 3 * 1024)
        for channel in 0..<3 {
            for position in 0..<1024 {
                pixels[position * 3 + channel] = Int64(records[base + 1 + channel * 1024 + position])
            }
        }
        var image = Tensor(shape: [32, 32, 3], int64s: pixels)
        if let transform { image = try transform(image) }
        let label = Int(records[base])
        return [.tensor(image), try targetTransform?(label) ?? .int(label)]
    }
}
