import Glibc

/// Freed tensor memory kept for reuse, by exact size.
///
/// A training step allocates and frees the same large buffers (activations,
/// gradients, column matrices) step after step. Returning them to the system
/// and faulting fresh pages in again costs more than many of the kernels, so
/// blocks of at least `minimumBytes` are kept, up to `capacityBytes` in all.
/// `@unchecked Sendable`: the free lists are only read and written under `lock`.
final class StoragePool: @unchecked Sendable {
    /// The pool every storage allocates from.
    static let shared = StoragePool()

    /// Smaller blocks go straight to the allocator, which reuses them well.
    let minimumBytes = 1 << 16
    /// The most memory kept free.
    let capacityBytes = 256 << 20

    private let lock = Lock()
    private var free: [Int: [UnsafeMutableRawPointer]] = [:]
    private var freeBytes = 0

    /// A 64-byte aligned block of `bytes` bytes, uninitialised (scratch memory
    /// of kernels, whose size their inputs bound).
    func allocate(_ bytes: Int) -> UnsafeMutableRawPointer {
        guard let block = tryAllocate(bytes) else { fatalError("failed to allocate \(bytes) bytes") }
        return block
    }

    /// A 64-byte aligned block of `bytes` bytes, uninitialised; nil when the
    /// system has no memory for it.
    func tryAllocate(_ bytes: Int) -> UnsafeMutableRawPointer? {
        if bytes >= minimumBytes {
            let reused: UnsafeMutableRawPointer? = lock.withLock {
                guard let block = free[bytes]?.popLast() else { return nil }
                freeBytes -= bytes
                return block
            }
            if let reused { return reused }
        }
        var block: UnsafeMutableRawPointer?
        guard posix_memalign(&block, 64, bytes) == 0 else { return nil }
        return block
    }

    /// Takes back a block from `allocate(_:)` of the same size.
    func release(_ block: UnsafeMutableRawPointer, bytes: Int) {
        if bytes >= minimumBytes {
            let kept: Bool = lock.withLock {
                guard freeBytes + bytes <= capacityBytes else { return false }
                free[bytes, default: []].append(block)
                freeBytes += bytes
                return true
            }
            if kept { return }
        }
        Glibc.free(block)
    }
}
