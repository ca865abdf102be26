import Foundation
import FixtureSupport
import XCTest
@testable import Autograd

final class GeneratorTests: XCTestCase {
    /// Distance in units in the last place between two floats of the same sign
    /// region (the integer distance of their ordered bit patterns).
    static func ulps(_ a: Float, _ b: Float) -> Int {
        func ordered(_ x: Float) -> Int {
            let bits = Int(Int32(bitPattern: x.bitPattern))
            return bits < 0 ? Int(Int32.min) - bits : bits
        }
        return abs(ordered(a) - ordered(b))
    }

    func testMersenneTwisterMatchesTheStandardSequence() {
        // The C++ standard requires the 10000th output of a default-seeded
        // std::mt19937 (seed 5489) to be 4123659995.
        let generator = Generator(seed: 5489)
        var value: UInt32 = 0
        for _ in 0..<10_000 { value = generator.nextUInt32() }
        XCTAssertEqual(value, 4_123_659_995)

        // First outputs for seed 0, as numpy's and C++'s mt19937 give them.
        let zero = Generator(seed: 0)
        XCTAssertEqual(zero.nextUInt32(), 2_357_136_044)
        XCTAssertEqual(zero.nextUInt32(), 2_546_248_239)
    }

    func testRandom64PutsTheFirstDrawInTheHighHalf() {
        let a = Generator(seed: 7), b = Generator(seed: 7)
        let high = UInt64(a.nextUInt32()), low = UInt64(a.nextUInt32())
        XCTAssertEqual(b.nextUInt64(), high << 32 | low)
    }

    func testSeedUsesTheLowThirtyTwoBits() {
        // at::mt19937 keeps only the low 32 bits of the seed.
        XCTAssertEqual(Generator(seed: 1 << 32 | 5).nextUInt32(), Generator(seed: 5).nextUInt32())
        let negative = Generator(seed: 0)
        negative.manualSeed(-1)
        XCTAssertEqual(negative.initialSeed, UInt64.max)
    }

    struct RNGCalls: Decodable {
        struct Call: Decodable { var index: Int; var call: String; var shape: [Int] }
        var seed: Int
        var calls: [Call]
    }

