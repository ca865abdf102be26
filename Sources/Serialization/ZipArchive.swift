/// A read-only view of a zip archive held in memory, enough for the archives
/// `torch.save` writes: entries are found through the central directory (ZIP64
/// records included), and only stored (uncompressed) entries can be read.
///
/// Every offset and length is checked against the buffer, so a truncated or
/// corrupt archive gives a `CheckpointError`, never a crash.
struct ZipArchive {
    /// One file of the archive, as the central directory describes it.
    struct Entry {
        var name: String
        /// 0 is stored, 8 is deflate.
        var method: UInt16
        var compressedSize: Int
        var uncompressedSize: Int
        var localHeaderOffset: Int
        var crc32: UInt32
    }

    /// The archive's bytes.
    let bytes: [UInt8]
    /// The file name used in errors.
    let file: String
    /// The entries in central-directory order.
    private(set) var entries: [Entry] = []
    private var index: [String: Int] = [:]

    private static let localHeaderSignature: UInt32 = 0x0403_4b50
    private static let centralHeaderSignature: UInt32 = 0x0201_4b50
    private static let endSignature: UInt32 = 0x0605_4b50
    private static let zip64EndSignature: UInt32 = 0x0606_4b50
    private static let zip64LocatorSignature: UInt32 = 0x0706_4b50

    /// True when `bytes` start like a zip archive.
    static func looksLikeZip(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 4 && bytes[0] == 0x50 && bytes[1] == 0x4b && bytes[2] == 0x03 && bytes[3] == 0x04
    }

    /// Reads the central directory of the archive in `bytes`.
    init(bytes: [UInt8], file: String) throws {
        self.bytes = bytes
        self.file = file
        let reader = Reader(bytes: bytes, file: file)

        // The end-of-central-directory record: 22 bytes plus a comment of up to 64 KiB.
        guard bytes.count >= 22 else { throw fail("truncated zip archive: shorter than its end-of-central-directory record") }
        var end = bytes.count - 22
        let lowest = max(0, bytes.count - 22 - 65_535)
        while end >= lowest, reader.peekUInt32(at: end) != Self.endSignature { end -= 1 }
        guard end >= lowest else {
            throw fail("not a zip archive or truncated: no end-of-central-directory record")
        }
        var count = Int(try reader.uint16(at: end + 10))
        var directorySize = Int(try reader.uint32(at: end + 12))
        var directoryOffset = Int(try reader.uint32(at: end + 16))

        // ZIP64: the locator sits right before the classic record.
        if end >= 20, reader.peekUInt32(at: end - 20) == Self.zip64LocatorSignature {
            let recordOffset = try reader.int64(at: end - 20 + 8)
            guard try reader.uint32(at: recordOffset) == Self.zip64EndSignature else {
                throw fail("corrupt zip archive: bad ZIP64 end-of-central-directory record")
            }
            count = try reader.int64(at: recordOffset + 32)
            directorySize = try reader.int64(at: recordOffset + 40)
            directoryOffset = try reader.int64(at: recordOffset + 48)
        }
        guard directoryOffset >= 0, directorySize >= 0, directoryOffset <= bytes.count,
              directorySize <= bytes.count - directoryOffset else {
            throw fail("truncated zip archive: the central directory lies beyond the end of the file")
        }
        guard count >= 0, count <= directorySize / 46 else {
            throw fail("corrupt zip archive: \(count) entries cannot fit in a \(directorySize)-byte directory")
        }

        var position = directoryOffset
        for _ in 0..<count {
            guard try reader.uint32(at: position) == Self.centralHeaderSignature else {
                throw fail("corrupt zip archive: bad central directory entry at offset \(position)")
            }
            let method = try reader.uint16(at: position + 10)
            let crc = try reader.uint32(at: position + 16)
            var compressed = Int(try reader.uint32(at: position + 20))
            var uncompressed = Int(try reader.uint32(at: position + 24))
            let nameLength = Int(try reader.uint16(at: position + 28))
            let extraLength = Int(try reader.uint16(at: position + 30))
            let commentLength = Int(try reader.uint16(at: position + 32))
            var localOffset = Int(try reader.uint32(at: position + 42))
            let nameBytes = try reader.slice(at: position + 46, count: nameLength)
            let name = String(decoding: nameBytes, as: UTF8.self)

            // ZIP64 extended information: the 64-bit values of the fields set to 0xFFFFFFFF, in order.
            var extra = position + 46 + nameLength
            let extraEnd = extra + extraLength
            while extra + 4 <= extraEnd {
                let tag = try reader.uint16(at: extra)
                let size = Int(try reader.uint16(at: extra + 2))
                if tag == 0x0001 {
                    var field = extra + 4
                    if uncompressed == 0xffff_ffff { uncompressed = try reader.int64(at: field); field += 8 }
                    if compressed == 0xffff_ffff { compressed = try reader.int64(at: field); field += 8 }
                    if localOffset == 0xffff_ffff { localOffset = try reader.int64(at: field); field += 8 }
                }
                extra += 4 + size
            }
            // Readers disagree on which of two same-named entries counts, so
            // an archive with both is ambiguous and refused.
            guard index[name] == nil else {
                throw fail("corrupt zip archive: two entries are named '\(CheckpointError.quoted(name))'")
            }
            entries.append(Entry(name: name, method: method, compressedSize: compressed,
                                 uncompressedSize: uncompressed, localHeaderOffset: localOffset, crc32: crc))
            index[name] = entries.count - 1
            position += 46 + nameLength + extraLength + commentLength
        }
    }

