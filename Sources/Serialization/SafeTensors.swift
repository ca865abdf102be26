import Autograd
import Foundation

/// Reading and writing the `.safetensors` format (Hugging Face's tensor file).
///
/// A file is an 8-byte little-endian header length `N`, then `N` bytes of JSON
/// mapping each tensor name to `{"dtype", "shape", "data_offsets": [begin, end]}`
/// (offsets into the data that follows the header; an optional `__metadata__`
/// entry holds strings), then the data, little-endian and row-major.
///
/// Reading validates everything (lengths, JSON, dtypes, offsets, byte counts) and
/// throws `SafeTensorsError` naming the file; it never traps on a bad file.
/// `F32`, `I64` and `BOOL` load as the matching `DType`; `F64`, `F16` and `BF16`
/// are converted to float32, and the other integer types to int64.
public enum SafeTensors {
    /// The element types of the format.
    public enum ElementType: String, Sendable, CaseIterable {
        case f64 = "F64", f32 = "F32", f16 = "F16", bf16 = "BF16"
        case i64 = "I64", i32 = "I32", i16 = "I16", i8 = "I8", u8 = "U8"
        case bool = "BOOL"

        /// Bytes per element.
        public var size: Int {
            switch self {
            case .f64, .i64: return 8
            case .f32, .i32: return 4
            case .f16, .bf16, .i16: return 2
            case .i8, .u8, .bool: return 1
            }
        }
    }

    /// One tensor as stored in the file, before conversion to a `Tensor`.
    public struct Entry: Sendable {
        /// The tensor's name (its key in the header).
        public var name: String
        /// The stored element type.
        public var elementType: ElementType
        /// The tensor's shape (empty for a scalar).
        public var shape: [Int]
        /// The raw little-endian bytes, exactly `count * elementType.size` of them.
        public var bytes: [UInt8]

        /// Number of elements.
        public var count: Int { shape.reduce(1, *) }
    }

    /// Largest header accepted, as in the reference implementation.
    static let maximumHeaderLength = 100_000_000

    // MARK: - Reading

    /// The tensors of the file at `path`, by name.
    public static func read(_ path: String) throws -> [String: Tensor] {
        var result: [String: Tensor] = [:]
        for (name, tensor) in try readOrdered(path) { result[name] = tensor }
        return result
    }

    /// The tensors of the file at `path`, in the order their data is stored.
    public static func readOrdered(_ path: String) throws -> [(String, Tensor)] {
        try readEntries(path).map { entry in (entry.name, try tensor(from: entry, file: path)) }
    }

