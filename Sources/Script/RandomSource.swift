/// Where the cell language's random numbers come from: `Int.random(in:)`,
/// `Double.random(in:)`, `Bool.random()`, `shuffled()`, `randomElement()`.
///
/// The interpreter starts with a `MersenneTwister` seeded with 0; a host
/// replaces it (`Interpreter.randomSource`) or reseeds it, so that a notebook's
/// outputs are reproducible.
public protocol RandomSource: AnyObject {
    /// The next 32 random bits.
    func next32() -> UInt32
    /// Restarts the sequence from `seed`.
    func seed(_ seed: UInt64)
}

/// Python's `random` module's generator: MT19937 seeded as `random.seed(n)` seeds
/// it (by `init_by_array` on the seed's 32-bit words), so that the draws below
/// give Python's numbers for the same seed.
public final class MersenneTwister: RandomSource {
    private static let n = 624
    private var state = [UInt32](repeating: 0, count: MersenneTwister.n)
    private var index = MersenneTwister.n

    /// A generator seeded with `seed`, as Python's `random.seed(seed)`.
    public init(seed: UInt64 = 0) {
        self.seed(seed)
    }

    public func seed(_ seed: UInt64) {
        var key: [UInt32] = []
        var rest = seed
        repeat {
            key.append(UInt32(truncatingIfNeeded: rest))
            rest >>= 32
        } while rest != 0
        initialize(by: key)
    }

    private func initialize(_ seed: UInt32) {
        state[0] = seed
        for i in 1..<MersenneTwister.n {
            state[i] = 1_812_433_253 &* (state[i - 1] ^ (state[i - 1] >> 30)) &+ UInt32(i)
        }
        index = MersenneTwister.n
    }

    private func initialize(by key: [UInt32]) {
        let n = MersenneTwister.n
        initialize(19_650_218)
        var i = 1, j = 0
        for _ in 0..<max(n, key.count) {
            state[i] = (state[i] ^ ((state[i - 1] ^ (state[i - 1] >> 30)) &* 1_664_525)) &+ key[j] &+ UInt32(j)
            i += 1
            j += 1
            if i >= n { state[0] = state[n - 1]; i = 1 }
            if j >= key.count { j = 0 }
        }
        for _ in 0..<(n - 1) {
            state[i] = (state[i] ^ ((state[i - 1] ^ (state[i - 1] >> 30)) &* 1_566_083_941)) &- UInt32(i)
            i += 1
            if i >= n { state[0] = state[n - 1]; i = 1 }
        }
        state[0] = 0x8000_0000
        index = n
    }

    public func next32() -> UInt32 {
        let n = MersenneTwister.n, m = 397
        if index >= n {
            for k in 0..<n {
                let y = (state[k] & 0x8000_0000) | (state[(k + 1) % n] & 0x7fff_ffff)
                state[k] = state[(k + m) % n] ^ (y >> 1) ^ (y & 1 == 0 ? 0 : 0x9908_b0df)
            }
            index = 0
        }
        var y = state[index]
        index += 1
        y ^= y >> 11
        y ^= (y << 7) & 0x9d2c_5680
        y ^= (y << 15) & 0xefc6_0000
        y ^= y >> 18
        return y
    }
}

/// The draws, written as Python's `random` module makes them from 32-bit words.
extension RandomSource {
    /// `k` random bits (Python's `getrandbits(k)`, for 1 ≤ k ≤ 64).
    func bits(_ k: Int) -> UInt64 {
        if k <= 32 { return UInt64(next32() >> UInt32(32 - k)) }
        let low = UInt64(next32())
        let high = UInt64(next32() >> UInt32(64 - k))
        return low | high << 32
    }

    /// A uniform integer in `0..<n` (Python's `_randbelow(n)`), for n ≥ 1.
    func below(_ n: UInt64) -> UInt64 {
        let k = 64 - n.leadingZeroBitCount
        while true {
            let r = bits(k)
            if r < n { return r }
        }
    }

    /// A uniform Double in [0, 1) with 53 random bits (Python's `random()`).
    func unit() -> Double {
        let a = Double(next32() >> 5), b = Double(next32() >> 6)
        return (a * 67_108_864 + b) / 9_007_199_254_740_992
    }

    /// A uniform integer in `lower...upper` (Python's `randint(lower, upper)`).
    func integer(in lower: Int, _ upper: Int) -> Int {
        let span = UInt64(bitPattern: Int64(upper &- lower)) &+ 1
        if span == 0 { return Int(Int64(bitPattern: bits(64))) }   // the whole of Int
        return lower &+ Int(Int64(bitPattern: below(span)))
    }

    /// The elements in a random order (Python's `shuffle`, on a copy).
    func shuffled<T>(_ elements: [T]) -> [T] {
        var result = elements
        var i = result.count - 1
        while i > 0 {
            let j = Int(below(UInt64(i + 1)))
            result.swapAt(i, j)
            i -= 1
        }
        return result
    }
}
