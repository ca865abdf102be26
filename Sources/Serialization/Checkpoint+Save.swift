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
            var storages = StorageCache(archive: archive, prefix: prefix)
            return try convert(root, storages: &storages, file: path, path: "")
        }
    }

    private static func convert(_ value: PickleValue, storages: inout StorageCache, file: String, path: String) throws -> CheckpointValue {
        switch value {
        case .none: return .none
        case .bool(let flag): return .bool(flag)
        case .int(let integer): return .int(integer)
        case .float(let number): return .double(number)
        case .string(let text): return .string(text)
        case .tensor(let reference): return .tensor(try storages.tensor(reference, name: path.isEmpty ? "tensor" : path))
        case .tuple(let elements):
            return .tuple(try elements.enumerated().map { try convert($1, storages: &storages, file: file, path: "\(path)[\($0)]") })
        case .list(let list):
            return .list(try list.elements.enumerated().map { try convert($1, storages: &storages, file: file, path: "\(path)[\($0)]") })
        case .dict(let dict):
            return .dict(try dict.entries.map { key, element in
                let keyValue = try convert(key, storages: &storages, file: file, path: path)
                let name: String
                switch key {
                case .string(let text): name = path.isEmpty ? text : "\(path).\(text)"
                default: name = "\(path)[\(keyValue)]"
                }
                return (keyValue, try convert(element, storages: &storages, file: file, path: name))
            }, ordered: true)
        case .bytes, .global, .storage:
            throw CheckpointError(file: file, message: "unsupported \(value.typeName) in the checkpoint\(path.isEmpty ? "" : " at '\(path)'"): only tensors and plain data can be loaded")
        }
    }
}
