import Foundation
import Synchronization

/// The most memory the tensors of this process may hold at once.
///
/// Every storage is counted against the budget while it lives. A storage that
/// would exceed it, or that the system cannot provide, is not an abort: the
/// failure is recorded in the current `Cancellation` (which stops the work)
/// and the storage is backed by lazily mapped pages that cost nothing until
/// written. Entry points that know a size in advance call `check(bytes:for:)`
/// and throw before any work starts.
public enum MemoryBudget {
    private static let limitBytes = Atomic<Int>(defaultLimit)
    private static let liveBytes = Atomic<Int>(0)

    /// Half of the machine's memory.
    public static var defaultLimit: Int { Int(clamping: ProcessInfo.processInfo.physicalMemory / 2) }

    /// The budget in bytes.
    public static var limit: Int {
        get { limitBytes.load(ordering: .relaxed) }
        set { limitBytes.store(Swift.max(0, newValue), ordering: .relaxed) }
    }

    /// The bytes held by live storages.
    public static var used: Int { liveBytes.load(ordering: .relaxed) }

    /// Throws when `bytes` more would exceed the budget; `what` names the request.
    public static func check(bytes: Int, for what: String) throws {
        if let message = refusal(bytes: bytes, for: what) { throw TensorError(message) }
    }

    /// The shape's element count and byte size, or an error when either
    /// overflows or the bytes exceed the budget.
    public static func check(shape: [Int], dtype: DType = .float32, for what: String) throws {
        var count = 1
        var overflow = false
        for d in shape {
            guard d >= 0 else { throw TensorError("Trying to create tensor with negative dimension \(d): \(shape)") }
            // Zero-sized dimensions still multiply the strides of the others.
            let (p, o) = count.multipliedReportingOverflow(by: Swift.max(d, 1))
            if o { overflow = true; break }
            count = p
        }
        let bytes = count.multipliedReportingOverflow(by: dtype.elementSize)
        guard !overflow, !bytes.overflow else {
            throw TensorError("out of memory: \(what) of shape \(shape) has more elements than fit in an Int")
        }
        try check(bytes: shape.contains(0) ? 0 : bytes.partialValue, for: "\(what) of shape \(shape)")
    }

    static func refusal(bytes: Int, for what: String) -> String? {
        if bytes == 0 { return nil }
        let limit = self.limit
        let (total, overflow) = used.addingReportingOverflow(bytes)
        guard overflow || total > limit else { return nil }
        return "out of memory: \(what) asks for \(describe(bytes)), more than the memory limit of \(describe(limit))"
            + (used > 0 ? " (\(describe(used)) already in use)" : "")
    }

    /// Memory for a storage of `bytes` bytes, 64-byte aligned, counted against the budget.
    static func allocate(_ bytes: Int) -> UnsafeMutableRawPointer {
        if let message = refusal(bytes: bytes, for: "a tensor") {
            return refuse(bytes, message)
        }
        liveBytes.add(bytes, ordering: .relaxed)
        if let block = StoragePool.shared.tryAllocate(bytes) { return block }
        liveBytes.subtract(bytes, ordering: .relaxed)
        return refuse(bytes, "out of memory: the system could not provide \(describe(bytes)) for a tensor")
    }

    /// Gives back memory from `allocate(_:)`.
    static func release(_ block: UnsafeMutableRawPointer, bytes: Int) {
        if lazilyMapped.withLock({ $0.remove(UInt(bitPattern: block)) != nil }) {
            munmap(block, bytes)
            return
        }
        liveBytes.subtract(bytes, ordering: .relaxed)
        StoragePool.shared.release(block, bytes: bytes)
    }

    /// Blocks handed out after a refusal: mapped, not from the pool, not counted.
    private static let lazilyMapped = Mutex<Set<UInt>>([])

    /// Records the refusal and returns pages the system maps only when touched,
    /// so the kernels that run before the work stops cannot overflow the block.
    private static func refuse(_ bytes: Int, _ message: String) -> UnsafeMutableRawPointer {
        Cancellation.current?.fail(message)
        let flags = MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE
        guard let block = mmap(nil, bytes, PROT_READ | PROT_WRITE, flags, -1, 0), block != MAP_FAILED else {
            fatalError(message)
        }
        lazilyMapped.withLock { _ = $0.insert(UInt(bitPattern: block)) }
        return block
    }

    /// A byte count for people: `512 bytes`, `1.5 GB` (powers of 1024).
    static func describe(_ bytes: Int) -> String {
        if bytes < 1024 { return "\(bytes) bytes" }
        let units = ["KB", "MB", "GB", "TB", "PB", "EB"]
        var value = Double(bytes) / 1024
        var unit = 0
        while value >= 1024 && unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return String(format: "%.1f %@", value, units[unit])
    }
}
