import Foundation

/// A random number generator that reproduces PyTorch's CPU generator bit for bit.
///
/// The engine is a 32-bit Mersenne Twister (mt19937) seeded exactly as
/// `torch.manual_seed(seed)` seeds ATen's `CPUGeneratorImpl`. `nextUInt32()` is one
/// draw; `nextUInt64()` combines two draws as `(first << 32) | second`, like
/// `CPUGeneratorImpl::random64`. The distributions (`uniform`, `normal`,
/// `bernoulli`, `randperm`, in `Generator+Distributions.swift`) apply ATen's CPU
/// transforms to those draws, so `manualSeed(0)` followed by the same calls gives
/// the same numbers as PyTorch. `fillUniform` and `fillNormal` write the same
/// numbers straight into a buffer, drawing a whole state block at a time.
///
/// Every public method takes the generator's lock: one generator may be shared
/// between threads, and a multi-draw call (`normal(count:)`) is never interleaved
/// with another thread's draws. Hence `@unchecked Sendable`: the Mersenne Twister
/// state is mutable, and only ever read or written under that lock.
public final class Generator: @unchecked Sendable {
    /// The seed PyTorch's default CPU generator starts from before any `manual_seed`.
    public static let pytorchDefaultSeed: UInt64 = 67_280_421_310_721

    /// The generator random tensor creation and initialisers draw from: the
    /// process-wide one, unless the current thread or task bound its own with
    /// `Generator.$bound.withValue(_:operation:)` (as each notebook does, so that
    /// notebooks running in parallel stay reproducible).
    public static var `default`: Generator { bound ?? processWide }

    /// A generator bound to the current thread or task, overriding the process-wide one.
    @TaskLocal public static var bound: Generator?

    private static let processWide = Generator(seed: pytorchDefaultSeed)

    private let lock = Lock()
    private var engine: MersenneTwister
    /// The second sample of the last Box-Muller pair drawn by the scalar normal
    /// path (ATen's `next_double_normal_sample`); cleared by reseeding.
    var cachedNormal: Double?
    /// The seed given to the last `manualSeed` (or to `init`).
    public private(set) var initialSeed: UInt64

    /// A generator seeded like `torch.Generator().manual_seed(seed)`.
    public init(seed: UInt64 = Generator.pytorchDefaultSeed) {
        engine = MersenneTwister(seed: seed)
        initialSeed = seed
    }

    /// Reseeds the generator like `torch.manual_seed(seed)`: the twister restarts
    /// from `seed` (its low 32 bits, as in ATen) and the cached normal is dropped.
    public func manualSeed(_ seed: UInt64) {
        withLock {
            engine = MersenneTwister(seed: seed)
            cachedNormal = nil
            initialSeed = seed
        }
    }

    /// Reseeds with a signed seed; a negative seed is taken as its two's-complement
    /// bit pattern, as PyTorch does.
    public func manualSeed(_ seed: Int) {
        manualSeed(UInt64(bitPattern: Int64(seed)))
    }

    /// One 32-bit draw (`CPUGeneratorImpl::random`).
    public func nextUInt32() -> UInt32 {
        withLock { drawUInt32() }
    }

    /// One 64-bit value made of two draws, the first as the high half
    /// (`CPUGeneratorImpl::random64`).
    public func nextUInt64() -> UInt64 {
        withLock { drawUInt64() }
    }

    /// A snapshot of the generator's complete state (`torch.get_rng_state`).
    public var state: State {
        get { withLock { State(engine: engine, cachedNormal: cachedNormal, initialSeed: initialSeed) } }
        set {
            withLock {
                engine = newValue.engine
                cachedNormal = newValue.cachedNormal
                initialSeed = newValue.initialSeed
            }
        }
    }

    /// An opaque copy of a generator's state, to restore it later.
    public struct State: Sendable {
        fileprivate let engine: MersenneTwister
        fileprivate let cachedNormal: Double?
        fileprivate let initialSeed: UInt64
    }

    // MARK: - Unlocked primitives, used by the distributions while the lock is held.

    /// Runs `body` while holding the generator's lock.
    func withLock<T>(_ body: () throws -> T) rethrows -> T {
        try lock.withLock(body)
    }

