import Foundation
import FixtureSupport
import XCTest
@testable import Serialization
import Autograd

final class SafeTensorsTests: XCTestCase {
    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("SafeTensorsTests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    // MARK: - Helpers

    /// A file made of a hand-written header and raw data bytes.
    static func file(header: String, data: [UInt8] = [], declaredLength: UInt64? = nil) -> [UInt8] {
        let headerBytes = Array(header.utf8)
        let length = declaredLength ?? UInt64(headerBytes.count)
        return (0..<8).map { UInt8(truncatingIfNeeded: length >> (8 * UInt64($0))) } + headerBytes + data
    }

    func assertRejects(_ bytes: [UInt8], mentioning fragment: String,
                       file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try SafeTensors.parse(bytes, file: "bad.safetensors"), file: file, line: line) { error in
            guard let error = error as? SafeTensorsError else {
                return XCTFail("unexpected error type \(error)", file: file, line: line)
            }
            XCTAssertEqual(error.file, "bad.safetensors", file: file, line: line)
            XCTAssertTrue(error.description.hasPrefix("bad.safetensors: "), file: file, line: line)
            XCTAssertTrue(error.message.contains(fragment), "'\(error.message)' lacks '\(fragment)'", file: file, line: line)
        }
    }

    // MARK: - Reading fixtures

    func testReadsTheTrainingFixture() throws {
        let path = Fixtures.path("resnet18/train-64.safetensors")
        let ordered = try SafeTensors.readOrdered(path)
        let tensors = Dictionary(uniqueKeysWithValues: ordered)
        XCTAssertEqual(ordered.count, tensors.count)
        XCTAssertEqual(tensors["data.sample"]?.shape, [65])
        XCTAssertEqual(tensors["data.index"]?.dtype, .int64)
        XCTAssertEqual(tensors["data.index"]?.int64s.last.map { $0 < 3 * 64 * 64 }, true)
        XCTAssertEqual(tensors["step1.prediction"]?.shape, [1, 1000])
        XCTAssertEqual(tensors["step1.loss"]?.shape, [1])
        XCTAssertEqual(tensors["step1.grad.conv1.weight.sample"]?.dtype, .float32)
        // torch.rand data lies in [0, 1).
        let data = try XCTUnwrap(tensors["data.sample"]).floats
        XCTAssertTrue(data.allSatisfy { $0 >= 0 && $0 < 1 })
    }

    func testEntriesComeInStorageOrder() throws {
        let path = Fixtures.path("ops/rng.safetensors")
        let entries = try SafeTensors.readEntries(path)
        XCTAssertEqual(entries.map(\.name), (0..<8).map { "rng.\($0)" })
        XCTAssertEqual(entries[4].shape, [1, 3, 4, 4])
        XCTAssertEqual(entries[4].elementType, .f32)
        XCTAssertEqual(entries[4].bytes.count, 48 * 4)
    }

    // MARK: - Round trips

    func testRoundTripKeepsValuesShapesDtypesAndOrder() throws {
        let path = directory.appendingPathComponent("round.safetensors").path
        let tensors: [(String, Tensor)] = [
            ("weights", Tensor(shape: [2, 3], floats: [1, -2.5, 3, .infinity, -0.0, 1e-30])),
            ("count", Tensor(shape: [], int64s: [Int64.min])),
            ("mask", Tensor(shape: [4], bools: [true, false, false, true])),
            ("empty", Tensor(shape: [0, 5], floats: [])),
            ("name with \"quotes\"", Tensor(shape: [1], int64s: [42])),
        ]
        try SafeTensors.write(tensors, to: path, metadata: ["format": "pt"])
        let back = try SafeTensors.readOrdered(path)
        XCTAssertEqual(back.map(\.0), tensors.map(\.0))
        for ((_, a), (name, b)) in zip(tensors, back) {
            XCTAssertEqual(a.shape, b.shape, name)
            XCTAssertEqual(a.dtype, b.dtype, name)
            switch a.dtype {
            case .float32: XCTAssertEqual(a.floats.map(\.bitPattern), b.floats.map(\.bitPattern), name)
            case .float64: XCTAssertEqual(a.doubles, b.doubles, name)
            case .int64, .int32, .uint8: XCTAssertEqual(a.int64s, b.int64s, name)
            case .bool: XCTAssertEqual(a.bools, b.bools, name)
            }
        }
        // The header is padded so the data starts 8-byte aligned.
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        XCTAssertEqual(Int(bytes[0]) % 8, 0)
    }