    /// The raw header entries and bytes of the file at `path`, in storage order.
    public static func readEntries(_ path: String) throws -> [Entry] {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw SafeTensorsError(file: path, message: "cannot read the file (\(error.localizedDescription))")
        }
        return try parse([UInt8](data), file: path)
    }

    /// Parses the bytes of a safetensors file; `file` names it in errors.
    public static func parse(_ bytes: [UInt8], file: String) throws -> [Entry] {
        func fail(_ message: String) -> SafeTensorsError { SafeTensorsError(file: file, message: message) }

        guard bytes.count >= 8 else {
            throw fail("truncated file: shorter than the 8-byte header length")
        }
        var headerLength: UInt64 = 0
        for i in 0..<8 { headerLength |= UInt64(bytes[i]) << (8 * UInt64(i)) }
        guard headerLength <= UInt64(maximumHeaderLength) else {
            throw fail("not a safetensors file: its header length is larger than the \(maximumHeaderLength)-byte limit")
        }
        let headerEnd = 8 + Int(headerLength)
        guard headerEnd <= bytes.count else {
            throw fail("truncated file or not a safetensors file: the header runs past the end of the file")
        }

        let header: Header
        do {
            header = try JSONDecoder().decode(Header.self, from: Data(bytes[8..<headerEnd]))
        } catch {
            throw fail("the header is not a valid JSON object")
        }
        if let duplicate = duplicateKey(in: bytes[8..<headerEnd]) {
            // JSON parsers disagree on which of two equal keys wins.
            throw fail("the header names '\(CheckpointError.quoted(duplicate))' twice")
        }
        if header.hasMalformedMetadata {
            throw fail("__metadata__ is not an object of strings")
        }

        let dataStart = headerEnd
        let dataSize = bytes.count - dataStart
        var entries: [(begin: Int, end: Int, entry: Entry)] = []
        for (name, field) in header.fields {
            guard let field = field else {
                throw fail("entry '\(CheckpointError.quoted(name))' is malformed (it needs dtype, shape and data_offsets)")
            }
            guard let elementType = ElementType(rawValue: field.dtype) else {
                throw fail("entry '\(CheckpointError.quoted(name))' has unsupported dtype '\(CheckpointError.quoted(field.dtype))'")
            }
            let shape = field.shape
            guard shape.allSatisfy({ $0 >= 0 }) else {
                throw fail("entry '\(CheckpointError.quoted(name))' has a negative dimension in shape \(shape)")
            }
            guard field.data_offsets.count == 2 else {
                throw fail("entry '\(CheckpointError.quoted(name))' has \(field.data_offsets.count) data_offsets instead of 2")
            }
            let (begin, end) = (field.data_offsets[0], field.data_offsets[1])
            guard begin >= 0, begin <= end, end <= dataSize else {
                throw fail("entry '\(CheckpointError.quoted(name))' has data_offsets [\(begin), \(end)] outside the \(dataSize) data bytes")
            }
            var byteCount = elementType.size
            for dimension in shape {
                let (product, overflow) = byteCount.multipliedReportingOverflow(by: dimension)
                guard !overflow else { throw fail("entry '\(CheckpointError.quoted(name))' has a shape too large to address") }
                byteCount = product
            }
            guard byteCount == end - begin else {
                throw fail("entry '\(CheckpointError.quoted(name))' has shape \(shape) of \(elementType.rawValue), \(byteCount) bytes, but data_offsets span \(end - begin) bytes")
            }
            let entry = Entry(name: name, elementType: elementType, shape: shape,
                              bytes: Array(bytes[(dataStart + begin)..<(dataStart + end)]))
            entries.append((begin, end, entry))
        }

        entries.sort { ($0.begin, $0.end, $0.entry.name) < ($1.begin, $1.end, $1.entry.name) }
        for (previous, next) in zip(entries, entries.dropFirst()) where next.begin < previous.end {
            throw fail("entries '\(CheckpointError.quoted(previous.entry.name))' and '\(CheckpointError.quoted(next.entry.name))' overlap in the data")
        }
        return entries.map(\.entry)
    }

    /// Converts one stored entry to a tensor.
    public static func tensor(from entry: Entry, file: String) throws -> Tensor {
        let bytes = entry.bytes
        let dtype: DType
        switch entry.elementType {
        case .f64, .f32, .f16, .bf16: dtype = .float32
        case .i64, .i32, .i16, .i8, .u8: dtype = .int64
        case .bool: dtype = .bool
        }
        do {
            try MemoryBudget.check(shape: entry.shape, dtype: dtype, for: "tensor")
        } catch let error as TensorError {
            throw SafeTensorsError(file: file, message: "entry '\(CheckpointError.quoted(entry.name))': \(error.message)")
        }
        let count = entry.count
        guard bytes.count == count * entry.elementType.size else {
            throw SafeTensorsError(file: file, message: "entry '\(CheckpointError.quoted(entry.name))' has \(bytes.count) bytes for \(count) elements of \(entry.elementType.rawValue)")
        }
        switch entry.elementType {
        case .f32:
            return Tensor(shape: entry.shape, floats: (0..<count).map { Float(bitPattern: load(bytes, $0 * 4, as: UInt32.self)) })
        case .f64:
            return Tensor(shape: entry.shape, floats: (0..<count).map { Float(Double(bitPattern: load(bytes, $0 * 8, as: UInt64.self))) })
        case .f16:
            return Tensor(shape: entry.shape, floats: (0..<count).map { Float(Float16(bitPattern: load(bytes, $0 * 2, as: UInt16.self))) })
        case .bf16:
            return Tensor(shape: entry.shape, floats: (0..<count).map { Float(bitPattern: UInt32(load(bytes, $0 * 2, as: UInt16.self)) << 16) })
        case .i64:
            return Tensor(shape: entry.shape, int64s: (0..<count).map { Int64(bitPattern: load(bytes, $0 * 8, as: UInt64.self)) })
        case .i32:
            return Tensor(shape: entry.shape, int64s: (0..<count).map { Int64(Int32(bitPattern: load(bytes, $0 * 4, as: UInt32.self))) })
        case .i16:
            return Tensor(shape: entry.shape, int64s: (0..<count).map { Int64(Int16(bitPattern: load(bytes, $0 * 2, as: UInt16.self))) })
        case .i8:
            return Tensor(shape: entry.shape, int64s: bytes.map { Int64(Int8(bitPattern: $0)) })
        case .u8:
            return Tensor(shape: entry.shape, int64s: bytes.map { Int64($0) })
        case .bool:
            return Tensor(shape: entry.shape, bools: bytes.map { $0 != 0 })
        }
    }

    // MARK: - Writing

    /// Writes `tensors` to `path`, sorted by name.
    public static func write(_ tensors: [String: Tensor], to path: String, metadata: [String: String] = [:]) throws {
        try write(tensors.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }, to: path, metadata: metadata)
    }

    /// Writes `tensors` to `path` in the given order, atomically: the bytes go to a
    /// temporary file beside `path`, which is then renamed over it.
    public static func write(_ tensors: [(String, Tensor)], to path: String, metadata: [String: String] = [:]) throws {
        let bytes = try serialize(tensors, metadata: metadata, file: path)
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
        do {
            try Data(bytes).write(to: temporary)
        } catch {
            throw SafeTensorsError(file: path, message: "cannot write the file (\(error.localizedDescription))")
        }
        guard rename(temporary.path, url.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw SafeTensorsError(file: path, message: "cannot move the written file into place (\(reason))")
        }
    }

    /// The bytes of a safetensors file holding `tensors` in the given order.
    public static func serialize(_ tensors: [(String, Tensor)], metadata: [String: String] = [:], file: String = "<memory>") throws -> [UInt8] {
        var seen = Set<String>()
        var headerFields: [String] = []
        if !metadata.isEmpty {
            let pairs = metadata.sorted { $0.key < $1.key }.map { "\(jsonString($0.key)):\(jsonString($0.value))" }
            headerFields.append("\"__metadata__\":{\(pairs.joined(separator: ","))}")
        }
        var data: [UInt8] = []
        for (name, tensor) in tensors {
            guard name != "__metadata__", seen.insert(name).inserted else {
                throw SafeTensorsError(file: file, message: "duplicate or reserved tensor name '\(name)'")
            }
            let begin = data.count
            let dtypeName: String
            switch tensor.dtype {
            case .float32:
                dtypeName = ElementType.f32.rawValue
                for value in tensor.floats { append(value.bitPattern, to: &data) }
            case .int64:
                dtypeName = ElementType.i64.rawValue
                for value in tensor.int64s { append(UInt64(bitPattern: value), to: &data) }
            case .float64:
                dtypeName = ElementType.f64.rawValue
                for value in tensor.doubles { append(value.bitPattern, to: &data) }
            case .int32:
                dtypeName = ElementType.i32.rawValue
                for value in tensor.int64s { append(UInt32(truncatingIfNeeded: value), to: &data) }
            case .uint8:
                dtypeName = ElementType.u8.rawValue
                data.append(contentsOf: tensor.int64s.map { UInt8(truncatingIfNeeded: $0) })
            case .bool:
                dtypeName = ElementType.bool.rawValue
                data.append(contentsOf: tensor.bools.map { $0 ? 1 : 0 })
            }
            let shape = tensor.shape.map(String.init).joined(separator: ",")
            headerFields.append("\(jsonString(name)):{\"dtype\":\"\(dtypeName)\",\"shape\":[\(shape)],\"data_offsets\":[\(begin),\(data.count)]}")
        }
        var header = Array("{\(headerFields.joined(separator: ","))}".utf8)
        // Pad with spaces so the data starts 8-byte aligned, as the reference writer does.
        while header.count % 8 != 0 { header.append(UInt8(ascii: " ")) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(8 + header.count + data.count)
        append(UInt64(header.count), to: &bytes)
        bytes.append(contentsOf: header)
        bytes.append(contentsOf: data)
        return bytes
    }

    // MARK: - Helpers

    /// The JSON header: every entry but `__metadata__`, each decoded on its own so
    /// that a malformed one can be named.
    private struct Header: Decodable {
        struct Field: Decodable {
            var dtype: String
            var shape: [Int]
            var data_offsets: [Int]  // the format's spelling
        }

        struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        var fields: [(String, Field?)] = []
        var hasMalformedMetadata = false

        init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: Key.self)
            for key in container.allKeys {
                if key.stringValue == "__metadata__" {
                    hasMalformedMetadata = (try? container.decode([String: String].self, forKey: key)) == nil
                } else {
                    fields.append((key.stringValue, try? container.decode(Field.self, forKey: key)))
                }
            }
        }
    }

    /// The first key of the header's top-level object that appears twice, if
    /// any; `header` is known to be valid JSON.
    static func duplicateKey(in header: ArraySlice<UInt8>) -> String? {
        var seen = Set<String>()
        var depth = 0
        var index = header.startIndex
        var expectingKey = false
        while index < header.endIndex {
            let byte = header[index]
            switch byte {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
                expectingKey = depth == 1 && byte == UInt8(ascii: "{")
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
            case UInt8(ascii: ","):
                expectingKey = depth == 1
            case UInt8(ascii: "\""):
                let start = index
                var escaped = false
                index += 1
                while index < header.endIndex {
                    if header[index] == UInt8(ascii: "\\") { escaped = true; index += 2; continue }
                    if header[index] == UInt8(ascii: "\"") { break }
                    index += 1
                }
                if expectingKey {
                    let literal = header[start..<min(index + 1, header.endIndex)]
                    let key = escaped
                        ? (try? JSONDecoder().decode([String].self, from: Data([UInt8(ascii: "[")] + literal + [UInt8(ascii: "]")]))).flatMap(\.first)
                        : String(decoding: literal.dropFirst().dropLast(), as: UTF8.self)
                    if let key, !seen.insert(key).inserted { return key }
                    expectingKey = false
                }
            default: break
            }
            index += 1
        }
        return nil
    }

    private static func load<T: FixedWidthInteger>(_ bytes: [UInt8], _ offset: Int, as: T.Type) -> T {
        var value: T = 0
        for i in 0..<MemoryLayout<T>.size { value |= T(bytes[offset + i]) << (8 * i) }
        return value
    }

    private static func append<T: FixedWidthInteger>(_ value: T, to bytes: inout [UInt8]) {
        for i in 0..<MemoryLayout<T>.size { bytes.append(UInt8(truncatingIfNeeded: value >> (8 * i))) }
    }

    /// `text` as a JSON string literal.
    private static func jsonString(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default:
                if scalar.value < 0x20 {
                    result += String(format: "\\u%04x", scalar.value)
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }
}

/// A `.safetensors` file that cannot be read or written, with the reason.
public struct SafeTensorsError: Error, CustomStringConvertible, Equatable {
    /// The file concerned.
    public var file: String
    /// What is wrong with it.
    public var message: String

    public init(file: String, message: String) {
        self.file = file
        self.message = message
    }

    public var description: String { "\(file): \(message)" }
}