    /// One 32-bit draw; the caller holds the lock.
    func drawUInt32() -> UInt32 {
        engine.next()
    }

    /// Two draws combined, high half first; the caller holds the lock.
    func drawUInt64() -> UInt64 {
        let high = UInt64(engine.next())
        let low = UInt64(engine.next())
        return (high << 32) | low
    }

    /// Fills `words` with the next `words.count` draws, in order; the caller holds the lock.
    func drawUInt32s(into words: UnsafeMutableBufferPointer<UInt32>) {
        engine.fill(words)
    }
}

/// Reseeds `Generator.default`, like `torch.manual_seed(seed)`.
public func manualSeed(_ seed: Int) {
    Generator.default.manualSeed(seed)
}

/// The 32-bit Mersenne Twister MT19937 (Matsumoto and Nishimura), seeded the way
/// ATen's `at::mt19937` is.
struct MersenneTwister: Sendable {
    private static let n = 624
    private static let m = 397
    private static let matrixA: UInt32 = 0x9908_b0df
    private static let upperMask: UInt32 = 0x8000_0000
    private static let lowerMask: UInt32 = 0x7fff_ffff

    private var state: [UInt32]
    private var index: Int

    /// Seeds from the low 32 bits of `seed` with Knuth's multiplier 1812433253.
    init(seed: UInt64) {
        var state = [UInt32](repeating: 0, count: Self.n)
        state[0] = UInt32(truncatingIfNeeded: seed)
        for j in 1..<Self.n {
            let previous = state[j - 1]
            state[j] = 1_812_433_253 &* (previous ^ (previous >> 30)) &+ UInt32(j)
        }
        self.state = state
        index = Self.n  // the first draw regenerates the whole state
    }

    /// The next tempered 32-bit output.
    mutating func next() -> UInt32 {
        if index >= Self.n {
            state.withUnsafeMutableBufferPointer { Self.twist($0.baseAddress!) }
            index = 0
        }
        let word = state[index]
        index += 1
        return Self.temper(word)
    }

    /// Writes the next `output.count` tempered outputs to `output`: the same
    /// numbers as that many calls to `next()`, a whole state block at a time.
    mutating func fill(_ output: UnsafeMutableBufferPointer<UInt32>) {
        guard let out = output.baseAddress else { return }
        let total = output.count
        var position = index
        state.withUnsafeMutableBufferPointer { buffer in
            let s = buffer.baseAddress!
            var written = 0
            while written < total {
                if position >= Self.n {
                    Self.twist(s)
                    position = 0
                }
                let chunk = min(Self.n - position, total - written)
                let source = s + position, destination = out + written
                for k in 0..<chunk { destination[k] = Self.temper(source[k]) }
                position += chunk
                written += chunk
            }
        }
        index = position
    }

    /// The tempering that turns a state word into an output.
    @inline(__always)
    private static func temper(_ word: UInt32) -> UInt32 {
        var y = word
        y ^= y >> 11
        y ^= (y << 7) & 0x9d2c_5680
        y ^= (y << 15) & 0xefc6_0000
        y ^= y >> 18
        return y
    }

    /// One step of the recurrence: the new word from words `i`, `i + 1` and `i + m`.
    @inline(__always)
    private static func recurrence(_ current: UInt32, _ next: UInt32, _ far: UInt32) -> UInt32 {
        let y = (current & upperMask) | (next & lowerMask)
        return far ^ (y >> 1) ^ ((0 &- (y & 1)) & matrixA)
    }

    /// Regenerates all `n` state words. The index arithmetic modulo `n` is split
    /// into three loops without it, so that the first two vectorise.
    private static func twist(_ s: UnsafeMutablePointer<UInt32>) {
        for i in 0..<(n - m) {
            s[i] = recurrence(s[i], s[i + 1], s[i + m])
        }
        for i in (n - m)..<(n - 1) {
            s[i] = recurrence(s[i], s[i + 1], s[i + m - n])
        }
        s[n - 1] = recurrence(s[n - 1], s[0], s[m - 1])
    }
}
