import Foundation
import Script

/// Output of a fuzzed cell, kept small so printing loops cost little.
final class FuzzOutput: OutputSink {
    var bytes = 0
    func write(_ text: String) { bytes += text.utf8.count }
    func display(svg: String) { bytes += svg.utf8.count }
}

/// libFuzzer entry point for the interpreter: every input is run as a cell
/// (UTF-8, invalid bytes replaced) with a 64 MB memory limit and a one-second
/// deadline, so loops and huge requests end as errors. Errors are expected;
/// a crash, an abort, a hang past the deadline or a sanitizer report is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func interpreterFuzzerTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let source = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let interpreter = Interpreter()
    interpreter.memoryLimit = 64 << 20
    interpreter.output = FuzzOutput()
    interpreter.deadline = ContinuousClock.now + .seconds(1)
    _ = try? interpreter.run(source, file: "fuzz.swift")
    interpreter.close()
    return 0
}
