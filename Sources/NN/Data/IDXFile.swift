import Autograd
import Foundation

/// An array in the idx format of MNIST's files: a big-endian header (two zero
/// bytes, a type code, the number of dimensions, then each dimension as a
/// 32-bit size) followed by the elements, row-major. Read plain or gzip-compressed.
/// Only unsigned bytes (type 0x08), which MNIST's images and labels use, are
/// supported; every size is checked against the file.
struct IDXFile {
    /// The dimensions, as the header gives them.
    let shape: [Int]
    /// The elements.
    let bytes: [UInt8]

    /// Reads the file at `path`; `name` is how errors name it.
    init(path: String, name: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DataError("\(name): cannot read the file")
        }
        var raw = [UInt8](data)
        if Gzip.isGzip(raw) { raw = try Gzip.decompress(raw, file: name) }
        try self.init(raw, name: name)
    }

    /// Parses an idx array held in memory.
    init(_ raw: [UInt8], name: String) throws {
        func fail(_ message: String) -> DataError { DataError("\(name): not an idx file: \(message)") }
        guard raw.count >= 4 else { throw fail("\(raw.count) bytes is too short for a header") }
        guard raw[0] == 0, raw[1] == 0 else { throw fail("the magic number must start with two zero bytes") }
        guard raw[2] == 0x08 else {
            throw fail("element type 0x\(String(raw[2], radix: 16)) is not supported (only unsigned bytes, 0x08)")
        }
        let rank = Int(raw[3])
        guard rank >= 1, raw.count >= 4 + 4 * rank else { throw fail("truncated header for \(rank) dimensions") }
        var shape: [Int] = []
        var count = 1
        for axis in 0..<rank {
            let at = 4 + 4 * axis
            let size = Int(raw[at]) << 24 | Int(raw[at + 1]) << 16 | Int(raw[at + 2]) << 8 | Int(raw[at + 3])
            shape.append(size)
            let (product, overflow) = count.multipliedReportingOverflow(by: size)
            guard !overflow else { throw fail("dimensions \(shape) are too large") }
            count = product
        }
        let start = 4 + 4 * rank
        guard raw.count - start == count else {
            throw DataError("\(name): \(raw.count - start < count ? "truncated" : "corrupt") idx file: dimensions \(shape) need \(count) bytes of data, the file has \(raw.count - start)")
        }
        self.shape = shape
        bytes = Array(raw[start...])
    }
}
