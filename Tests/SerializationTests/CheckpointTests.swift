import Autograd
import FixtureSupport
import Foundation
import XCTest
@testable import Serialization

final class CheckpointTests: XCTestCase {
    /// A small state dict (Conv2d, BatchNorm2d, Linear) written by `torch.save`.
    static let statePath = Fixtures.path("serialization/state.pth")

    /// That file's bytes, read once.
    static let stateBytes: [UInt8] = (try? Checkpoint.readFile(statePath)) ?? []

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

    // MARK: - Files written by torch.save

    func testLoadsAStateDictWrittenByTorchSave() throws {
        let entries = try Checkpoint.load(Self.statePath)
        XCTAssertEqual(entries.map(\.0), [
            "0.weight", "0.bias", "1.weight", "1.bias", "1.running_mean", "1.running_var", "1.num_batches_tracked",
            "4.weight", "4.bias",
        ])
        let tensors = Dictionary(uniqueKeysWithValues: entries)
        XCTAssertEqual(tensors["0.weight"]?.shape, [4, 3, 3, 3])
        XCTAssertEqual(tensors["4.weight"]?.shape, [3, 16])
        XCTAssertEqual(tensors["1.num_batches_tracked"]?.dtype, .int64)
        XCTAssertEqual(tensors["1.num_batches_tracked"]?.shape, [])
        XCTAssertEqual(tensors["1.num_batches_tracked"]?.int64s, [0])
        // The same state dict written by the safetensors library: every bit agrees.
        let twin = try SafeTensors.read(Fixtures.path("serialization/state.safetensors"))
        XCTAssertEqual(Set(twin.keys), Set(tensors.keys))
        for (name, tensor) in entries {
            let expected = try XCTUnwrap(twin[name], name)
            XCTAssertEqual(tensor.shape, expected.shape, name)
            XCTAssertEqual(tensor.dtype, expected.dtype, name)
            XCTAssertEqual(tensor.floats.map(\.bitPattern), expected.floats.map(\.bitPattern), name)
            XCTAssertEqual(tensor.dtype == .int64 ? tensor.int64s : [], expected.dtype == .int64 ? expected.int64s : [], name)
        }
    }

    func testLoadsViewsOfSharedStoragesWrittenByTorchSave() throws {
        let path = Fixtures.path("serialization/views.pth")
        let tensors = Dictionary(uniqueKeysWithValues: try Checkpoint.load(path))
        let base = (0..<24).map(Float.init)
        func element(_ row: Int, _ column: Int) -> Float { base[row * 6 + column] }
        XCTAssertEqual(tensors["base"]?.shape, [4, 6])
        XCTAssertEqual(tensors["base"]?.floats, base)
        XCTAssertEqual(tensors["transposed"]?.shape, [6, 4])
        XCTAssertEqual(tensors["transposed"]?.floats, (0..<6).flatMap { c in (0..<4).map { r in element(r, c) } })
        XCTAssertEqual(tensors["row"]?.floats, (0..<6).map { element(1, $0) })
        XCTAssertEqual(tensors["columns"]?.shape, [4, 3])
        XCTAssertEqual(tensors["columns"]?.floats, (0..<4).flatMap { r in (2..<5).map { element(r, $0) } })
        XCTAssertEqual(tensors["strided"]?.shape, [2, 2])
        XCTAssertEqual(tensors["strided"]?.floats, [element(1, 0), element(1, 3), element(3, 0), element(3, 3)])
        XCTAssertEqual(tensors["element"]?.shape, [])
        XCTAssertEqual(tensors["element"]?.floats, [23])
        XCTAssertEqual(tensors["ints"]?.dtype, .int64)
        XCTAssertEqual(tensors["ints"]?.int64s, Array(-3..<5))
        XCTAssertEqual(tensors["ints_tail"]?.int64s, [2, 3, 4])
        XCTAssertEqual(tensors["scalar"]?.int64s, [7])
        XCTAssertEqual(tensors["flags"]?.bools, [true, false, true])
        // torch.save writes each storage once, however many views share it.
        let archive = try ZipArchive(bytes: try Checkpoint.readFile(path), file: path)
        XCTAssertEqual(archive.entries.filter { $0.name.hasPrefix("views/data/") }.count, 4)
    }

