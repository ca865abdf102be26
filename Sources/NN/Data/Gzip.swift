import CZlib

/// Decompression of gzip files (RFC 1952) through zlib; the only file that
/// talks to the C library. A truncated or corrupt stream is an error naming
/// the file, never a crash; the output is capped so a hostile file cannot
/// expand without bound.
enum Gzip {
    /// Largest decompressed size accepted (4 GiB).
    static let maximumSize = 1 << 32

    /// True when `bytes` start with gzip's magic number.
    static func isGzip(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b
    }

    /// The decompressed contents of the gzip stream in `bytes` (concatenated members included).
    static func decompress(_ bytes: [UInt8], file: String) throws -> [UInt8] {
        var stream = z_stream()
        // 15 + 32: a 32 KiB window, gzip or zlib header detected automatically.
        guard inflateInit2_(&stream, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw DataError("\(file): cannot start decompressing")
        }
        defer { inflateEnd(&stream) }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var input = bytes
        return try input.withUnsafeMutableBufferPointer { source -> [UInt8] in
            stream.next_in = source.baseAddress
            stream.avail_in = UInt32(source.count)
            while true {
                let status = chunk.withUnsafeMutableBufferPointer { buffer -> Int32 in
                    stream.next_out = buffer.baseAddress
                    stream.avail_out = UInt32(buffer.count)
                    return inflate(&stream, Z_NO_FLUSH)
                }
                let produced = chunk.count - Int(stream.avail_out)
                output.append(contentsOf: chunk[0..<produced])
                guard output.count <= maximumSize else { throw DataError("\(file): decompresses to more than 4 GiB") }
                switch status {
                case Z_STREAM_END:
                    // Another gzip member may follow, as `gzip` allows.
                    guard stream.avail_in > 0 else { return output }
                    guard inflateReset(&stream) == Z_OK else { throw DataError("\(file): corrupt gzip data") }
                case Z_OK:
                    if stream.avail_in == 0 && produced == 0 {
                        throw DataError("\(file): truncated gzip file")
                    }
                case Z_BUF_ERROR:
                    if stream.avail_in == 0 { throw DataError("\(file): truncated gzip file") }
                default:
                    throw DataError("\(file): corrupt gzip data")
                }
            }
        }
    }
}
