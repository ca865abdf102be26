import Autograd

/// The samples of a dataset at given indices, as `torch.utils.data.Subset`.
public final class Subset: Dataset {
    /// The dataset the samples come from.
    public let dataset: Dataset
    /// The indices into `dataset`, in the subset's order.
    public let indices: [Int]

    /// The samples of `dataset` at `indices` (negative indices count from the end);
    /// every index must lie inside the dataset.
    public init(_ dataset: Dataset, indices: [Int]) throws {
        let size = dataset.count
        if let bad = indices.first(where: { $0 < -size || $0 >= size }) {
            throw DataError("index \(bad) is out of range for a dataset of \(size) samples")
        }
        self.dataset = dataset
        self.indices = indices.map { $0 < 0 ? $0 + size : $0 }
    }

    public var count: Int { indices.count }

    public func sample(at index: Int) throws -> [SampleValue] {
        try dataset.sample(at: indices[index])
    }
}

/// Splits `dataset` into non-overlapping subsets of the given lengths, as
/// `torch.utils.data.random_split`: one `randperm` of the whole length from
/// `generator` (the default generator unless given), cut in order.
public func randomSplit(_ dataset: Dataset, lengths: [Int], generator: Generator = .default) throws -> [Subset] {
    guard lengths.allSatisfy({ $0 >= 0 }) else {
        throw DataError("Sum of input lengths does not equal the length of the input dataset!")
    }
    let (total, overflow) = lengths.reduce((0, false)) { partial, length in
        let (sum, o) = partial.0.addingReportingOverflow(length)
        return (sum, partial.1 || o)
    }
    guard !overflow, total == dataset.count else {
        throw DataError("Sum of input lengths does not equal the length of the input dataset!")
    }
    let permutation = generator.randperm(total).map { Int($0) }
    var subsets: [Subset] = []
    var offset = 0
    for length in lengths {
        subsets.append(try Subset(dataset, indices: Array(permutation[offset..<(offset + length)])))
        offset += length
    }
    return subsets
}

/// Splits `dataset` by fractions that sum to 1, as `random_split` does: each
/// length is `floor(fraction × count)`, and what remains is handed out one by
/// one from the first split on.
public func randomSplit(_ dataset: Dataset, fractions: [Double], generator: Generator = .default) throws -> [Subset] {
    let sum = fractions.reduce(0, +)
    guard abs(sum - 1) <= 1e-9 * max(1, abs(sum)), sum <= 1 else {
        throw DataError("Sum of input lengths does not equal the length of the input dataset!")
    }
    var lengths: [Int] = []
    for (i, fraction) in fractions.enumerated() {
        guard fraction >= 0, fraction <= 1 else { throw DataError("Fraction at index \(i) is not between 0 and 1") }
        lengths.append(Int((Double(dataset.count) * fraction).rounded(.down)))
    }
    let remainder = dataset.count - lengths.reduce(0, +)
    if !lengths.isEmpty {
        for i in 0..<max(remainder, 0) { lengths[i % lengths.count] += 1 }
    }
    return try randomSplit(dataset, lengths: lengths, generator: generator)
}
