import Autograd
import Foundation

/// Images and labels from a pair of idx files, as torchvision's `MNIST`,
/// `FashionMNIST` and our shipped `Digits` store them: sample `i` is the
/// image (an int64 tensor `[H, W]` of bytes 0 to 255, the engine's picture of a
/// greyscale PIL image) through `transform`, and its label as an `Int`.
public class IDXImageDataset: Dataset {
    /// The images, `[N, H, W]` bytes.
    public let images: [UInt8]
    /// The image size `(H, W)`.
    public let imageSize: (Int, Int)
    /// The class of each image.
    public let labels: [Int]
    /// Applied to each image as it is read.
    public var transform: Transform?
    /// Applied to each label as it is read (torchvision's `target_transform`),
    /// for example to make a one-hot tensor of it.
    public var targetTransform: ((Int) throws -> SampleValue)?

    /// Reads `imagesFile` (`[N, H, W]` bytes) and `labelsFile` (`[N]` bytes);
    /// `names` gives the files' names for errors.
    public init(imagesFile: String, labelsFile: String, transform: Transform? = nil,
                targetTransform: ((Int) throws -> SampleValue)? = nil) throws {
        let images = try IDXFile(path: imagesFile, name: imagesFile)
        let labels = try IDXFile(path: labelsFile, name: labelsFile)
        guard images.shape.count == 3 else {
            throw DataError("\(imagesFile): images must have 3 dimensions [N, H, W], not \(images.shape)")
        }
        guard labels.shape.count == 1, labels.shape[0] == images.shape[0] else {
            throw DataError("\(labelsFile): \(labels.shape) labels do not match \(images.shape[0]) images")
        }
        self.images = images.bytes
        imageSize = (images.shape[1], images.shape[2])
        self.labels = labels.bytes.map(Int.init)
        self.transform = transform
        self.targetTransform = targetTransform
    }

    public var count: Int { labels.count }

    /// The image at `index` before any transform.
    public func image(at index: Int) -> Tensor {
        let size = imageSize.0 * imageSize.1
        return Tensor(shape: [imageSize.0, imageSize.1], int64s: images[(index * size)..<((index + 1) * size)].map(Int64.init))
    }

    public func sample(at index: Int) throws -> [SampleValue] {
        var image = image(at: index)
        if let transform { image = try transform(image) }
        let label = try targetTransform?(labels[index]) ?? .int(labels[index])
        return [.tensor(image), label]
    }

    /// The file of `root` named `name`, plain or with `.gz`, or an error listing
    /// what to put there (nothing is ever downloaded).
    static func locate(_ names: [String], in folder: String, dataset: String, download: Bool) throws -> [String] {
        var found: [String] = []
        var missing: [String] = []
        for name in names {
            let plain = folder + "/" + name
            if FileManager.default.fileExists(atPath: plain) { found.append(plain) }
            else if FileManager.default.fileExists(atPath: plain + ".gz") { found.append(plain + ".gz") }
            else { missing.append(name) }
        }
        if download || !missing.isEmpty {
            let list = names.map { "\(folder)/\($0)[.gz]" }.joined(separator: ", ")
            throw DataError("\(dataset): \(download ? "nothing is downloaded" : "dataset not found"); put its files under the root: \(list)")
        }
        return found
    }
}

/// torchvision's `MNIST(root, train:, transform:, download:)`: the idx files
/// under `root/MNIST/raw/` (`train-images-idx3-ubyte`, …, plain or `.gz`),
/// 60,000 training or 10,000 test images of 28 × 28.
public class MNIST: IDXImageDataset {
    /// The name of the folder under `root`.
    class var folderName: String { "MNIST" }

    public init(root: String, train: Bool = true, transform: Transform? = nil,
                targetTransform: ((Int) throws -> SampleValue)? = nil, download: Bool = false) throws {
        let prefix = train ? "train" : "t10k"
        let files = try Self.locate(["\(prefix)-images-idx3-ubyte", "\(prefix)-labels-idx1-ubyte"],
                                    in: root + "/\(Self.folderName)/raw", dataset: Self.folderName, download: download)
        try super.init(imagesFile: files[0], labelsFile: files[1], transform: transform, targetTransform: targetTransform)
    }
}
