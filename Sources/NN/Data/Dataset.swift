import Autograd

/// A map-style dataset, as `torch.utils.data.Dataset`: `count` samples
/// (`__len__`), each read by index (`__getitem__`) as its fields, in order:
/// `(image, label)` is a tensor and an `Int`.
///
/// Adopt it to give a `DataLoader` samples from anywhere: a file format, a cell
/// class, a generated set. Reading may fail (a corrupt file), so `sample(at:)`
/// throws; indices arrive in `0..<count`.
public protocol Dataset: AnyObject {
    /// The number of samples.
    var count: Int { get }
    /// The fields of the sample at `index` (in `0..<count`).
    func sample(at index: Int) throws -> [SampleValue]
}

extension Dataset {
    /// The sample at `index`, counting from the end when negative, as Python's
    /// indexing does; an index outside the dataset is an `IndexError`-like error.
    public func sample(checked index: Int) throws -> [SampleValue] {
        let size = count
        guard index >= -size, index < size else {
            throw DataError("index \(index) is out of range for a dataset of \(size) samples")
        }
        return try sample(at: index < 0 ? index + size : index)
    }
}
