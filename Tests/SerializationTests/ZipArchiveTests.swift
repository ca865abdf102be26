import XCTest
@testable import Serialization
import Autograd

final class ZipArchiveTests: XCTestCase {
    private func le(_ value: Int, _ size: Int) -> [UInt8] {
        (0..<size).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
    }

    /// One stored entry whose sizes and offset live only in ZIP64 records, with a
    /// comment after the end record and padding in the local header's extra field.
    private func zip64Archive(name: String, data: [UInt8]) -> [UInt8] {
        let nameBytes = Array(name.utf8)
        let crc = Int(CRC32.checksum(data[...]))
        let padding = [UInt8](repeating: 0, count: 13)
        var out = [UInt8](repeating: 0xaa, count: 5)  // bytes before the first entry
        let localOffset = out.count
        out += le(0x0403_4b50, 4) + le(45, 2) + le(0x0808, 2) + le(0, 2) + le(0, 4)
        out += le(0, 4) + le(0, 4) + le(0, 4) + le(nameBytes.count, 2) + le(padding.count, 2)
        out += nameBytes + padding + data
        let directoryOffset = out.count
        var central = le(0x0201_4b50, 4) + le(45, 2) + le(45, 2) + le(0x0808, 2) + le(0, 2) + le(0, 4)
        central += le(crc, 4) + le(0xffff_ffff, 4) + le(0xffff_ffff, 4) + le(nameBytes.count, 2)
        central += le(4 + 24, 2) + le(0, 2) + le(0, 2) + le(0, 2) + le(0, 4) + le(0xffff_ffff, 4) + nameBytes
        central += le(0x0001, 2) + le(24, 2) + le(data.count, 8) + le(data.count, 8) + le(localOffset, 8)
        out += central
        let zip64End = out.count
        out += le(0x0606_4b50, 4) + le(44, 8) + le(45, 2) + le(45, 2) + le(0, 4) + le(0, 4)
        out += le(1, 8) + le(1, 8) + le(central.count, 8) + le(directoryOffset, 8)
        out += le(0x0706_4b50, 4) + le(0, 4) + le(zip64End, 8) + le(1, 4)
        out += le(0x0605_4b50, 4) + le(0xffff, 2) + le(0xffff, 2) + le(0xffff, 2) + le(0xffff, 2)
        out += le(0xffff_ffff, 4) + le(0xffff_ffff, 4) + le(7, 2) + Array("comment".utf8)
        return out
    }

    func testReadsZip64RecordsAndLocalPadding() throws {
        let payload = Array("hello, zip64".utf8)
        let archive = try ZipArchive(bytes: zip64Archive(name: "a/b.txt", data: payload), file: "z.zip")
        XCTAssertEqual(archive.entries.map(\.name), ["a/b.txt"])
        let entry = try XCTUnwrap(archive.entry(named: "a/b.txt"))
        XCTAssertEqual(entry.uncompressedSize, payload.count)
        XCTAssertEqual(Array(try archive.contents(of: entry)), payload)
        XCTAssertNil(archive.entry(named: "missing"))
    }

    func testEveryTruncationIsAnErrorNotACrash() {
        let bytes = zip64Archive(name: "x", data: Array(repeating: 7, count: 40))
        for length in 0..<bytes.count {
            let prefix = Array(bytes.prefix(length))
            do {
                let archive = try ZipArchive(bytes: prefix, file: "z.zip")
                for entry in archive.entries { _ = try archive.contents(of: entry) }
                // Cutting only the trailing comment leaves a readable archive.
                XCTAssertGreaterThanOrEqual(length, bytes.count - 7, "length \(length) should have failed")
            } catch {
                XCTAssertTrue(error is CheckpointError, "length \(length): \(error)")
            }
        }
    }

    func testEveryCorruptedByteIsAnErrorOrHarmless() {
        // Flipping any single byte must never crash the reader.
        let bytes = ZipBuilder.archive([("a", [1, 2, 3]), ("b", Array(repeating: 9, count: 20))])
        for index in bytes.indices {
            var corrupt = bytes
            corrupt[index] ^= 0x5a
            do {
                let archive = try ZipArchive(bytes: corrupt, file: "z.zip")
                for entry in archive.entries { _ = try archive.contents(of: entry) }
            } catch {
                XCTAssertTrue(error is CheckpointError, "byte \(index): \(error)")
            }
        }
    }

    func testDuplicateEntriesAreAmbiguous() {
        // Zip readers disagree on which of two same-named entries counts.
        let archive = ZipBuilder.archive([("a/data.pkl", [1]), ("a/data.pkl", [2])])
        XCTAssertThrowsError(try ZipArchive(bytes: archive, file: "z.zip")) { error in
            XCTAssertEqual((error as? CheckpointError)?.message, "corrupt zip archive: two entries are named 'a/data.pkl'")
        }
    }

    func testHugeZip64FieldsAreErrorsNotOverflows() {
        // Sizes and offsets near Int.max would overflow when added to a record's field offsets.
        let bytes = zip64Archive(name: "x", data: Array(repeating: 7, count: 40))
        let patterns: [[UInt8]] = [le(Int.max, 8), le(Int.max - 10, 8), le(1 << 62, 8)]
        // Every 8-byte field of the ZIP64 records and the extra field, in turn.
        for offset in stride(from: 0, to: bytes.count - 8, by: 1) {
            for pattern in patterns {
                var damaged = bytes
                damaged.replaceSubrange(offset..<(offset + 8), with: pattern)
                do {
                    let archive = try ZipArchive(bytes: damaged, file: "z.zip")
                    for entry in archive.entries { _ = try archive.contents(of: entry) }
                } catch {
                    XCTAssertTrue(error is CheckpointError, "offset \(offset): \(error)")
                }
            }
        }
    }
}