    func testLoadsAStateDictNestedInATrainingCheckpoint() throws {
        // {"epoch": 3, "model": state_dict, "optimizer": {...}}
        let nested = try Checkpoint.load(Fixtures.path("serialization/checkpoint.pth"))
        let plain = try Checkpoint.load(Self.statePath)
        XCTAssertEqual(nested.map(\.0), plain.map(\.0))
        for ((name, a), (_, b)) in zip(nested, plain) {
            XCTAssertEqual(a.floats, b.floats, name)
        }
    }

    /// `torch.manual_seed(0); torchvision.models.resnet18()` draws, in order: a
    /// Kaiming-uniform for every convolution weight (while constructing), the
    /// classifier's weight and bias, then a Kaiming-normal for every convolution in
    /// module order. The generator must reproduce torchvision's weights bit for bit,
    /// as the digests `make_fixtures.py` recorded say.
    func testGeneratorReproducesTorchvisionInitialisationFromSeedZero() throws {
        let digests = try Fixtures.digests("resnet18/seed0.json")
        let convolutions = digests.filter { $0.shape.count == 4 }
        XCTAssertEqual(convolutions.count, 20)
        let generator = Generator(seed: 0)
        func check(_ values: [Float], _ expected: Fixtures.TensorDigest) {
            let tensor = Tensor(shape: expected.shape, floats: values)
            XCTAssertEqual(Fixtures.digest(tensor), expected.sha256,
                           "\(expected.name): first elements \(values.prefix(4)), PyTorch's \(expected.first)")
        }

        // Construction: one 32-bit draw per convolution weight element.
        let constructionDraws = convolutions.reduce(0) { $0 + $1.shape.reduce(1, *) }
        for _ in 0..<constructionDraws { _ = generator.nextUInt32() }

        // Linear(512, 1000): kaiming_uniform_(a=√5) gives bound 1/√fan_in; the bias uses the same bound.
        let a = 5.0.squareRoot()
        let gain = (2.0 / (1 + a * a)).squareRoot()
        let bound = 3.0.squareRoot() * (gain / 512.0.squareRoot())
        let biasBound = 1 / 512.0.squareRoot()
        let byName = Dictionary(uniqueKeysWithValues: digests.map { ($0.name, $0) })
        check(generator.uniform(count: 512_000, from: Float(-bound), to: Float(bound)), try XCTUnwrap(byName["fc.weight"]))
        check(generator.uniform(count: 1000, from: Float(-biasBound), to: Float(biasBound)), try XCTUnwrap(byName["fc.bias"]))

        // ResNet.__init__: kaiming_normal_(mode="fan_out", nonlinearity="relu") in module order.
        for weight in convolutions {
            let fanOut = weight.shape[0] * weight.shape[2] * weight.shape[3]
            let std = 2.0.squareRoot() / Double(fanOut).squareRoot()
            check(generator.normal(count: weight.shape.reduce(1, *), mean: 0, std: Float(std)), weight)
        }
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
        let fixture = Self.stateBytes
        XCTAssertGreaterThan(fixture.count, 1000)

        assertFails(Array("hello, world".utf8), mentioning: "wrong magic")
        assertFails([0x80, 0x02, 0x8a, 0x0a], mentioning: "legacy")
        assertFails(Array(fixture.prefix(1000)), mentioning: "end-of-central-directory")
        assertFails(Array(fixture.prefix(fixture.count / 2)), mentioning: "end-of-central-directory")
        assertFails(Array(fixture.dropLast(30)), mentioning: "zip")

        // One flipped byte inside the first storage: the checksum catches it.
        let archive = try ZipArchive(bytes: fixture, file: "state.pth")
        let storage = try XCTUnwrap(archive.entry(named: "state/data/0"))
        let start = try archive.contents(of: storage).startIndex
        var corrupt = fixture
        corrupt[start + 5] ^= 0xff
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

    // MARK: - Hostile checkpoints

    func testHugeViewsAreRefusedBeforeAllocating() {
        let one = [("0", ZipBuilder.floatBytes([1]))]
        // A 1-element storage seen through a stride-0 view of 10^10 elements.
        let strideZero = PickleBuilder.stateDict([("w", "0", "FloatStorage", 1, 0, [10_000_000_000], [0])])
        assertFails(ZipBuilder.checkpoint(pickle: strideZero, storages: one), mentioning: "tensor 'w': out of memory")
        // Four hundred views of 2^40 elements each.
        let many = PickleBuilder.stateDict((0..<400).map { ("w\($0)", "0", "FloatStorage", 1, 0, [1 << 40], [0]) })
        assertFails(ZipBuilder.checkpoint(pickle: many, storages: one), mentioning: "tensor 'w0': out of memory")
        // Strides whose products overflow, and a size-1 dimension with an enormous stride.
        let overflow = PickleBuilder.stateDict([("w", "0", "FloatStorage", 1, 0, [2, 2], [1 << 62, 1 << 62])])
        assertFails(ZipBuilder.checkpoint(pickle: overflow, storages: one), mentioning: "too large")
        let storage4 = [("0", ZipBuilder.floatBytes([1, 2, 3, 4]))]
        let unit = PickleBuilder.stateDict([("w", "0", "FloatStorage", 4, 0, [2, 1, 2], [2, Int(Int32.max), 1])])
        XCTAssertEqual(try Checkpoint.loadPyTorch(bytes: ZipBuilder.checkpoint(pickle: unit, storages: storage4), file: "u.pth")[0].1.floats, [1, 2, 3, 4])
        let transposed = PickleBuilder.stateDict([("w", "0", "FloatStorage", 4, 0, [2, 1, 2], [1, Int(Int32.max), 2])])
        XCTAssertEqual(try Checkpoint.loadPyTorch(bytes: ZipBuilder.checkpoint(pickle: transposed, storages: storage4), file: "u.pth")[0].1.floats, [1, 3, 2, 4])
    }

    func testLargeViewsStopAtTheCellsDeadline() {
        // A stride-0 view of 256K elements gathers from one float: cheap to
        // write, long to read; a passed deadline stops it with an error.
        let one = [("0", ZipBuilder.floatBytes([1]))]
        for strides in [[0], [1]] {
            let storage = strides == [0] ? one : [("0", ZipBuilder.floatBytes([Float](repeating: 1, count: 1 << 18)))]
            let view = PickleBuilder.stateDict([("w", "0", "FloatStorage", strides == [0] ? 1 : 1 << 18, 0, [1 << 18], strides)])
            let bytes = ZipBuilder.checkpoint(pickle: view, storages: storage)
            Cancellation.$current.withValue(Cancellation(deadline: ContinuousClock.now)) {
                assertFails(bytes, mentioning: "reading tensor 'w' was stopped: the cell's time limit was reached")
            }
            XCTAssertEqual(try Checkpoint.loadPyTorch(bytes: bytes, file: "w.pth")[0].1.shape, [1 << 18])
        }
    }

    func testAmbiguousArchivesAreRefused() {
        let empty = PickleBuilder.stateDict([])
        assertFails(ZipBuilder.archive([("archive/data.pkl", empty), ("archive/data.pkl", empty)]), mentioning: "two entries are named 'archive/data.pkl'")
        assertFails(ZipBuilder.archive([("a/data.pkl", empty), ("b/data.pkl", empty)]), mentioning: "2 data.pkl files")
    }

    func testSharedValuesCannotExpandWithoutBound() throws {
        // t0 = (); t1 = (t0, t0); ... each tuple twice the size of the last, through DUP.
        var pickle = PickleBuilder()
        pickle.op(")")
        for _ in 0..<60 { pickle.op("2"); pickle.raw([0x86]) }
        pickle.stop()
        let path = NSTemporaryDirectory() + "expand-\(UUID().uuidString).pth"
        try Data(ZipBuilder.checkpoint(pickle: pickle.bytes, storages: [])).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        XCTAssertThrowsError(try Checkpoint.loadObject(path)) { error in
            XCTAssertTrue((error as? CheckpointError)?.message.contains("too large to expand") ?? false, "\(error)")
        }
    }

    func testFilesLargerThanTheBudgetAreRefusedBeforeReading() throws {
        let path = NSTemporaryDirectory() + "large-\(UUID().uuidString).pth"
        try Data(Self.stateBytes).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let saved = MemoryBudget.limit
        MemoryBudget.limit = MemoryBudget.used + 1000
        defer { MemoryBudget.limit = saved }
        XCTAssertThrowsError(try Checkpoint.load(path)) { error in
            XCTAssertTrue((error as? CheckpointError)?.message.contains("out of memory: reading the file") ?? false, "\(error)")
        }
        XCTAssertThrowsError(try Checkpoint.load(NSTemporaryDirectory())) { error in
            XCTAssertEqual((error as? CheckpointError)?.message, "not a regular file")
        }
    }
}
