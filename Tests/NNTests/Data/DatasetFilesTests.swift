import Autograd
import Foundation
@testable import NN
import XCTest

/// Datasets read from tiny files written in the real formats, and the transforms.
final class DatasetFilesTests: XCTestCase {
    private var root: URL!

    override func setUpWithError() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("datasets-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("MNIST/raw"), withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: root) }

    private func idx(_ shape: [Int], _ data: [UInt8]) -> [UInt8] {
        var bytes: [UInt8] = [0, 0, 8, UInt8(shape.count)]
        for size in shape { bytes += [UInt8(size >> 24 & 0xff), UInt8(size >> 16 & 0xff), UInt8(size >> 8 & 0xff), UInt8(size & 0xff)] }
        return bytes + data
    }

    private func gzip(_ bytes: [UInt8], at url: URL) throws {
        try Data(bytes).write(to: url)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["gzip", "-nf", url.path]
        try process.run()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)
    }

    func testTargetTransformMakesOneHotLabels() throws {
        let raw = root.appendingPathComponent("MNIST/raw")
        try Data(idx([2, 1, 1], [0, 255])).write(to: raw.appendingPathComponent("train-images-idx3-ubyte"))
        try Data(idx([2], [3, 1])).write(to: raw.appendingPathComponent("train-labels-idx1-ubyte"))
        let mnist = try MNIST(root: root.path, transform: ToTensor(), targetTransform: { label in
            var hot = [Float](repeating: 0, count: 4)
            hot[label] = 1
            return .tensor(Tensor(shape: [4], floats: hot))
        })
        var iterator = try DataLoader(mnist, batchSize: 2).makeIterator()
        let batch = try XCTUnwrap(try iterator.next())
        XCTAssertEqual(batch[1].shape, [2, 4])
        XCTAssertEqual(batch[1].floats, [0, 0, 0, 1, 0, 1, 0, 0])
    }

    func testMNISTFromPlainAndGzipIdxFiles() throws {
        let raw = root.appendingPathComponent("MNIST/raw")
        let pixels = (0..<(3 * 2 * 2)).map { UInt8($0 * 20) }
        try Data(idx([3, 2, 2], pixels)).write(to: raw.appendingPathComponent("train-images-idx3-ubyte"))
        try gzip(idx([3], [7, 0, 9]), at: raw.appendingPathComponent("train-labels-idx1-ubyte"))
        let mnist = try MNIST(root: root.path, transform: ToTensor())
        XCTAssertEqual(mnist.count, 3)
        let sample = try mnist.sample(at: 1)
        guard case .tensor(let image) = sample[0], case .int(let label) = sample[1] else { return XCTFail("\(sample)") }
        XCTAssertEqual(image.shape, [1, 2, 2])
        XCTAssertEqual(image.floats, [80, 100, 120, 140].map { Float($0) / 255 })
        XCTAssertEqual(label, 0)
        var iterator = try DataLoader(mnist, batchSize: 3).makeIterator()
        let batch = try XCTUnwrap(try iterator.next())
        XCTAssertEqual(batch[0].shape, [3, 1, 2, 2])
        XCTAssertEqual(batch[1].int64s, [7, 0, 9])
    }

    func testMissingCorruptAndTruncatedFilesAreClearErrors() throws {
        XCTAssertThrowsError(try MNIST(root: root.path, train: false)) { error in
            XCTAssertEqual("\(error)", "MNIST: dataset not found; put its files under the root: \(root.path)/MNIST/raw/t10k-images-idx3-ubyte[.gz], \(root.path)/MNIST/raw/t10k-labels-idx1-ubyte[.gz]")
        }
        XCTAssertThrowsError(try FashionMNIST(root: root.path, download: true)) { error in
            XCTAssertTrue("\(error)".hasPrefix("FashionMNIST: nothing is downloaded; put its files under the root: \(root.path)/FashionMNIST/raw/train-images-idx3-ubyte[.gz]"), "\(error)")
        }
        let raw = root.appendingPathComponent("MNIST/raw")
        let images = raw.appendingPathComponent("train-images-idx3-ubyte"), labels = raw.appendingPathComponent("train-labels-idx1-ubyte")
        try Data(idx([2], [1, 2])).write(to: labels)
        try Data(idx([2, 2, 2], [1, 2, 3])).write(to: images)
        XCTAssertThrowsError(try MNIST(root: root.path)) { error in
            XCTAssertEqual("\(error)", "\(images.path): truncated idx file: dimensions [2, 2, 2] need 8 bytes of data, the file has 3")
        }
        try Data([0x08, 0x03, 0, 0]).write(to: images)
        XCTAssertThrowsError(try MNIST(root: root.path)) { error in
            XCTAssertTrue("\(error)".contains("not an idx file: the magic number must start with two zero bytes"), "\(error)")
        }
        try gzip(idx([2, 1, 1], [1, 2]), at: images)
        var compressed = [UInt8](try Data(contentsOf: URL(fileURLWithPath: images.path + ".gz")))
        compressed.removeLast(6)
        try Data(compressed).write(to: URL(fileURLWithPath: images.path + ".gz"))
        XCTAssertThrowsError(try MNIST(root: root.path)) { error in
            XCTAssertTrue("\(error)".contains("truncated gzip file") || "\(error)".contains("corrupt gzip"), "\(error)")
        }
        try Data([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0xff, 0xff, 0xff]).write(to: URL(fileURLWithPath: images.path + ".gz"))
        XCTAssertThrowsError(try MNIST(root: root.path)) { error in
            XCTAssertTrue("\(error)".contains("gzip"), "\(error)")
        }
    }

