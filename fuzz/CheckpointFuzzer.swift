import Autograd
import Serialization

/// libFuzzer entry point for the checkpoint readers: every input is read as
/// a PyTorch zip + pickle checkpoint and as a safetensors file, under a small
/// memory budget. Errors are expected; a crash, an abort or a sanitizer report
/// is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func checkpointFuzzerTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    MemoryBudget.limit = 64 << 20
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let cancellation = Cancellation(deadline: ContinuousClock.now + .seconds(5))
    Cancellation.$current.withValue(cancellation) {
        _ = try? Checkpoint.loadPyTorch(bytes: bytes, file: "fuzz.pth")
        if let entries = try? SafeTensors.parse(bytes, file: "fuzz.safetensors") {
            for entry in entries { _ = try? SafeTensors.tensor(from: entry, file: "fuzz.safetensors") }
        }
    }
    return 0
}
