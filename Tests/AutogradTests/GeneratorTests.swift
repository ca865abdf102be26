import Serialization
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

    // MARK: - Bulk paths against their one-at-a-time definitions

    func testBulkWordsEqualSingleDraws() {
        let bulk = Generator(seed: 12), single = Generator(seed: 12)
        var expected: [UInt32] = []
        var drawn: [UInt32] = []
        // Sizes that start and end inside state blocks, span several, and are empty.
        for size in [1, 623, 0, 5, 1248, 700, 3000] {
            var words = [UInt32](repeating: 0, count: size)
            words.withUnsafeMutableBufferPointer { buffer in bulk.withLock { bulk.drawUInt32s(into: buffer) } }
            drawn += words + [bulk.nextUInt32()]
            expected += (0...size).map { _ in single.nextUInt32() }
        }
        XCTAssertEqual(drawn, expected)
    }

    func testFillUniformEqualsTheTransformOfEachDraw() {
        for (from, to) in [(Float(0), Float(1)), (-0.5, 0.25), (-0.0625, 0.0625), (3, 7)] {
            for count in [0, 1, 7, 8, 9, 2047, 2048, 2049, 5000] {
                let words = Generator(seed: 8)
                let expected = (0..<count).map { _ in
                    Generator.uniform(words.nextUInt32(), from: from, range: to - from)
                }
                let ours = Generator(seed: 8).uniform(count: count, from: from, to: to)
                XCTAssertEqual(ours.map(\.bitPattern), expected.map(\.bitPattern), "uniform(\(count), \(from), \(to))")
            }
        }
    }

    /// ATen's `normal_fill` written with the one-at-a-time uniform and Box-Muller definitions.
    static func referenceNormalFill(seed: UInt64, count: Int, mean: Float, std: Float) -> [Float] {
        let generator = Generator(seed: seed)
        var data = generator.uniform(count: count)
        data.withUnsafeMutableBufferPointer { p in
            for start in stride(from: 0, to: count - 15, by: 16) {
                Generator.scalarBoxMuller16(p.baseAddress! + start, mean: mean, std: std)
            }
        }
        if count % 16 != 0 {
            data.replaceSubrange((count - 16)..<count, with: generator.uniform(count: 16))
            data.withUnsafeMutableBufferPointer { p in
                Generator.scalarBoxMuller16(p.baseAddress! + count - 16, mean: mean, std: std)
            }
        }
        return data
    }

    func testFillNormalEqualsTheScalarDefinition() {
        for (mean, std) in [(Float(0), Float(1)), (0, 0.05), (2, 3), (-1, 0.5)] {
            for count in [16, 17, 31, 32, 100, 2048, 2049, 2063, 6000] {
                let expected = Self.referenceNormalFill(seed: 6, count: count, mean: mean, std: std)
                let ours = Generator(seed: 6).normal(count: count, mean: mean, std: std)
                XCTAssertEqual(ours.map(\.bitPattern), expected.map(\.bitPattern), "normal(\(count), \(mean), \(std))")
            }
        }
    }

    func testRandomTensorsHoldTheGeneratorsNumbers() throws {
        let uniform = try Tensor.rand([3, 50], requiresGrad: true, generator: Generator(seed: 2))
        XCTAssertEqual(uniform.floats, Generator(seed: 2).uniform(count: 150))
        XCTAssertTrue(uniform.requiresGrad)
        for shape in [[2, 3], [5, 7, 3]] {
            let normal = try Tensor.randn(shape, generator: Generator(seed: 2))
            XCTAssertEqual(normal.shape, shape)
            XCTAssertEqual(normal.floats, Generator(seed: 2).normal(count: shape.reduce(1, *)))
            XCTAssertFalse(normal.requiresGrad)
        }
        XCTAssertEqual(try Tensor.randn([0]).count, 0)
    }

    func testBoxMullerFallsBackToTheScalarPathWhereTheVectorOneCannotBeTrusted() {
        // A zero uniform makes log(1 - 0) = 0: results that are zero cannot be
        // checked for double rounding, so the block is redone one lane at a time.
        var uniforms = Generator(seed: 1).uniform(count: 16)
        uniforms[3] = 0
        var expected = uniforms, ours = uniforms
        expected.withUnsafeMutableBufferPointer { Generator.scalarBoxMuller16($0.baseAddress!, mean: 0.5, std: 2) }
        ours.withUnsafeMutableBufferPointer { Generator.boxMuller16($0.baseAddress!, mean: 0.5, std: 2) }
        XCTAssertEqual(ours.map(\.bitPattern), expected.map(\.bitPattern))
    }

    func testVectorLogAndSincosEqualTheScalarOnes() {
        let generator = Generator(seed: 30)
        var inputs = generator.uniform(count: 80_000)
        // Edge cases: 1, the smallest normal and subnormal numbers, zero, negatives, NaN and infinity.
        inputs += [1, .leastNormalMagnitude, .leastNonzeroMagnitude, 0, -0.0, -1, .nan, .infinity,
                   Float(bitPattern: 0x3f80_0001), 0.70710677, 0.7071068, 0.5, 2, 1e-30, 5e-39, 1e30]
        inputs += [Float](repeating: 0.25, count: 8 - inputs.count % 8)
        var checked = 0, fellBack = 0
        for start in stride(from: 0, to: inputs.count, by: 8) {
            let lanes = SIMD8<Float>(inputs[start..<(start + 8)])
            var fma = Generator.FusedMultiplyAdd()
            let logs = CephesMath.log(lanes, &fma)
            // Angles as Box-Muller makes them, then the raw values (large, negative, NaN).
            for angles in [Float(2 * Double.pi) * lanes, lanes * 12_000 - 6_000] {
                var sincosFMA = Generator.FusedMultiplyAdd()
                let (sines, cosines) = CephesMath.sincos(angles, &sincosFMA)
                guard sincosFMA.allExact else { fellBack += 1; continue }
                for k in 0..<8 {
                    let (sine, cosine) = CephesMath.sincos(angles[k])
                    XCTAssertEqual(sines[k].bitPattern, sine.bitPattern, "sin(\(angles[k]))")
                    XCTAssertEqual(cosines[k].bitPattern, cosine.bitPattern, "cos(\(angles[k]))")
                }
                checked += 1
            }
            guard fma.allExact else { fellBack += 1; continue }
            for k in 0..<8 {
                let scalar = CephesMath.log(lanes[k])
                XCTAssertTrue(logs[k].bitPattern == scalar.bitPattern || (logs[k].isNaN && scalar.isNaN), "log(\(lanes[k]))")
            }
            checked += 1
        }
        // The edge cases fall back; ordinary inputs almost never do.
        XCTAssertGreaterThan(fellBack, 0)
        XCTAssertLessThan(fellBack, checked / 1000)
    }

    func testVectorFusedMultiplyAddRoundsOnce() {
        let generator = Generator(seed: 40)
        let values = generator.uniform(count: 3 * 80_000, from: -4, to: 4)
        let scales = generator.uniform(count: 80_000, from: -30, to: 30)
        var fellBack = 0
        for start in stride(from: 0, to: 80_000, by: 8) {
            // Operands between 2⁻³⁰ and 2³⁰ in size, so that sums mix every overlap.
            func lanes(_ offset: Int) -> SIMD8<Float> {
                SIMD8((0..<8).map { k in
                    let scale = Float(sign: .plus, exponent: Int(scales[(offset / 7 + start + k) % 80_000]), significand: 1)
                    return scale * values[offset + start + k]
                })
            }
            let a = lanes(0), b = lanes(80_000), c = lanes(160_000)
            var fma = Generator.FusedMultiplyAdd()
            let ours = fma(a, b, c)
            guard fma.allExact else { fellBack += 1; continue }
            for k in 0..<8 {
                XCTAssertEqual(ours[k].bitPattern, c[k].addingProduct(a[k], b[k]).bitPattern, "\(a[k]) * \(b[k]) + \(c[k])")
            }
        }
        XCTAssertLessThan(fellBack, 10)

        // (1 + 2⁻²³) · 2⁻²⁴(1 - 2⁻²³) + (1 + 2⁻²³) lies just below a halfway point
        // that its double sum rounds onto: rounding that again would go the wrong way.
        let one = Float(1).nextUp
        let a = SIMD8<Float>(repeating: one), b = SIMD8<Float>(repeating: Float(0x1p-24) * Float(1).nextDown.nextDown)
        XCTAssertEqual(b[0], Float(0x1p-24) * (1 - Float(0x1p-23)))
        var fma = Generator.FusedMultiplyAdd()
        _ = fma(a, b, a)
        XCTAssertFalse(fma.allExact, "a double-rounding case must be sent to the scalar path")
        XCTAssertEqual(one.addingProduct(one, b[0]), one)
    }
}