    /// The entry called `name`, if any.
    func entry(named name: String) -> Entry? {
        index[name].map { entries[$0] }
    }

    /// The contents of a stored entry, checked against its CRC-32.
    func contents(of entry: Entry) throws -> ArraySlice<UInt8> {
        guard entry.method == 0 else {
            let method = entry.method == 8 ? "deflate" : "method \(entry.method)"
            throw fail("entry '\(CheckpointError.quoted(entry.name))' is compressed (\(method)); only stored entries are supported, as torch.save writes them")
        }
        guard entry.compressedSize == entry.uncompressedSize else {
            throw fail("corrupt zip archive: stored entry '\(CheckpointError.quoted(entry.name))' has different compressed and uncompressed sizes")
        }
        let reader = Reader(bytes: bytes, file: file)
        guard try reader.uint32(at: entry.localHeaderOffset) == Self.localHeaderSignature else {
            throw fail("corrupt zip archive: bad local header for '\(CheckpointError.quoted(entry.name))'")
        }
        let nameLength = Int(try reader.uint16(at: entry.localHeaderOffset + 26))
        let extraLength = Int(try reader.uint16(at: entry.localHeaderOffset + 28))
        let start = entry.localHeaderOffset + 30 + nameLength + extraLength
        guard start >= 0, entry.compressedSize >= 0, start <= bytes.count,
              entry.compressedSize <= bytes.count - start else {
            throw fail("truncated zip archive: the data of '\(CheckpointError.quoted(entry.name))' runs past the end of the file")
        }
        let data = bytes[start..<(start + entry.compressedSize)]
        guard CRC32.checksum(data) == entry.crc32 else {
            throw fail("corrupt zip archive: checksum mismatch in '\(CheckpointError.quoted(entry.name))'")
        }
        return data
    }

    private func fail(_ message: String) -> CheckpointError {
        CheckpointError(file: file, message: message)
    }

    /// Bounds-checked little-endian reads.
    private struct Reader {
        let bytes: [UInt8]
        let file: String

        func peekUInt32(at offset: Int) -> UInt32? {
            guard offset >= 0, offset + 4 <= bytes.count else { return nil }
            return load(offset, 4).map { UInt32($0) }
        }

        func uint16(at offset: Int) throws -> UInt16 { UInt16(try checked(offset, 2)) }
        func uint32(at offset: Int) throws -> UInt32 { UInt32(try checked(offset, 4)) }

        /// A 64-bit count, size or offset, which cannot exceed the archive's
        /// length (so sums of it and a record's field offsets cannot overflow).
        func int64(at offset: Int) throws -> Int {
            let value = try checked(offset, 8)
            guard value <= UInt64(bytes.count) else {
                throw CheckpointError(file: file, message: "corrupt zip archive: a 64-bit size or offset lies beyond the end of the file")
            }
            return Int(value)
        }

        func slice(at offset: Int, count: Int) throws -> ArraySlice<UInt8> {
            guard offset >= 0, count >= 0, offset <= bytes.count, count <= bytes.count - offset else {
                throw CheckpointError(file: file, message: "truncated zip archive: a record runs past the end of the file")
            }
            return bytes[offset..<(offset + count)]
        }

        private func checked(_ offset: Int, _ size: Int) throws -> UInt64 {
            guard let value = load(offset, size) else {
                throw CheckpointError(file: file, message: "truncated zip archive: a record runs past the end of the file")
            }
            return value
        }

        private func load(_ offset: Int, _ size: Int) -> UInt64? {
            guard offset >= 0, offset <= bytes.count - size else { return nil }
            var value: UInt64 = 0
            for i in 0..<size { value |= UInt64(bytes[offset + i]) << (8 * UInt64(i)) }
            return value
        }
    }
}
