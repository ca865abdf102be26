/// Where a tensor's memory lives, PyTorch's `torch.device`: `cpu`, or a device
/// type with an optional index (`cuda:0`). This engine computes on the CPU only;
/// other devices are values that can be named and printed, and asking to put a
/// tensor on one is PyTorch's error for a build without that device.
public struct Device: Equatable, Sendable, CustomStringConvertible {
    /// The device types PyTorch knows.
    public enum Kind: String, CaseIterable, Sendable {
        case cpu, cuda, ipu, xpu, mkldnn, opengl, opencl, ideep, hip, ve, fpga, maia, xla, lazy, vulkan, mps, meta, hpu, mtia, privateuseone
    }

    /// The device type.
    public let kind: Kind
    /// The index among devices of that type, if one was given.
    public let index: Int?

    /// The CPU, where every tensor of this engine lives.
    public static let cpu = Device(kind: .cpu, index: nil)

    public init(kind: Kind, index: Int? = nil) {
        self.kind = kind
        self.index = index
    }

    /// Parses PyTorch's device strings: `"cpu"`, `"cuda"`, `"cuda:1"`, `"mps"`.
    public init(_ text: String) throws {
        let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        guard let kind = Kind(rawValue: parts[0]) else {
            throw TensorError("Expected one of \(Kind.allCases.map(\.rawValue).joined(separator: ", ")) device type at start of device string: \(text)")
        }
        var index: Int?
        if parts.count == 2 {
            guard let i = Int(parts[1]), i >= 0, !parts[1].hasPrefix("+") else {
                throw TensorError("Invalid device string: '\(text)'")
            }
            index = i
        }
        self.init(kind: kind, index: index)
    }

    /// Whether this machine can hold tensors there (only the CPU).
    public var isAvailable: Bool { kind == .cpu }

    /// `cpu`, `cuda:0`, as PyTorch prints a device.
    public var description: String { index.map { "\(kind.rawValue):\($0)" } ?? kind.rawValue }

    /// PyTorch's error for moving a tensor to this device when it is unavailable.
    public func checkAvailable() throws {
        switch kind {
        case .cpu: return
        case .cuda: throw TensorError("Torch not compiled with CUDA enabled")
        default: throw TensorError("PyTorch is not linked with support for \(kind.rawValue) devices")
        }
    }
}

extension Tensor {
    /// The device holding this tensor's memory: always the CPU.
    public var device: Device { .cpu }

    /// This tensor on `device`: itself for the CPU, an error for any other device.
    public func to(_ device: Device) throws -> Tensor {
        try device.checkAvailable()
        return self
    }
}
