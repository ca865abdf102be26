import Foundation
import Synchronization

private let memoryLimitSetting = Atomic<Int>(Int(clamping: ProcessInfo.processInfo.physicalMemory / 2))

/// The memory limit of cells: arrays and strings that a cell builds are checked
/// against it before they are made, so an oversized request is a cell error
/// rather than an overflowing size computation or an abort in the allocator.
extension Interpreter {
    /// The limit for a new interpreter: half of the machine's memory unless set.
    public static var defaultMemoryLimit: Int {
        get { memoryLimitSetting.load(ordering: .relaxed) }
        set { memoryLimitSetting.store(Swift.max(0, newValue), ordering: .relaxed) }
    }

    /// Throws unless `count` values of `elementBytes` bytes each fit in the
    /// memory limit; `what` names the request in the error (`Array(repeating:count:)`).
    func reserve(_ count: Int, elementBytes: Int, for what: String) throws {
        let (bytes, overflow) = count.multipliedReportingOverflow(by: elementBytes)
        guard count >= 0, !overflow, bytes <= memoryLimit else {
            throw HostError(Interpreter.memoryLimitMessage(what: what, count: count, bytes: overflow ? nil : bytes,
                                                           limit: memoryLimit))
        }
    }

    /// Throws unless an array of `count` values fits in the memory limit.
    func reserveArray(_ count: Int, for what: String) throws {
        try reserve(count, elementBytes: MemoryLayout<Value>.stride, for: what)
    }

    /// Throws unless the sum of two sizes is a count that fits in the memory limit.
    func reserveSum(_ first: Int, _ second: Int, elementBytes: Int, for what: String) throws {
        let (total, overflow) = first.addingReportingOverflow(second)
        try reserve(overflow ? Int.max : total, elementBytes: elementBytes, for: what)
    }

    /// The error text for a request over the limit, naming what was asked and the limit.
    public static func memoryLimitMessage(what: String, count: Int?, bytes: Int?, limit: Int) -> String {
        let asked: String
        switch (count, bytes) {
        case let (count?, bytes?): asked = "\(count) elements (\(describeBytes(bytes)))"
        case let (count?, nil): asked = "\(count) elements, more bytes than fit in an Int"
        case let (nil, bytes?): asked = describeBytes(bytes)
        case (nil, nil): asked = "more bytes than fit in an Int"
        }
        return "out of memory: \(what) asks for \(asked), more than the cell memory limit of \(describeBytes(limit))"
    }

    /// A byte count for people: `512 bytes`, `1.5 KB`, `11.7 GB` (powers of 1024).
    public static func describeBytes(_ bytes: Int) -> String {
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