    func testCIFAR10BinaryBatches() throws {
        let folder = root.appendingPathComponent("cifar-10-batches-bin")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var record = [UInt8](repeating: 0, count: 3073)
        record[0] = 3
        record[1] = 10; record[1 + 1024] = 20; record[1 + 2048] = 30  // pixel (0, 0): red, green, blue
        try Data(record + record).write(to: folder.appendingPathComponent("test_batch.bin"))
        let cifar = try CIFAR10(root: root.path, train: false, transform: Compose([ToTensor(), try Normalize(mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5])]))
        XCTAssertEqual(cifar.count, 2)
        guard case .tensor(let image) = try cifar.sample(at: 1)[0] else { return XCTFail() }
        XCTAssertEqual(image.shape, [3, 32, 32])
        XCTAssertEqual(image.floats[0], (10 / 255 - 0.5) / 0.5, accuracy: 1e-6)
        XCTAssertEqual(image.floats[1024], (20 / 255 - 0.5) / 0.5, accuracy: 1e-6)
        XCTAssertEqual(image.floats[1], -1)
        try Data(record.dropLast()).write(to: folder.appendingPathComponent("test_batch.bin"))
        XCTAssertThrowsError(try CIFAR10(root: root.path, train: false)) { error in
            XCTAssertTrue("\(error)".contains("corrupt CIFAR-10 batch: 3072 bytes is not a whole number of 3073-byte records"), "\(error)")
        }
        XCTAssertThrowsError(try CIFAR10(root: root.path)) { error in
            XCTAssertTrue("\(error)".hasPrefix("CIFAR10: dataset not found; put the binary batches under the root: "), "\(error)")
        }
    }

    /// The flips and crops PyTorch draws after `torch.manual_seed(0)`.
    func testRandomTransformsDrawLikeTorchvision() throws {
        try Generator.$bound.withValue(Generator(seed: 0)) {
            let image = Tensor(shape: [1, 3, 4], floats: (1...12).map(Float.init))
            let flip = RandomHorizontalFlip(), crop = try RandomCrop(3, padding: 1)
            let flipped: [Float] = [4, 3, 2, 1, 8, 7, 6, 5, 12, 11, 10, 9]
            XCTAssertEqual(try flip(image).floats, flipped)
            XCTAssertEqual(try flip(image).floats, image.floats)
            XCTAssertEqual(try flip(image).floats, flipped)
            XCTAssertEqual(try crop(image).floats, [0, 0, 0, 3, 4, 0, 7, 8, 0])
            XCTAssertEqual(try crop(image).floats, [0, 0, 0, 3, 4, 0, 7, 8, 0])
            XCTAssertEqual(Generator.default.uniform(count: 1)[0], 0.8964447379112244, accuracy: 1e-7)
        }
        XCTAssertThrowsError(try RandomCrop(5)(Tensor.zeros([1, 3, 4]))) { error in
            XCTAssertEqual("\(error)", "Required crop size (5, 5) is larger than input image size (3, 4)")
        }
        XCTAssertThrowsError(try Normalize(mean: [0], std: [0]))
    }

    /// The digits shipped with the notebooks.
    func testShippedDigits() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("notebooks/data/digits")
        let digits = try Digits(root: folder.path)
        XCTAssertEqual(digits.count, 1797)
        XCTAssertEqual(digits.imageSize.0, 8)
        XCTAssertEqual(Set(digits.labels), Set(0..<10))
        XCTAssertEqual(Array(digits.labels.prefix(5)), [0, 1, 2, 3, 4])
        XCTAssertEqual(digits.image(at: 0).int64s.prefix(8).map { $0 }, [0, 0, 79, 207, 143, 15, 0, 0])
    }
}
