import Autograd
import Foundation

/// Loading saved weights: PyTorch `.pth` files (the zip + pickle archives that
/// `torch.save` writes) and `.safetensors` files, plus the torch hub cache
/// conventions used to find and check downloaded weights.
public enum Checkpoint {
    /// The file formats `load` understands.
    public enum Format: Equatable {
        /// `torch.save`'s zip archive with a pickled state dict.
        case pytorch
        /// Hugging Face's safetensors.
        case safetensors
    }

    /// The tensors of the checkpoint at `path`, in the file's order (the state
    /// dict's order for `.pth`, storage order for `.safetensors`). The format is
    /// recognised by the file's first bytes, then by its extension.
    public static func load(_ path: String) throws -> [(String, Tensor)] {
        let bytes = try readFile(path)
        switch format(of: bytes, path: path) {
        case .pytorch:
            return try loadPyTorch(bytes: bytes, file: path)
        case .safetensors:
            do {
                return try SafeTensors.parse(bytes, file: path).map { entry in
                    (entry.name, try SafeTensors.tensor(from: entry, file: path))
                }
            } catch let error as SafeTensorsError {
                throw CheckpointError(file: error.file, message: error.message)
            }
        }
    }

    /// The format of a checkpoint: a zip archive, or a file named like PyTorch's,
    /// is `torch.save`'s; anything else is read as safetensors.
    public static func format(of bytes: [UInt8], path: String) -> Format {
        if ZipArchive.looksLikeZip(bytes) { return .pytorch }
        // A PyTorch extension that is not a zip is still reported as PyTorch's, so
        // the error says what is wrong with it.
        let pytorchExtensions: Set<String> = ["pth", "pt", "bin", "ckpt"]
        return pytorchExtensions.contains(URL(fileURLWithPath: path).pathExtension.lowercased()) ? .pytorch : .safetensors
    }

    /// The state dict of a `torch.save` archive held in memory; `file` names it in errors.
    public static func loadPyTorch(bytes: [UInt8], file: String) throws -> [(String, Tensor)] {
        guard ZipArchive.looksLikeZip(bytes) else {
            if bytes.starts(with: [0x80]) || bytes.starts(with: [0x1f, 0x8b]) {
                throw CheckpointError(file: file, message: "legacy (pre-1.6, non-zip) torch.save format is not supported; re-save it with a recent PyTorch")
            }
            throw CheckpointError(file: file, message: "not a PyTorch checkpoint: wrong magic (a zip archive starts with 'PK')")
        }
        let (root, archive, prefix) = try unpickle(bytes: bytes, file: file)
        var storages = StorageCache(archive: archive, prefix: prefix)
        return try stateDict(in: root, file: file).map { name, reference in
            (name, try storages.tensor(reference, name: name))
        }
    }

    /// The unpickled `data.pkl` of a `torch.save` archive, with the archive and
    /// the prefix of its records (`archive/`, or the name the file was saved under).
    static func unpickle(bytes: [UInt8], file: String) throws -> (PickleValue, ZipArchive, String) {
        let archive = try ZipArchive(bytes: bytes, file: file)
        let pickles = archive.entries.filter { $0.name == "data.pkl" || $0.name.hasSuffix("/data.pkl") }
        guard let pickleEntry = pickles.first else {
            throw CheckpointError(file: file, message: "not a PyTorch checkpoint: the archive has no data.pkl")
        }
        guard pickles.count == 1 else {
            throw CheckpointError(file: file, message: "ambiguous checkpoint: the archive holds \(pickles.count) data.pkl files ('\(CheckpointError.quoted(pickles[0].name))' and '\(CheckpointError.quoted(pickles[1].name))')")
        }
        let prefix = String(pickleEntry.name.dropLast("data.pkl".count))
        if let order = archive.entry(named: prefix + "byteorder") {
            let text = String(decoding: try archive.contents(of: order), as: UTF8.self)
            guard text == "little" else {
                throw CheckpointError(file: file, message: "the byte order is not 'little' (only little-endian checkpoints are supported)")
            }
        }

        var unpickler = Unpickler(bytes: try archive.contents(of: pickleEntry), file: file)
        return (try unpickler.load(), archive, prefix)
    }

    /// The `(name, tensor)` pairs of the unpickled object: a dict of tensors, or a
    /// dict holding one under `state_dict` or `model`, as training scripts save them.
    private static func stateDict(in root: PickleValue, file: String) throws -> [(String, TensorReference)] {
        guard case .dict(let dict) = root else {
            throw CheckpointError(file: file, message: "not a state dict: the checkpoint holds a \(root.typeName), not a dict of tensors")
        }
        for wrapper in ["state_dict", "model"] {
            if case .dict(let inner)? = dict[wrapper], !inner.entries.isEmpty,
               inner.entries.allSatisfy({ if case .tensor = $0.1 { return true } else { return false } }) {
                return try stateDict(in: .dict(inner), file: file)
            }
        }
        return try dict.entries.map { key, value in
            guard case .string(let name) = key else {
                throw CheckpointError(file: file, message: "not a state dict: a key is a \(key.typeName), not a string")
            }
            guard case .tensor(let reference) = value else {
                throw CheckpointError(file: file, message: "not a state dict: '\(CheckpointError.quoted(name))' is a \(value.typeName), not a tensor")
            }
            return (name, reference)
        }
    }

    /// The bytes of the file at `path`, refused before reading when they
    /// would not fit in the memory budget.
    static func readFile(_ path: String) throws -> [UInt8] {
        var status = stat()
        guard stat(path, &status) == 0 else {
            throw CheckpointError(file: path, message: "no such file")
        }
        guard status.st_mode & S_IFMT == S_IFREG else {
            throw CheckpointError(file: path, message: "not a regular file")
        }
        do {
            try MemoryBudget.check(bytes: Int(status.st_size), for: "reading the file")
        } catch let error as TensorError {
            throw CheckpointError(file: path, message: error.message)
        }
        do {
            return [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw CheckpointError(file: path, message: "cannot read the file (\(error.localizedDescription))")
        }
    }
}

/// Loads the checkpoint at `path` (`.pth` or `.safetensors`) as a dictionary of tensors.
public func load(_ path: String) throws -> [String: Tensor] {
    var result: [String: Tensor] = [:]
    for (name, tensor) in try Checkpoint.load(path) { result[name] = tensor }
    return result
}
