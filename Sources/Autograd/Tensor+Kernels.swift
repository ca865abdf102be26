/// Package-visible access to tensor memory for kernels written in other targets
/// (optimizers and modules in `NN`): raw pointers, in-place writes and version bumps.
/// None of these record a graph or check autograd rules; callers do.
extension Tensor {
    /// A new float32 tensor whose elements are not initialised; the caller writes every one.
    package static func uninitialized(_ shape: [Int]) -> Tensor { empty(shape) }

    /// The first float element of this tensor's view (float32 and bool storages).
    package var mutableFloats: UnsafeMutablePointer<Float> { floatPointer }

    /// The first int64 element of this tensor's view (int64 storages).
    package var mutableInt64s: UnsafeMutablePointer<Int64> { storage.int64s + offset }

    /// This tensor as contiguous float32 data: itself when it already is, else a copy.
    package func contiguousFloatData() -> Tensor { toFloat().contiguousData() }

    /// Records that this tensor's memory was changed in place.
    package func markModifiedInPlace() { storage.bumpVersion() }

    /// Copies `source`'s values into this tensor's memory, converting to this
    /// tensor's dtype (float to int64 truncates); shapes must have equal counts.
    /// Records nothing and bumps the version (`copy_` under `no_grad`).
    package func copyValues(from source: Tensor) {
        precondition(source.count == count, "copying \(source.count) values into \(count)")
        switch dtype {
        case .int64, .int32, .uint8, .float64:
            let values = source.convertedData(to: dtype)
            let element = dtype.elementSize, s = values.storage.raw + values.offset * element, p = storage.raw
            var i = 0
            forEachOffset { (p + $0 * element).copyMemory(from: s + i * element, byteCount: element); i += 1 }
            withExtendedLifetime(values) {}
        case .float32, .bool:
            let values = source.contiguousFloatData()
            if isContiguous {
                floatPointer.update(from: values.floatPointer, count: count)
            } else {
                let s = values.floatPointer, p = storage.floats
                var i = 0
                forEachOffset { p[$0] = s[i]; i += 1 }
            }
            withExtendedLifetime(values) {}
        }
        storage.bumpVersion()
    }
}
