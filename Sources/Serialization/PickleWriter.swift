import Autograd

/// Writes a `CheckpointValue` as pickle protocol 2, the way `torch.save` does:
/// each tensor becomes `torch._utils._rebuild_tensor_v2` of a storage named by a
/// persistent id `('storage', torch.FloatStorage, key, 'cpu', count)`, whose
/// bytes the caller stores as `data/<key>`. Tensors are written contiguous,
/// each with a storage of its own.
struct PickleWriter {
    /// The pickle's bytes so far.
    private(set) var bytes: [UInt8] = [0x80, 2]
    /// The storages referenced, in key order: their little-endian bytes.
    private(set) var storages: [[UInt8]] = []

    /// Appends `value` and STOP; call once.
    mutating func finish(_ value: CheckpointValue) throws {
        try write(value)
        bytes.append(UInt8(ascii: "."))
    }

    private mutating func write(_ value: CheckpointValue) throws {
        switch value {
        case .none: bytes.append(UInt8(ascii: "N"))
        case .bool(let flag): bytes.append(flag ? 0x88 : 0x89)
        case .int(let integer): writeInteger(integer)
        case .double(let number):
            bytes.append(UInt8(ascii: "G"))
            let raw = number.bitPattern
            for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: raw >> UInt64(shift))) }
        case .string(let text): writeString(text)
        case .tensor(let tensor): try writeTensor(tensor)
        case .list(let elements):
            bytes.append(UInt8(ascii: "]"))
            guard !elements.isEmpty else { return }
            bytes.append(UInt8(ascii: "("))
            for element in elements { try write(element) }
            bytes.append(UInt8(ascii: "e"))
        case .tuple(let elements):
            bytes.append(UInt8(ascii: "("))
            for element in elements { try write(element) }
            bytes.append(UInt8(ascii: "t"))
        case .dict(let entries, let ordered):
            if ordered {
                writeGlobal("collections", "OrderedDict")
                bytes.append(contentsOf: [UInt8(ascii: ")"), UInt8(ascii: "R")])
            } else {
                bytes.append(UInt8(ascii: "}"))
            }
            guard !entries.isEmpty else { return }
            bytes.append(UInt8(ascii: "("))
            for (key, element) in entries {
                try write(key)
                try write(element)
            }
            bytes.append(UInt8(ascii: "u"))
        }
    }

    private mutating func writeInteger(_ value: Int) {
        if value >= 0 && value < 256 {
            bytes.append(contentsOf: [UInt8(ascii: "K"), UInt8(value)])
        } else if value >= 0 && value < 65_536 {
            bytes.append(contentsOf: [UInt8(ascii: "M"), UInt8(value & 0xff), UInt8(value >> 8)])
        } else if value >= Int(Int32.min) && value <= Int(Int32.max) {
            bytes.append(UInt8(ascii: "J"))
            appendLittleEndian(UInt32(bitPattern: Int32(value)), count: 4)
        } else {
            // LONG1: the shortest two's-complement form, little-endian.
            var encoded: [UInt8] = []
            var remaining = value
            repeat {
                encoded.append(UInt8(truncatingIfNeeded: remaining))
                remaining >>= 8
            } while !(remaining == 0 && encoded.last! & 0x80 == 0) && !(remaining == -1 && encoded.last! & 0x80 != 0)
            bytes.append(contentsOf: [0x8a, UInt8(encoded.count)])
            bytes.append(contentsOf: encoded)
        }
    }

    private mutating func writeString(_ text: String) {
        let utf8 = Array(text.utf8)
        bytes.append(UInt8(ascii: "X"))
        appendLittleEndian(UInt32(utf8.count), count: 4)
        bytes.append(contentsOf: utf8)
    }

    private mutating func writeGlobal(_ module: String, _ name: String) {
        bytes.append(UInt8(ascii: "c"))
        bytes.append(contentsOf: Array("\(module)\n\(name)\n".utf8))
    }

    private mutating func writeTensor(_ tensor: Tensor) throws {
        let (storageName, data) = Self.storage(of: tensor)
        let key = String(storages.count)
        storages.append(data)
        writeGlobal("torch._utils", "_rebuild_tensor_v2")
        bytes.append(UInt8(ascii: "("))
        // The persistent id of the storage.
        bytes.append(UInt8(ascii: "("))
        writeString("storage")
        writeGlobal("torch", storageName)
        writeString(key)
        writeString("cpu")
        writeInteger(tensor.count)
        bytes.append(UInt8(ascii: "t"))
        bytes.append(UInt8(ascii: "Q"))
        // Offset, size, contiguous stride, requires_grad and empty backward hooks.
        writeInteger(0)
        try write(.tuple(tensor.shape.map { .int($0) }))
        var strides = [Int](repeating: 1, count: tensor.shape.count)
        var step = 1
        for axis in stride(from: tensor.shape.count - 1, through: 0, by: -1) {
            strides[axis] = step
            step *= max(tensor.shape[axis], 1)
        }
        try write(.tuple(strides.map { .int($0) }))
        bytes.append(tensor.requiresGrad ? 0x88 : 0x89)
        writeGlobal("collections", "OrderedDict")
        bytes.append(contentsOf: [UInt8(ascii: ")"), UInt8(ascii: "R")])
        bytes.append(UInt8(ascii: "t"))
        bytes.append(UInt8(ascii: "R"))
    }

    /// The storage class and little-endian bytes of a tensor's elements, in row-major order.
    static func storage(of tensor: Tensor) -> (String, [UInt8]) {
        var data: [UInt8] = []
        switch tensor.dtype {
        case .float32:
            let values = tensor.floats
            data.reserveCapacity(values.count * 4)
            for value in values { append(value.bitPattern, to: &data) }
            return ("FloatStorage", data)
        case .int64:
            let values = tensor.int64s
            data.reserveCapacity(values.count * 8)
            for value in values { append(UInt64(bitPattern: value), to: &data) }
            return ("LongStorage", data)
        case .float64:
            let values = tensor.doubles
            data.reserveCapacity(values.count * 8)
            for value in values { append(value.bitPattern, to: &data) }
            return ("DoubleStorage", data)
        case .int32:
            let values = tensor.int64s
            data.reserveCapacity(values.count * 4)
            for value in values { append(UInt32(truncatingIfNeeded: value), to: &data) }
            return ("IntStorage", data)
        case .uint8:
            return ("ByteStorage", tensor.int64s.map { UInt8(truncatingIfNeeded: $0) })
        case .bool:
            return ("BoolStorage", tensor.bools.map { $0 ? 1 : 0 })
        }
    }

    private static func append<T: FixedWidthInteger>(_ value: T, to data: inout [UInt8]) {
        var little = value.littleEndian
        withUnsafeBytes(of: &little) { data.append(contentsOf: $0) }
    }

    private mutating func appendLittleEndian(_ value: UInt32, count: Int) {
        for index in 0..<count { bytes.append(UInt8(truncatingIfNeeded: value >> UInt32(8 * index))) }
    }
}