    /// The calls of `ops/rng.json`, made in order after `manualSeed`, against the
    /// tensors PyTorch returned.
    func testMatchesPyTorchFixtures() throws {
        let json = try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("ops/rng.json")))
        let plan = try JSONDecoder().decode(RNGCalls.self, from: json)
        let reference = try SafeTensors.read(Fixtures.path("ops/rng.safetensors"))
        XCTAssertEqual(plan.calls.count, 8)

        let generator = Generator()
        generator.manualSeed(plan.seed)
        var largestNormalUlps = 0
        var normalCount = 0
        for call in plan.calls {
            let count = call.shape.reduce(1, *)
            let expected = try XCTUnwrap(reference["rng.\(call.index)"], "rng.\(call.index) missing")
            XCTAssertEqual(expected.shape, call.shape)
            switch call.call {
            case "rand":
                let ours = generator.uniform(count: count)
                XCTAssertEqual(ours.map(\.bitPattern), expected.floats.map(\.bitPattern),
                               "rand\(call.shape) (call \(call.index)) differs")
            case "randn":
                let ours = generator.normal(count: count)
                let distances = zip(ours, expected.floats).map { Self.ulps($0, $1) }
                largestNormalUlps = max(largestNormalUlps, distances.max() ?? 0)
                normalCount += count
                XCTAssertEqual(distances.max() ?? 0, 0, "randn\(call.shape) (call \(call.index)) differs")
            default:
                XCTFail("unknown call \(call.call)")
            }
        }
        print("GeneratorTests: \(normalCount) normals, largest difference from PyTorch: \(largestNormalUlps) ulp")
    }

    func testManualSeedRestartsTheSequenceAndDropsTheCachedNormal() {
        let generator = Generator(seed: 3)
        let first = generator.normal(count: 1)  // caches the pair's second value
        generator.manualSeed(3)
        XCTAssertEqual(generator.normal(count: 1), first)
        XCTAssertNotNil(generator.cachedNormal)
        generator.manualSeed(3)
        XCTAssertNil(generator.cachedNormal)
    }

    func testScalarNormalsComeInBoxMullerPairs() {
        // Three draws below 16 elements use one pair plus the first of the next.
        let generator = Generator(seed: 11)
        let one = generator.normal(count: 3)
        generator.manualSeed(11)
        let separately = generator.normal(count: 1) + generator.normal(count: 1) + generator.normal(count: 1)
        XCTAssertEqual(one, separately)
    }

    func testNormalFillRecomputesTheLastSixteen() {
        // 17 elements: uniforms for 17, then 16 fresh ones for the tail, so the
        // generator advances by 33 draws.
        let generator = Generator(seed: 5)
        _ = generator.normal(count: 17)
        let after = generator.nextUInt32()
        let counter = Generator(seed: 5)
        for _ in 0..<33 { _ = counter.nextUInt32() }
        XCTAssertEqual(after, counter.nextUInt32())
    }

    func testNormalMomentsAreStandard() {
        let values = Generator(seed: 1).normal(count: 100_000, mean: 2, std: 3)
        let mean = values.reduce(0, +) / Float(values.count)
        let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Float(values.count)
        XCTAssertEqual(mean, 2, accuracy: 0.05)
        XCTAssertEqual(variance.squareRoot(), 3, accuracy: 0.05)
    }

    func testUniformStaysInRange() {
        let values = Generator(seed: 2).uniform(count: 10_000, from: -0.5, to: 0.25)
        XCTAssertTrue(values.allSatisfy { $0 >= -0.5 && $0 < 0.25 })
        XCTAssertEqual(values.reduce(0, +) / 10_000, -0.125, accuracy: 0.01)
    }

    func testBernoulliFrequency() {
        let samples = Generator(seed: 4).bernoulli(count: 20_000, p: 0.3)
        let fraction = Double(samples.filter { $0 }.count) / 20_000
        XCTAssertEqual(fraction, 0.3, accuracy: 0.015)
        XCTAssertEqual(Generator(seed: 4).bernoulli(count: 50, p: 0.3), Array(samples.prefix(50)))
        XCTAssertTrue(Generator(seed: 4).bernoulli(count: 100, p: 0).allSatisfy { !$0 })
        XCTAssertTrue(Generator(seed: 4).bernoulli(count: 100, p: 1).allSatisfy { $0 })
    }

    func testRandpermIsAPermutation() {
        let permutation = Generator(seed: 0).randperm(100)
        XCTAssertEqual(permutation.sorted(), (0..<100).map { Int64($0) })
        XCTAssertNotEqual(permutation, (0..<100).map { Int64($0) })
        XCTAssertEqual(Generator(seed: 0).randperm(100), permutation)
        XCTAssertEqual(Generator(seed: 0).randperm(0), [])
        XCTAssertEqual(Generator(seed: 0).randperm(1), [0])
    }

    func testStateRoundTrips() {
        let generator = Generator(seed: 9)
        _ = generator.normal(count: 1)
        let saved = generator.state
        let expected = generator.normal(count: 5) + generator.uniform(count: 5)
        generator.state = saved
        XCTAssertEqual(generator.normal(count: 5) + generator.uniform(count: 5), expected)
    }

    func testGlobalManualSeedReseedsTheDefaultGenerator() {
        manualSeed(0)
        let first = Generator.default.uniform(count: 4)
        XCTAssertEqual(first, Generator(seed: 0).uniform(count: 4))
        manualSeed(0)
        XCTAssertEqual(Generator.default.uniform(count: 4), first)
    }

    func testConcurrentDrawsAreNeitherLostNorRepeated() {
        let shared = Generator(seed: 21)
        let perThread = 2_000, threads = 4
        var results = [[UInt32]](repeating: [], count: threads)
        let lock = NSLock()
        DispatchQueue.concurrentPerform(iterations: threads) { index in
            let values = (0..<perThread).map { _ in shared.nextUInt32() }
            lock.lock(); results[index] = values; lock.unlock()
        }
        let sequential = Generator(seed: 21)
        let expected = (0..<(perThread * threads)).map { _ in sequential.nextUInt32() }
        XCTAssertEqual(results.flatMap { $0 }.sorted(), expected.sorted())
    }
}
