import Autograd
import Foundation

/// Writing checkpoints: `torch.save`'s zip + pickle format, or safetensors, and
/// reading back any object `torch.save` may have written with plain data.
extension Checkpoint {
    /// The format a file is written in, by its extension: `.safetensors` is
    /// safetensors, anything else `torch.save`'s.
    public static func format(forWriting path: String) -> Format {
        URL(fileURLWithPath: path).pathExtension.lowercased() == "safetensors" ? .safetensors : .pytorch
    }

    /// The bytes of `value` in `format`; `file` names the destination in errors.
    public static func serialize(_ value: CheckpointValue, format: Format, file: String) throws -> [UInt8] {
        switch format {
        case .pytorch:
            return try serializePyTorch(value, file: file)
        case .safetensors:
            let tensors: [(String, Tensor)]
            if case .tensor(let tensor) = value {
                tensors = [("tensor", tensor)]
            } else if let named = value.namedTensors {
                tensors = named
            } else {
                throw CheckpointError(file: file, message: "a .safetensors file holds a dictionary of tensors, not a \(value.typeName) of other values; save it as .pth")
            }
            do {
                return try SafeTensors.serialize(tensors, file: file)
            } catch let error as SafeTensorsError {
                throw CheckpointError(file: error.file, message: error.message)
            }
        }
    }

    /// `torch.save(value)`'s bytes: a zip archive with `archive/data.pkl` (pickle
    /// protocol 2), one `archive/data/N` per tensor, and the `version`,
    /// `byteorder`, `.format_version` and `.storage_alignment` records.
    public static func serializePyTorch(_ value: CheckpointValue, file: String) throws -> [UInt8] {
        var pickle = PickleWriter()
        try pickle.finish(value)
        var zip = ZipWriter(file: file)
        try zip.add("archive/data.pkl", pickle.bytes)
        try zip.add("archive/.format_version", Array("1".utf8))
        try zip.add("archive/.storage_alignment", Array("64".utf8))
        try zip.add("archive/byteorder", Array("little".utf8))
        for (key, data) in pickle.storages.enumerated() {
            try zip.add("archive/data/\(key)", data)
        }
        try zip.add("archive/version", Array("3\n".utf8))
        return try zip.finish()
    }

    /// Writes `value` to `path` in the format its extension names, atomically:
    /// the bytes go to a new temporary file beside it, which is renamed over
    /// `path`; on any failure the temporary file is removed and `path` is untouched.
    public static func save(_ value: CheckpointValue, to path: String) throws {
        let bytes = try serialize(value, format: format(forWriting: path), file: path)
        try writeAtomically(bytes, to: path)
    }

    /// Writes `bytes` to `path` through a temporary file in the same folder.
    static func writeAtomically(_ bytes: [UInt8], to path: String) throws {
        let folder = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        var template = Array(((folder.isEmpty ? "" : folder + "/") + ".\(name).XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else {
            throw CheckpointError(file: path, message: "cannot write the file (\(String(cString: strerror(errno))))")
        }
        let temporary = String(cString: template)
        var failure: String?
        bytes.withUnsafeBytes { raw in
            var written = 0
            while written < raw.count {
                let result = write(descriptor, raw.baseAddress! + written, raw.count - written)
                if result < 0 {
                    if errno == EINTR { continue }
                    failure = String(cString: strerror(errno))
                    return
                }
                written += result
            }
        }
        if failure == nil, fsync(descriptor) != 0 { failure = String(cString: strerror(errno)) }
        if close(descriptor) != 0, failure == nil { failure = String(cString: strerror(errno)) }
        if failure == nil, rename(temporary, path) != 0 { failure = String(cString: strerror(errno)) }
        if let failure {
            unlink(temporary)
            throw CheckpointError(file: path, message: "cannot write the file (\(failure))")
        }
    }

    /// Everything a checkpoint holds, as `torch.load(path, weights_only=True)`
    /// gives it: a state dict, a tensor, an optimizer's nested state dict. A
    /// safetensors file gives its dictionary of tensors.
    public static func loadObject(_ path: String) throws -> CheckpointValue {
        let bytes = try readFile(path)
        switch format(of: bytes, path: path) {
        case .safetensors:
            return .stateDict(try load(path))
        case .pytorch:
            let (root, archive, prefix) = try unpickle(bytes: bytes, file: path)
            var conversion = Conversion(storages: StorageCache(archive: archive, prefix: prefix), file: path,
                                        budget: archive.bytes.count + 1024)
            return try conversion.convert(root, path: .root)
        }
    }

    /// Where a value sits in the unpickled object, spelled out only for messages.
    private indirect enum ValuePath {
        case root
        case index(ValuePath, Int)
        case key(ValuePath, String)
        case otherKey(ValuePath, CheckpointValue)

        /// `layer.weight`, `state[0].momentum`, or `tensor` for the root.
        var name: String {
            var parts: [String] = []
            var node = self
            while true {
                switch node {
                case .root:
                    let joined = parts.reversed().joined()
                    return joined.isEmpty ? "tensor" : (joined.hasPrefix(".") ? String(joined.dropFirst()) : joined)
                case .index(let parent, let index): parts.append("[\(index)]"); node = parent
                case .key(let parent, let key): parts.append("." + key); node = parent
                case .otherKey(let parent, let key):
                    if case .int(let integer) = key { parts.append("[\(integer)]") } else { parts.append("[\(key.typeName)]") }
                    node = parent
                }
            }
        }
    }

    /// Turns unpickled values into checkpoint values. A pickle can refer to
    /// one value many times through its memo, so a small file can describe a
    /// huge tree; `budget` bounds the values made (one file byte makes at
    /// most one value when nothing is shared).
    private struct Conversion {
        var storages: StorageCache
        let file: String
        var budget: Int

        mutating func convert(_ value: PickleValue, path: ValuePath) throws -> CheckpointValue {
            budget -= 1
            guard budget >= 0 else {
                throw CheckpointError(file: file, message: "the checkpoint refers to its own values too many times (a shared structure too large to expand)")
            }
            switch value {
            case .none: return .none
            case .bool(let flag): return .bool(flag)
            case .int(let integer): return .int(integer)
            case .float(let number): return .double(number)
            case .string(let text): return .string(text)
            case .tensor(let reference): return .tensor(try storages.tensor(reference, name: path.name))
            case .tuple(let elements):
                return .tuple(try elements.enumerated().map { try convert($1, path: .index(path, $0)) })
            case .list(let list):
                return .list(try list.elements.enumerated().map { try convert($1, path: .index(path, $0)) })
            case .dict(let dict):
                return .dict(try dict.entries.map { key, element in
                    let keyValue = try convert(key, path: path)
                    let name: ValuePath
                    switch key {
                    case .string(let text): name = .key(path, text)
                    default: name = .otherKey(path, keyValue)
                    }
                    return (keyValue, try convert(element, path: name))
                }, ordered: true)
            case .bytes, .global, .storage:
                let place = if case .root = path { "" } else { " at '\(CheckpointError.quoted(path.name))'" }
                throw CheckpointError(file: file, message: "unsupported \(value.typeName) in the checkpoint\(place): only tensors and plain data can be loaded")
            }
        }
    }
}
