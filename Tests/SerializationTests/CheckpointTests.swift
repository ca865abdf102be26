import Autograd
import FixtureSupport
import Foundation
import XCTest
@testable import Serialization

final class CheckpointTests: XCTestCase {
    static let resnetPath = Fixtures.path("resnet18/resnet18-seed0.pth")

    /// The fixture's bytes, read once.
    static let resnetBytes: [UInt8] = (try? Checkpoint.readFile(resnetPath)) ?? []

    func assertFails(_ bytes: [UInt8], file name: String = "bad.pth", mentioning fragment: String,
                     file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try Checkpoint.loadPyTorch(bytes: bytes, file: name), file: file, line: line) { error in
            guard let error = error as? CheckpointError else {
                return XCTFail("unexpected error type \(error)", file: file, line: line)
            }
            XCTAssertEqual(error.file, name, file: file, line: line)
            XCTAssertTrue(error.message.contains(fragment), "'\(error.message)' lacks '\(fragment)'", file: file, line: line)
        }
    }

    // MARK: - The ResNet18 fixture

    func testLoadsTheResNet18StateDict() throws {
        let entries = try Checkpoint.load(Self.resnetPath)
        XCTAssertEqual(entries.count, 122)
        XCTAssertEqual(entries.first?.0, "conv1.weight")
        XCTAssertEqual(entries.last?.0, "fc.bias")
        XCTAssertEqual(Array(entries.map(\.0).prefix(6)), [
            "conv1.weight", "bn1.weight", "bn1.bias", "bn1.running_mean", "bn1.running_var", "bn1.num_batches_tracked",
        ])
        let tensors = Dictionary(uniqueKeysWithValues: entries)
        XCTAssertEqual(tensors["conv1.weight"]?.shape, [64, 3, 7, 7])
        XCTAssertEqual(tensors["layer2.0.downsample.0.weight"]?.shape, [128, 64, 1, 1])
        XCTAssertEqual(tensors["fc.weight"]?.shape, [1000, 512])
        XCTAssertEqual(tensors["fc.bias"]?.shape, [1000])

        let counters = entries.filter { $0.0.hasSuffix("num_batches_tracked") }
        XCTAssertEqual(counters.count, 20)
        for (name, counter) in counters {
            XCTAssertEqual(counter.dtype, .int64, name)
            XCTAssertEqual(counter.shape, [], name)
            XCTAssertEqual(counter.int64s, [0], name)
        }
        XCTAssertTrue(entries.filter { !$0.0.hasSuffix("num_batches_tracked") }.allSatisfy { $0.1.dtype == .float32 })
        XCTAssertEqual(tensors["bn1.weight"]?.floats, [Float](repeating: 1, count: 64))
        XCTAssertEqual(tensors["bn1.running_var"]?.floats, [Float](repeating: 1, count: 64))

        // Kaiming normal (fan_out, relu): mean 0, std sqrt(2 / (64·7·7)) ≈ 0.0253.
        let conv = try XCTUnwrap(tensors["conv1.weight"]).floats
        let mean = conv.reduce(0, +) / Float(conv.count)
        let std = (conv.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Float(conv.count)).squareRoot()
        XCTAssertEqual(mean, 0, accuracy: 0.002)
        XCTAssertEqual(std, (2.0 / 3136.0).squareRoot(), accuracy: 0.001)
    }

    /// `torch.manual_seed(0); torchvision.models.resnet18()` draws, in order: a
    /// Kaiming-uniform for every convolution weight (while constructing), the
    /// classifier's weight and bias, then a Kaiming-normal for every convolution in
    /// module order. The generator must reproduce the fixture's weights exactly.
    func testGeneratorReproducesTorchvisionInitialisationFromSeedZero() throws {
        let entries = try Checkpoint.load(Self.resnetPath)
        let convolutions = entries.filter { $0.1.shape.count == 4 }
        XCTAssertEqual(convolutions.count, 20)
        let generator = Generator(seed: 0)

        // Construction: one 32-bit draw per convolution weight element.
        let constructionDraws = convolutions.reduce(0) { $0 + $1.1.count }
        for _ in 0..<constructionDraws { _ = generator.nextUInt32() }

        // Linear(512, 1000): kaiming_uniform_(a=√5) gives bound 1/√fan_in; the bias uses the same bound.
        let a = 5.0.squareRoot()
        let gain = (2.0 / (1 + a * a)).squareRoot()
        let bound = 3.0.squareRoot() * (gain / 512.0.squareRoot())
        let fcWeight = generator.uniform(count: 512_000, from: Float(-bound), to: Float(bound))
        let biasBound = 1 / 512.0.squareRoot()
        let fcBias = generator.uniform(count: 1000, from: Float(-biasBound), to: Float(biasBound))
        let tensors = Dictionary(uniqueKeysWithValues: entries)
        let fcWeightMismatches = zip(fcWeight, try XCTUnwrap(tensors["fc.weight"]).floats).filter { $0.bitPattern != $1.bitPattern }.count
        XCTAssertEqual(fcWeightMismatches, 0, "fc.weight elements differing from PyTorch")
        XCTAssertEqual(fcBias.map(\.bitPattern), try XCTUnwrap(tensors["fc.bias"]).floats.map(\.bitPattern))

        // ResNet.__init__: kaiming_normal_(mode="fan_out", nonlinearity="relu") in module order.
        var largest = 0
        var total = 0
        for (name, weight) in convolutions {
            let fanOut = weight.shape[0] * weight.shape[2] * weight.shape[3]
            let std = 2.0.squareRoot() / Double(fanOut).squareRoot()
            let ours = generator.normal(count: weight.count, mean: 0, std: Float(std))
            let distance = zip(ours, weight.floats).map { ulps($0, $1) }.max() ?? 0
            XCTAssertEqual(distance, 0, "\(name) differs from PyTorch by up to \(distance) ulp")
            largest = max(largest, distance)
            total += weight.count
        }
        print("CheckpointTests: \(total) initialisation normals, largest difference from PyTorch: \(largest) ulp")
    }

    private func ulps(_ a: Float, _ b: Float) -> Int {
        func ordered(_ x: Float) -> Int {
            let bits = Int(Int32(bitPattern: x.bitPattern))
            return bits < 0 ? Int(Int32.min) - bits : bits
        }
        return abs(ordered(a) - ordered(b))
    }

    // MARK: - Formats

    func testLoadPicksTheFormatAndGivesADictionary() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("CheckpointTests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }

        let safetensors = directory.appendingPathComponent("weights.safetensors").path
        try SafeTensors.write([("w", Tensor(shape: [2], floats: [1, 2])), ("n", Tensor(shape: [], int64s: [3]))], to: safetensors)
        let loaded = try Serialization.load(safetensors)
        XCTAssertEqual(loaded["w"]?.floats, [1, 2])
        XCTAssertEqual(loaded["n"]?.int64s, [3])

        // A .pth name promises torch.save's zip archive: a file that is not one is reported as such.
        let misnamed = directory.appendingPathComponent("weights.pth").path
        try FileManager.default.copyItem(atPath: safetensors, toPath: misnamed)
        XCTAssertThrowsError(try Checkpoint.load(misnamed)) { error in
            XCTAssertTrue((error as? CheckpointError)?.message.contains("wrong magic") ?? false, "\(error)")
        }

        let pth = directory.appendingPathComponent("model.bin").path
        let pickle = PickleBuilder.stateDict([("w", "0", "FloatStorage", 2, 0, [2], [1])])
        try Data(ZipBuilder.checkpoint(pickle: pickle, storages: [("0", ZipBuilder.floatBytes([5, 6]))])).write(to: URL(fileURLWithPath: pth))
        XCTAssertEqual(try Serialization.load(pth)["w"]?.floats, [5, 6])

        XCTAssertThrowsError(try Checkpoint.load(directory.appendingPathComponent("absent.pth").path)) { error in
            XCTAssertEqual((error as? CheckpointError)?.message, "no such file")
        }
        let broken = directory.appendingPathComponent("broken.safetensors").path
        try Data([1, 2, 3]).write(to: URL(fileURLWithPath: broken))
        XCTAssertThrowsError(try Checkpoint.load(broken)) { error in
            XCTAssertEqual((error as? CheckpointError)?.file, broken)
        }
    }

    // MARK: - Views into storages

    func testViewsSharingAStorageWithOffsetsAndStrides() throws {
        let storage = ZipBuilder.floatBytes((0..<12).map(Float.init))
        let pickle = PickleBuilder.stateDict([
            ("whole", "0", "FloatStorage", 12, 0, [3, 4], [4, 1]),
            ("transposed", "0", "FloatStorage", 12, 0, [4, 3], [1, 4]),
            ("row", "0", "FloatStorage", 12, 4, [4], [1]),
            ("column", "0", "FloatStorage", 12, 1, [3], [4]),
            ("scalar", "0", "FloatStorage", 12, 7, [], []),
            ("broadcast", "0", "FloatStorage", 12, 2, [2, 2], [0, 1]),
            ("empty", "0", "FloatStorage", 12, 0, [0, 4], [4, 1]),
        ])
        let bytes = ZipBuilder.checkpoint(folder: "my-model", pickle: pickle, storages: [("0", storage)])
        let tensors = Dictionary(uniqueKeysWithValues: try Checkpoint.loadPyTorch(bytes: bytes, file: "views.pth"))
        XCTAssertEqual(tensors["whole"]?.floats, (0..<12).map(Float.init))
        XCTAssertEqual(tensors["transposed"]?.floats, [0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11])
        XCTAssertEqual(tensors["row"]?.floats, [4, 5, 6, 7])
        XCTAssertEqual(tensors["column"]?.floats, [1, 5, 9])
        XCTAssertEqual(tensors["scalar"]?.shape, [])
        XCTAssertEqual(tensors["scalar"]?.floats, [7])
        XCTAssertEqual(tensors["broadcast"]?.floats, [2, 3, 2, 3])
        XCTAssertEqual(tensors["empty"]?.shape, [0, 4])
    }

    func testOtherStorageTypes() throws {
        let pickle = PickleBuilder.stateDict([
            ("long", "a", "LongStorage", 2, 0, [2], [1]),
            ("bool", "b", "BoolStorage", 3, 0, [3], [1]),
            ("double", "c", "DoubleStorage", 1, 0, [1], [1]),
            ("half", "d", "HalfStorage", 1, 0, [1], [1]),
            ("int", "e", "IntStorage", 1, 0, [1], [1]),
        ])
        let long: [UInt8] = [0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 9, 0, 0, 0, 0, 0, 0, 0]
        let double = (0..<8).map { UInt8(truncatingIfNeeded: (-1.5 as Double).bitPattern >> (8 * UInt64($0))) }
        let bytes = ZipBuilder.checkpoint(pickle: pickle, storages: [
            ("a", long), ("b", [1, 0, 1]), ("c", double), ("d", [0x00, 0x3c]), ("e", [0xfd, 0xff, 0xff, 0xff]),
        ])
        let tensors = Dictionary(uniqueKeysWithValues: try Checkpoint.loadPyTorch(bytes: bytes, file: "types.pth"))
        XCTAssertEqual(tensors["long"]?.int64s, [-2, 9])
        XCTAssertEqual(tensors["long"]?.dtype, .int64)
        XCTAssertEqual(tensors["bool"]?.dtype, .bool)
        XCTAssertEqual(tensors["bool"]?.bools, [true, false, true])
        XCTAssertEqual(tensors["double"]?.floats, [-1.5])
        XCTAssertEqual(tensors["half"]?.floats, [1])
        XCTAssertEqual(tensors["int"]?.int64s, [-3])
    }

    func testParametersAndWrappedStateDicts() throws {
        // {"epoch": 3, "state_dict": OrderedDict(w=Parameter(tensor))} with the OrderedDict's _metadata state.
        var pickle = PickleBuilder()
        pickle.op("}")
        pickle.mark()
        pickle.string("epoch"); pickle.int(3)
        pickle.string("state_dict")
        pickle.emptyOrderedDict()
        pickle.mark()
        pickle.string("w")
        pickle.global("torch._utils", "_rebuild_parameter")
        pickle.mark()
        pickle.tensor(key: "0", count: 2, size: [2], stride: [1])
        pickle.raw([0x88])  // requires_grad = True
        pickle.emptyOrderedDict()
        pickle.op("t"); pickle.op("R")
        pickle.op("u")
        pickle.op("}"); pickle.string("_metadata"); pickle.op("}"); pickle.op("s")  // state: {'_metadata': {}}
        pickle.op("b")  // BUILD
        pickle.op("u")
        pickle.stop()
        let bytes = ZipBuilder.checkpoint(pickle: pickle.bytes, storages: [("0", ZipBuilder.floatBytes([1, 2]))])
        let entries = try Checkpoint.loadPyTorch(bytes: bytes, file: "wrapped.pth")
        XCTAssertEqual(entries.map(\.0), ["w"])
        XCTAssertEqual(entries.first?.1.floats, [1, 2])
    }

    // MARK: - Malformed archives

    func testRejectsBadArchives() throws {
        let fixture = Self.resnetBytes
        XCTAssertGreaterThan(fixture.count, 1_000_000)

        assertFails(Array("hello, world".utf8), mentioning: "wrong magic")
        assertFails([0x80, 0x02, 0x8a, 0x0a], mentioning: "legacy")
        assertFails(Array(fixture.prefix(1000)), mentioning: "end-of-central-directory")
        assertFails(Array(fixture.prefix(fixture.count / 2)), mentioning: "end-of-central-directory")
        assertFails(Array(fixture.dropLast(30)), mentioning: "zip")

        // One flipped byte inside conv1.weight's storage: the checksum catches it.
        var corrupt = fixture
        corrupt[20_000] ^= 0xff
        assertFails(corrupt, mentioning: "checksum mismatch")

        // A central directory said to lie past the end of the file.
        var misplaced = ZipBuilder.checkpoint(pickle: PickleBuilder.stateDict([]), storages: [])
        let endRecord = misplaced.count - 22
        misplaced.replaceSubrange((endRecord + 16)..<(endRecord + 20), with: [0xff, 0xff, 0xff, 0x7f])
        assertFails(misplaced, mentioning: "central directory lies beyond the end")
        assertFails(ZipBuilder.archive([("other.txt", [1])]), mentioning: "no data.pkl")

        let deflated = ZipBuilder.archive([("archive/data.pkl", [0x80, 0x02, 0x7d, 0x2e])], method: 8)
        assertFails(deflated, mentioning: "compressed (deflate)")
    }

    func testRejectsMissingStoragesAndBadViews() {
        let pickle = PickleBuilder.stateDict([("w", "7", "FloatStorage", 4, 0, [4], [1])])
        assertFails(ZipBuilder.checkpoint(pickle: pickle, storages: []), mentioning: "missing data entry 'archive/data/7' for 'w'")
        assertFails(ZipBuilder.checkpoint(pickle: pickle, storages: [("7", ZipBuilder.floatBytes([1]))]), mentioning: "too few")

        let beyond = PickleBuilder.stateDict([("w", "0", "FloatStorage", 4, 2, [3], [1])])
        assertFails(ZipBuilder.checkpoint(pickle: beyond, storages: [("0", ZipBuilder.floatBytes([1, 2, 3, 4]))]), mentioning: "reaches past its storage")
        let mismatched = PickleBuilder.stateDict([("w", "0", "FloatStorage", 4, 0, [2, 2], [1])])
        assertFails(ZipBuilder.checkpoint(pickle: mismatched, storages: [("0", ZipBuilder.floatBytes([1, 2, 3, 4]))]), mentioning: "different lengths")
        let huge = PickleBuilder.stateDict([("w", "0", "FloatStorage", 4, 0, [Int(Int32.max), Int(Int32.max), 4], [1, 1, 1])])
        assertFails(ZipBuilder.checkpoint(pickle: huge, storages: [("0", ZipBuilder.floatBytes([1, 2, 3, 4]))]), mentioning: "tensor 'w'")
        assertFails(ZipBuilder.checkpoint(pickle: [0x80, 0x02, 0x4b, 0x05, 0x2e], storages: []), mentioning: "not a state dict")
    }

    func testRejectsAHostileGlobalInsideAnArchive() {
        var pickle = PickleBuilder()
        pickle.global("os", "system")
        pickle.string("echo owned")
        pickle.raw([0x85])
        pickle.op("R")
        pickle.stop()
        assertFails(ZipBuilder.checkpoint(pickle: pickle.bytes, storages: []), file: "evil.pth", mentioning: "unsupported global 'os.system'")
    }
}
