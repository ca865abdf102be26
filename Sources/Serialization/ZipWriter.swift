/// Builds a zip archive of stored (uncompressed) entries in memory, as PyTorch's
/// `PyTorchFileWriter` does: each entry's data starts on a 64-byte boundary (the
/// local header is padded with an extra field), so a reader may map tensors
/// straight from the file.
struct ZipWriter {
    private(set) var bytes: [UInt8] = []
    private var directory: [UInt8] = []
    private var count = 0
    /// The file name used in errors.
    let file: String

    init(file: String) { self.file = file }

    /// Appends the entry `name` holding `data`.
    mutating func add(_ name: String, _ data: [UInt8]) throws {
        let nameBytes = Array(name.utf8)
        let offset = bytes.count
        guard offset < Int(UInt32.max), data.count < Int(UInt32.max), nameBytes.count < 0xffff else {
            throw CheckpointError(file: file, message: "checkpoint too large: archives of 4 GiB and more are not supported")
        }
        let crc = CRC32.checksum(data[...])
        // Pad the local header so the data is 64-byte aligned: an extra field
        // with PyTorch's tag 'FB' and zero bytes.
        let headerEnd = offset + 30 + nameBytes.count
        var padding = (64 - (headerEnd + 4) % 64) % 64
        if headerEnd % 64 == 0 { padding = -4 }
        let extraLength = padding < 0 ? 0 : 4 + padding

        append32(0x0403_4b50, to: &bytes)
        append16(20, to: &bytes)  // version needed
        append16(0, to: &bytes)  // flags
        append16(0, to: &bytes)  // stored
        append16(0, to: &bytes); append16(0x21, to: &bytes)  // time and date (1980-01-01)
        append32(crc, to: &bytes)
        append32(UInt32(data.count), to: &bytes)
        append32(UInt32(data.count), to: &bytes)
        append16(UInt16(nameBytes.count), to: &bytes)
        append16(UInt16(extraLength), to: &bytes)
        bytes.append(contentsOf: nameBytes)
        if extraLength > 0 {
            append16(0x4246, to: &bytes)  // "FB"
            append16(UInt16(padding), to: &bytes)
            bytes.append(contentsOf: [UInt8](repeating: 0x5a, count: padding))
        }
        bytes.append(contentsOf: data)

        append32(0x0201_4b50, to: &directory)
        append16(20, to: &directory)  // version made by
        append16(20, to: &directory)  // version needed
        append16(0, to: &directory)
        append16(0, to: &directory)
        append16(0, to: &directory); append16(0x21, to: &directory)
        append32(crc, to: &directory)
        append32(UInt32(data.count), to: &directory)
        append32(UInt32(data.count), to: &directory)
        append16(UInt16(nameBytes.count), to: &directory)
        append16(0, to: &directory)  // extra
        append16(0, to: &directory)  // comment
        append16(0, to: &directory)  // disk
        append16(0, to: &directory)  // internal attributes
        append32(0, to: &directory)  // external attributes
        append32(UInt32(offset), to: &directory)
        directory.append(contentsOf: nameBytes)
        count += 1
    }

    /// The archive: the entries, the central directory and its end record.
    mutating func finish() throws -> [UInt8] {
        let directoryOffset = bytes.count
        guard directoryOffset + directory.count < Int(UInt32.max), count < 0xffff else {
            throw CheckpointError(file: file, message: "checkpoint too large: archives of 4 GiB and more are not supported")
        }
        bytes.append(contentsOf: directory)
        append32(0x0605_4b50, to: &bytes)
        append16(0, to: &bytes)
        append16(0, to: &bytes)
        append16(UInt16(count), to: &bytes)
        append16(UInt16(count), to: &bytes)
        append32(UInt32(directory.count), to: &bytes)
        append32(UInt32(directoryOffset), to: &bytes)
        append16(0, to: &bytes)
        return bytes
    }

    private func append16(_ value: UInt16, to data: inout [UInt8]) {
        data.append(UInt8(value & 0xff)); data.append(UInt8(value >> 8))
    }

    private func append32(_ value: UInt32, to data: inout [UInt8]) {
        for index in 0..<4 { data.append(UInt8(truncatingIfNeeded: value >> UInt32(8 * index))) }
    }
}
