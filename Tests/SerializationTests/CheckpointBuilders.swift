@testable import Serialization
import Autograd

/// Writes pickles opcode by opcode, so tests can build both the state dicts
/// `torch.save` writes and hostile or broken ones.
struct PickleBuilder {
    private(set) var bytes: [UInt8]

    init(protocol version: UInt8 = 2) { bytes = [0x80, version] }

    mutating func raw(_ values: [UInt8]) { bytes += values }
    mutating func op(_ character: Character) { bytes.append(character.asciiValue!) }
    mutating func mark() { op("(") }

    mutating func string(_ text: String) {
        let utf8 = Array(text.utf8)
        op("X")
        bytes += (0..<4).map { UInt8(truncatingIfNeeded: utf8.count >> (8 * $0)) }
        bytes += utf8
    }

    mutating func int(_ value: Int) {
        if (0..<256).contains(value) {
            op("K"); bytes.append(UInt8(value))
        } else if Int(exactly: Int32(truncatingIfNeeded: value)) == value {
            op("J"); bytes += (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
        } else {
            bytes += [0x8a, 8] + (0..<8).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }  // LONG1
        }
    }

    mutating func global(_ module: String, _ name: String) {
        op("c"); bytes += Array("\(module)\n\(name)\n".utf8)
    }

    mutating func intTuple(_ values: [Int]) {
        mark(); values.forEach { int($0) }; op("t")
    }

    mutating func emptyOrderedDict() {
        global("collections", "OrderedDict"); op(")"); op("R")
    }

    /// `_rebuild_tensor_v2(storage, offset, size, stride, False, OrderedDict())`.
    mutating func tensor(key: String, storage: String = "FloatStorage", count: Int,
                         offset: Int = 0, size: [Int], stride: [Int]) {
        global("torch._utils", "_rebuild_tensor_v2")
        mark()
        mark(); string("storage"); global("torch", storage); string(key); string("cpu"); int(count); op("t")
        op("Q")
        int(offset); intTuple(size); intTuple(stride)
        bytes.append(0x89)
        emptyOrderedDict()
        op("t"); op("R")
    }

    mutating func stop() { op(".") }

    /// An `OrderedDict` state dict of tensors, as `torch.save(model.state_dict())` writes it.
    static func stateDict(_ tensors: [(name: String, key: String, storage: String, count: Int, offset: Int, size: [Int], stride: [Int])]) -> [UInt8] {
        var pickle = PickleBuilder()
        pickle.emptyOrderedDict()
        pickle.mark()
        for t in tensors {
            pickle.string(t.name)
            pickle.tensor(key: t.key, storage: t.storage, count: t.count, offset: t.offset, size: t.size, stride: t.stride)
        }
        pickle.op("u")
        pickle.stop()
        return pickle.bytes
    }
}

/// Writes minimal zip archives of stored (or falsely "deflated") entries.
enum ZipBuilder {
    static func archive(_ files: [(String, [UInt8])], method: UInt16 = 0) -> [UInt8] {
        var out: [UInt8] = []
        var central: [UInt8] = []
        func le(_ value: Int, _ size: Int) -> [UInt8] { (0..<size).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } }
        for (name, data) in files {
            let offset = out.count
            let crc = Int(CRC32.checksum(data[...]))
            let nameBytes = Array(name.utf8)
            out += le(0x0403_4b50, 4) + le(20, 2) + le(0, 2) + le(Int(method), 2) + le(0, 4)
            out += le(crc, 4) + le(data.count, 4) + le(data.count, 4) + le(nameBytes.count, 2) + le(0, 2)
            out += nameBytes + data
            central += le(0x0201_4b50, 4) + le(20, 2) + le(20, 2) + le(0, 2) + le(Int(method), 2) + le(0, 4)
            central += le(crc, 4) + le(data.count, 4) + le(data.count, 4) + le(nameBytes.count, 2)
            central += le(0, 2) + le(0, 2) + le(0, 2) + le(0, 2) + le(0, 4) + le(offset, 4) + nameBytes
        }
        let directoryOffset = out.count
        out += central
        out += le(0x0605_4b50, 4) + le(0, 2) + le(0, 2) + le(files.count, 2) + le(files.count, 2)
        out += le(central.count, 4) + le(directoryOffset, 4) + le(0, 2)
        return out
    }

    /// A `torch.save`-style archive: `<folder>/data.pkl`, `byteorder`, the storages.
    static func checkpoint(folder: String = "archive", pickle: [UInt8], storages: [(String, [UInt8])]) -> [UInt8] {
        archive([("\(folder)/data.pkl", pickle), ("\(folder)/byteorder", Array("little".utf8))]
                + storages.map { ("\(folder)/data/\($0.0)", $0.1) }
                + [("\(folder)/version", Array("3\n".utf8))])
    }

    static func floatBytes(_ values: [Float]) -> [UInt8] {
        values.flatMap { value in (0..<4).map { UInt8(truncatingIfNeeded: value.bitPattern >> (8 * UInt32($0))) } }
    }
}
