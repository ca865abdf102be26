import Autograd

/// Turns the tensor references of an unpickled state dict into tensors, reading
/// each storage's bytes from the archive (`<prefix>data/<key>`) once and
/// gathering each view with its offset and strides.
struct StorageCache {
    let archive: ZipArchive
    let prefix: String
    private var storages: [String: ArraySlice<UInt8>] = [:]

    init(archive: ZipArchive, prefix: String) {
        self.archive = archive
        self.prefix = prefix
    }

    /// The contiguous tensor that `reference` describes; `name` is used in errors.
    ///
    /// The view is checked against its storage and its size against the
    /// memory budget before anything is allocated, so a small file cannot ask
    /// for a huge tensor (a stride-0 view of 2^40 elements, say).
    mutating func tensor(_ reference: TensorReference, name: @autoclosure () -> String) throws -> Tensor {
        let storage = reference.storage
        let count = try checkedCount(reference, name: name)
        let dtype: DType
        switch storage.type {
        case .float, .double, .half, .bfloat16: dtype = .float32
        case .long, .int, .short, .char, .byte: dtype = .int64
        case .bool: dtype = .bool
        }
        do {
            try MemoryBudget.check(shape: reference.shape, dtype: dtype, for: "tensor")
        } catch let error as TensorError {
            throw CheckpointError(file: archive.file, message: "tensor '\(CheckpointError.quoted(name()))': \(error.message)")
        }
        let bytes = try storageBytes(storage, name: name)
        let size = storage.type.elementSize
        let shape = reference.shape

        return try bytes.withUnsafeBytes { raw -> Tensor in
            func gather<T>(_ element: (Int) -> T) throws -> [T] {
                guard let values = Self.gather(reference, count: count, element) else {
                    throw CheckpointError(file: archive.file, message: "reading tensor '\(CheckpointError.quoted(name()))' was stopped: the cell's time limit was reached")
                }
                return values
            }
            func load<T: FixedWidthInteger>(_ index: Int, _: T.Type) -> T {
                T(littleEndian: raw.loadUnaligned(fromByteOffset: index * size, as: T.self))
            }
            switch storage.type {
            case .float:
                return Tensor(shape: shape, floats: try gather { Float(bitPattern: load($0, UInt32.self)) })
            case .double:
                return Tensor(shape: shape, floats: try gather { Float(Double(bitPattern: load($0, UInt64.self))) })
            case .half:
                return Tensor(shape: shape, floats: try gather { Float(Float16(bitPattern: load($0, UInt16.self))) })
            case .bfloat16:
                return Tensor(shape: shape, floats: try gather { Float(bitPattern: UInt32(load($0, UInt16.self)) << 16) })
            case .long:
                return Tensor(shape: shape, int64s: try gather { load($0, Int64.self) })
            case .int:
                return Tensor(shape: shape, int64s: try gather { Int64(load($0, Int32.self)) })
            case .short:
                return Tensor(shape: shape, int64s: try gather { Int64(load($0, Int16.self)) })
            case .char:
                return Tensor(shape: shape, int64s: try gather { Int64(load($0, Int8.self)) })
            case .byte:
                return Tensor(shape: shape, int64s: try gather { Int64(load($0, UInt8.self)) })
            case .bool:
                return Tensor(shape: shape, bools: try gather { load($0, UInt8.self) != 0 })
            }
        }
    }

    private mutating func storageBytes(_ storage: StorageReference, name: () -> String) throws -> ArraySlice<UInt8> {
        if let cached = storages[storage.key] { return cached }
        let entryName = prefix + "data/" + storage.key
        guard let entry = archive.entry(named: entryName) else {
            throw CheckpointError(file: archive.file, message: "missing data entry '\(CheckpointError.quoted(entryName))' for '\(CheckpointError.quoted(name()))'")
        }
        let bytes = try archive.contents(of: entry)
        let (needed, overflow) = storage.count.multipliedReportingOverflow(by: storage.type.elementSize)
        guard !overflow, bytes.count >= needed else {
            throw CheckpointError(file: archive.file, message: "data entry '\(CheckpointError.quoted(entryName))' holds \(bytes.count) bytes, too few for \(storage.count) elements of \(storage.type.rawValue)")
        }
        storages[storage.key] = bytes
        return bytes
    }

    /// The element count of the view, after checking that it stays inside its storage.
    private func checkedCount(_ reference: TensorReference, name: () -> String) throws -> Int {
        let shape = reference.shape, strides = reference.strides
        func fail(_ message: String) -> CheckpointError {
            CheckpointError(file: archive.file, message: "tensor '\(CheckpointError.quoted(name()))': \(message)")
        }
        guard shape.count == strides.count else {
            throw fail("size \(shape) and stride \(strides) have different lengths")
        }
        guard shape.allSatisfy({ $0 >= 0 }), strides.allSatisfy({ $0 >= 0 }), reference.offset >= 0 else {
            throw fail("negative size, stride or storage offset")
        }
        var count = 1
        var last = reference.offset
        for (dimension, stride) in zip(shape, strides) {
            let (product, overflow1) = count.multipliedReportingOverflow(by: dimension)
            guard !overflow1 else { throw fail("size \(shape) is too large") }
            count = product
            guard dimension > 0 else { continue }
            let (step, overflow2) = (dimension - 1).multipliedReportingOverflow(by: stride)
            let (sum, overflow3) = last.addingReportingOverflow(step)
            guard !overflow2, !overflow3 else { throw fail("stride \(strides) is too large") }
            last = sum
        }
        guard count == 0 || last < reference.storage.count else {
            throw fail("view (offset \(reference.offset), size \(shape), stride \(strides)) reaches past its storage of \(reference.storage.count) elements")
        }
        return count
    }

    /// `element(i)` for the storage index `i` of every element of the view, in
    /// row-major order; the view was checked to have `count` elements inside its
    /// storage. Nil when the work's cancellation stopped it (a large view with
    /// a cell's deadline passing).
    private static func gather<T>(_ reference: TensorReference, count: Int, _ element: (Int) -> T) -> [T]? {
        // A dimension of size 1 never steps, whatever its stride says.
        let shape = reference.shape
        let strides = zip(shape, reference.strides).map { $0 == 1 ? 0 : $1 }
        guard count > 0 else { return [] }
        // Row-major strides: the view is one contiguous run.
        var contiguous = true
        var expected = 1
        for (dimension, stride) in zip(shape, strides).reversed() where dimension != 1 {
            if stride != expected { contiguous = false; break }
            expected *= dimension
        }
        let cancellation = Cancellation.current
        let chunk = 1 << 16
        var values = [T]()
        values.reserveCapacity(count)
        if contiguous {
            var start = reference.offset
            let end = reference.offset + count
            while start < end {
                if cancellation?.isCancelled == true { return nil }
                let stop = Swift.min(end, start + chunk)
                for index in start..<stop { values.append(element(index)) }
                start = stop
            }
            return values
        }

        var position = [Int](repeating: 0, count: shape.count)
        var index = reference.offset
        for k in 0..<count {
            if k % chunk == 0, cancellation?.isCancelled == true { return nil }
            values.append(element(index))
            var axis = shape.count - 1
            while axis >= 0 {
                position[axis] += 1
                index += strides[axis]
                if position[axis] < shape[axis] { break }
                index -= strides[axis] * shape[axis]
                position[axis] = 0
                axis -= 1
            }
        }
        return values
    }
}
