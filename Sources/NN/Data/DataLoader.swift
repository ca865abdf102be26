import Autograd

/// Batches of a dataset, as `torch.utils.data.DataLoader` with its default
/// samplers and collation (single process): each batch stacks every field of
/// `batchSize` samples along a new first dimension.
///
/// Iterating draws from the random generators exactly as PyTorch does, so that a
/// seeded notebook reproduces PyTorch's batches and everything drawn after them:
/// every iteration first draws a base seed (one 64-bit draw from `generator`, or
/// from the default generator when none is given) even when nothing is shuffled.
/// A shuffled loader then permutes the indices with `randperm` on `generator`,
/// or, without one, on a fresh generator seeded with a second 64-bit draw from the
/// default generator; running to the end draws the next epoch's permutation once
/// more, as PyTorch's `RandomSampler` does before it stops.
public final class DataLoader {
    /// The dataset batches are taken from.
    public let dataset: Dataset
    /// Samples per batch.
    public let batchSize: Int
    /// Whether each iteration visits the samples in a new random order.
    public let shuffle: Bool
    /// Whether a last, incomplete batch is dropped.
    public let dropLast: Bool
    /// The generator for the base seed and the shuffling; nil draws from `Generator.default`.
    public let generator: Generator?

    /// A loader of `dataset` in batches of `batchSize` (at least 1).
    public init(_ dataset: Dataset, batchSize: Int = 1, shuffle: Bool = false, dropLast: Bool = false,
                generator: Generator? = nil) throws {
        guard batchSize > 0 else {
            throw DataError("batch_size should be a positive integer value, but got batch_size=\(batchSize)")
        }
        if shuffle, dataset.count <= 0 {
            throw DataError("num_samples should be a positive integer value, but got num_samples=\(dataset.count)")
        }
        self.dataset = dataset
        self.batchSize = batchSize
        self.shuffle = shuffle
        self.dropLast = dropLast
        self.generator = generator
    }

    /// The number of batches one iteration yields (`len(loader)`).
    public var count: Int {
        let n = dataset.count
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize
    }

    /// Starts an iteration: draws the base seed now, as creating PyTorch's
    /// iterator does; the shuffling draws happen at the first `next()`.
    public func makeIterator() -> Iterator {
        let source = generator ?? Generator.default
        _ = Self.drawSeed(from: source)
        return Iterator(loader: self)
    }

    /// A value of `torch.empty((), dtype=torch.int64).random_(generator=…)`: one
    /// 64-bit draw reduced to the non-negative int64 range.
    static func drawSeed(from generator: Generator) -> UInt64 {
        generator.nextUInt64() % (UInt64(1) << 63)
    }

    /// One pass over a loader's batches.
    public struct Iterator {
        private let loader: DataLoader
        private var sampler: Sampler

        init(loader: DataLoader) {
            self.loader = loader
            sampler = Sampler(count: loader.dataset.count, shuffle: loader.shuffle, generator: loader.generator)
        }

        /// The next batch (one stacked tensor per field), or nil at the end.
        public mutating func next() throws -> [Tensor]? {
            var indices: [Int] = []
            indices.reserveCapacity(loader.batchSize)
            while indices.count < loader.batchSize, let index = sampler.next() { indices.append(index) }
            guard !indices.isEmpty, !(loader.dropLast && indices.count < loader.batchSize) else { return nil }
            return try DataLoader.collate(try indices.map { try loader.dataset.sample(at: $0) })
        }
    }

    /// Stacks each field of `samples` along a new first dimension (`default_collate`).
    public static func collate(_ samples: [[SampleValue]]) throws -> [Tensor] {
        guard let first = samples.first else { return [] }
        guard samples.allSatisfy({ $0.count == first.count }) else {
            throw DataError("each element in list of batch should be of equal size")
        }
        return try (0..<first.count).map { field in try SampleValue.collate(samples.map { $0[field] }) }
    }

    /// The index order of one iteration: `SequentialSampler` or `RandomSampler`,
    /// drawing lazily as PyTorch's generators do.
    struct Sampler {
        let count: Int
        let shuffle: Bool
        /// The loader's generator; without one, a shuffled pass seeds its own.
        let generator: Generator?
        private var shuffling: Generator?
        private var order: [Int64] = []
        private var position = 0
        private var finished = false

        init(count: Int, shuffle: Bool, generator: Generator?) {
            self.count = count
            self.shuffle = shuffle
            self.generator = generator
        }

        mutating func next() -> Int? {
            guard !finished else { return nil }
            guard shuffle else {
                guard position < count else { finished = true; return nil }
                defer { position += 1 }
                return position
            }
            if shuffling == nil {
                let source = generator ?? Generator(seed: DataLoader.drawSeed(from: .default))
                shuffling = source
                order = source.randperm(count)
            }
            if position < order.count {
                defer { position += 1 }
                return Int(order[position])
            }
            // RandomSampler computes one more permutation (`randperm(n)[:0]`)
            // before it stops.
            _ = shuffling?.randperm(count)
            finished = true
            return nil
        }
    }
}