    func testDictionaryWriteSortsByNameAndReplacesAtomically() throws {
        let path = directory.appendingPathComponent("sorted.safetensors").path
        try SafeTensors.write(["b": Tensor(shape: [1], floats: [1])], to: path)
        try SafeTensors.write(["b": Tensor(shape: [1], floats: [2]), "a": Tensor(shape: [1], floats: [3])], to: path)
        XCTAssertEqual(try SafeTensors.readOrdered(path).map(\.0), ["a", "b"])
        XCTAssertEqual(try SafeTensors.read(path)["b"]?.floats, [2])
        // Only the file itself remains: no temporary file is left behind.
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path), ["sorted.safetensors"])
    }

    func testWriteIntoAMissingDirectoryThrows() {
        let path = directory.appendingPathComponent("missing/x.safetensors").path
        XCTAssertThrowsError(try SafeTensors.write(["a": Tensor(shape: [1], floats: [1])], to: path)) { error in
            XCTAssertEqual((error as? SafeTensorsError)?.file, path)
        }
    }

    func testWriteRejectsTheReservedName() {
        XCTAssertThrowsError(try SafeTensors.serialize([("__metadata__", Tensor(shape: [1], floats: [1]))]))
    }

    // MARK: - Other element types

    func testConvertsOtherElementTypes() throws {
        let header = """
        {"h":{"dtype":"F16","shape":[3],"data_offsets":[0,6]},\
        "b":{"dtype":"BF16","shape":[2],"data_offsets":[6,10]},\
        "d":{"dtype":"F64","shape":[1],"data_offsets":[10,18]},\
        "i":{"dtype":"I32","shape":[2],"data_offsets":[18,26]},\
        "u":{"dtype":"U8","shape":[1],"data_offsets":[26,27]}}
        """
        var data: [UInt8] = [0x00, 0x3c, 0x00, 0xc0, 0x01, 0x00]  // 1.0, -2.0, smallest subnormal
        data += [0x80, 0x3f, 0x40, 0xc0]  // bf16 1.0, -3.0
        data += (0..<8).map { UInt8(truncatingIfNeeded: (0.5 as Double).bitPattern >> (8 * UInt64($0))) }
        data += [0xff, 0xff, 0xff, 0xff, 7, 0, 0, 0]  // -1, 7
        data += [200]
        let entries = try SafeTensors.parse(Self.file(header: header, data: data), file: "types")
        let tensors = Dictionary(uniqueKeysWithValues: try entries.map { ($0.name, try SafeTensors.tensor(from: $0, file: "types")) })
        XCTAssertEqual(tensors["h"]?.floats, [1, -2, Float(sign: .plus, exponent: -24, significand: 1)])
        XCTAssertEqual(tensors["b"]?.floats, [1, -3])
        XCTAssertEqual(tensors["d"]?.floats, [0.5])
        XCTAssertEqual(tensors["i"]?.int64s, [-1, 7])
        XCTAssertEqual(tensors["i"]?.dtype, .int64)
        XCTAssertEqual(tensors["u"]?.int64s, [200])
    }

    // MARK: - Malformed files

    func testRejectsMalformedFiles() {
        let good = #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#
        let eight = [UInt8](repeating: 0, count: 8)
        XCTAssertNoThrow(try SafeTensors.parse(Self.file(header: good, data: eight), file: "ok"))

        assertRejects([], mentioning: "truncated")
        assertRejects([1, 0, 0], mentioning: "truncated")
        assertRejects(Self.file(header: good, data: eight, declaredLength: 500), mentioning: "truncated")
        assertRejects(Self.file(header: good, data: eight, declaredLength: UInt64.max), mentioning: "limit")
        assertRejects(Self.file(header: "{\"a\": [", data: eight), mentioning: "JSON")
        assertRejects(Self.file(header: "[1, 2]", data: eight), mentioning: "JSON")
        assertRejects(Self.file(header: #"{"a":{"shape":[2],"data_offsets":[0,8]}}"#, data: eight), mentioning: "'a' is malformed")
        assertRejects(Self.file(header: #"{"a":{"dtype":"F32","shape":[2.5],"data_offsets":[0,8]}}"#, data: eight), mentioning: "'a' is malformed")
        assertRejects(Self.file(header: #"{"a":{"dtype":"C64","shape":[2],"data_offsets":[0,8]}}"#, data: eight), mentioning: "unsupported dtype 'C64'")
        assertRejects(Self.file(header: #"{"a":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}}"#, data: eight), mentioning: "negative")
        assertRejects(Self.file(header: #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8,9]}}"#, data: eight), mentioning: "data_offsets")
        assertRejects(Self.file(header: #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,16]}}"#, data: eight), mentioning: "outside")
        assertRejects(Self.file(header: #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[8,0]}}"#, data: eight), mentioning: "outside")
        assertRejects(Self.file(header: #"{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"#, data: eight), mentioning: "span 8 bytes")
        assertRejects(Self.file(header: #"{"a":{"dtype":"F32","shape":[4611686018427387904,4],"data_offsets":[0,8]}}"#, data: eight), mentioning: "too large")
        assertRejects(Self.file(header: #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[2,6]}}"#, data: eight), mentioning: "overlap")
        assertRejects(Self.file(header: #"{"__metadata__":{"k":1}}"#), mentioning: "__metadata__")
    }

    func testTruncatedFixtureIsRejectedNotCrashed() throws {
        let path = Fixtures.path("ops/rng.safetensors")
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        for length in [0, 4, 8, 100, bytes.count - 1] {
            XCTAssertThrowsError(try SafeTensors.parse(Array(bytes.prefix(length)), file: path), "length \(length)")
        }
    }

    func testMissingFileNamesThePath() {
        let path = directory.appendingPathComponent("nothing.safetensors").path
        XCTAssertThrowsError(try SafeTensors.read(path)) { error in
            XCTAssertEqual((error as? SafeTensorsError)?.file, path)
        }
    }

    func testDuplicateKeysAreAmbiguous() {
        let eight = [UInt8](repeating: 0, count: 8)
        assertRejects(Self.file(header: #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#, data: eight),
                      mentioning: "names 'a' twice")
        // The same key spelled with an escape.
        assertRejects(Self.file(header: #"{"ab":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"a\u0062":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#, data: eight),
                      mentioning: "names 'ab' twice")
        // Keys of inner objects are not the header's keys.
        XCTAssertNoThrow(try SafeTensors.parse(Self.file(header: #"{"__metadata__":{"a":"x","b":"y"},"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#, data: eight), file: "ok"))
        XCTAssertEqual(SafeTensors.duplicateKey(in: Array(#"{"x":"a,\"b","b":[{"x":1}],"x\"":2}"#.utf8)[...]), nil)
        XCTAssertEqual(SafeTensors.duplicateKey(in: Array(#"{"x":"a,\"b","b":[{"x":1}],"x":2}"#.utf8)[...]), "x")
    }

    func testHugeShapesAreErrorsNotTraps() throws {
        // Zero elements, but strides that overflow: refused as the engine refuses
        // `Tensor.zeros` of that shape.
        let empty = try SafeTensors.parse(Self.file(header: #"{"a":{"dtype":"F32","shape":[0,1099511627776,1099511627776],"data_offsets":[0,0]}}"#), file: "big")
        XCTAssertThrowsError(try SafeTensors.tensor(from: empty[0], file: "big")) { error in
            XCTAssertTrue((error as? SafeTensorsError)?.message.contains("more elements than fit in an Int") ?? false, "\(error)")
        }
        assertRejects(Self.file(header: #"{"a":{"dtype":"F32","shape":[1099511627776,1099511627776,0],"data_offsets":[0,0]}}"#), mentioning: "too large")
    }

    func testHeaderErrorsDoNotQuoteTheFilesBytes() {
        // The first 8 bytes of an arbitrary file, read as a length, are not shown.
        let text = Array("root:$6$saltsalt$hash:19000:0:99999:7:::\n".utf8)
        XCTAssertThrowsError(try SafeTensors.parse(text, file: "shadow")) { error in
            let message = (error as? SafeTensorsError)?.message ?? ""
            var length: UInt64 = 0
            for i in 0..<8 { length |= UInt64(text[i]) << (8 * UInt64(i)) }
            XCTAssertFalse(message.contains(String(length)), message)
            XCTAssertFalse(message.contains(String(text.count)), message)
            XCTAssertFalse(message.contains("root"), message)
        }
        let short = Self.file(header: "{}", declaredLength: 3000)
        XCTAssertThrowsError(try SafeTensors.parse(short, file: "short")) { error in
            let message = (error as? SafeTensorsError)?.message ?? ""
            XCTAssertFalse(message.contains("3000"), message)
        }
    }
}
