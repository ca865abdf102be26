/// The memory behind one or more tensors. Views share a storage; its version
/// counter is bumped by every in-place change so autograd can detect a change
/// to a tensor it saved for backward.
public final class Storage {
    /// Number of elements.
    public let count: Int
    /// The element type of the memory.
    public let dtype: DType
    /// Raw memory, 64-byte aligned.
    let raw: UnsafeMutableRawPointer
    /// Incremented by every in-place operation on any tensor viewing this storage.
    public internal(set) var version = 0

    /// Allocates zero-filled memory for `count` elements.
    init(count: Int, dtype: DType, zeroed: Bool = true) {
        self.count = count
        self.dtype = dtype
        let bytes = Storage.bytes(count: count, dtype: dtype)
        raw = MemoryBudget.allocate(bytes)
        if zeroed && !(Cancellation.current?.isCancelled ?? false) {
            raw.initializeMemory(as: UInt8.self, repeating: 0, count: bytes)
        }
    }

    deinit { MemoryBudget.release(raw, bytes: Storage.bytes(count: count, dtype: dtype)) }

    /// The bytes behind `count` elements (at least one), saturating instead of overflowing.
    static func bytes(count: Int, dtype: DType) -> Int {
        let (bytes, overflow) = max(count, 1).multipliedReportingOverflow(by: dtype.elementSize)
        return overflow ? Int.max : bytes
    }

    /// The memory as floats (float32 and bool storages).
    @inline(__always) var floats: UnsafeMutablePointer<Float> { raw.assumingMemoryBound(to: Float.self) }
    /// The memory as 64-bit integers (int64 storages).
    @inline(__always) var int64s: UnsafeMutablePointer<Int64> { raw.assumingMemoryBound(to: Int64.self) }
    /// The memory as doubles (float64 storages).
    @inline(__always) var doubles: UnsafeMutablePointer<Double> { raw.assumingMemoryBound(to: Double.self) }
    /// The memory as 32-bit integers (int32 storages).
    @inline(__always) var int32s: UnsafeMutablePointer<Int32> { raw.assumingMemoryBound(to: Int32.self) }
    /// The memory as bytes (uint8 storages).
    @inline(__always) var uint8s: UnsafeMutablePointer<UInt8> { raw.assumingMemoryBound(to: UInt8.self) }

    /// Marks the storage as changed in place.
    func bumpVersion() { version &+= 1 }
}
