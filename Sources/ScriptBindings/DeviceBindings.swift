import Autograd
import NN
import Script

/// Devices in cells: `Device("cpu")`, `x.device`, `x.to(device)`, `model.to(device)`,
/// `device:` on the creation functions, and `cuda.isAvailable()` /
/// `mps.isAvailable()` (false: this engine computes on the CPU). The tutorials'
/// preamble `let device = cuda.isAvailable() ? "cuda" : "cpu"` runs, and a tensor
/// sent to a device this machine lacks is PyTorch's error.
enum DeviceBindings {
    static func register(in interpreter: Interpreter, tensor: HostType, module: HostType) {
        let type = interpreter.defineType("Device", for: DeviceValue.self)
        type.initializer("init(_ name: String)") { (name: String) in DeviceValue(try Device(name)) }
        type.initializer("init(_ type: String, _ index: Int)") { (name: String, index: Int) in
            DeviceValue(try Device("\(name):\(index)"))
        }
        type.property("type") { (d: DeviceValue) in d.device.kind.rawValue }
        type.property("index") { (d: DeviceValue) in d.device.index }
        type.describe { (d: DeviceValue) in d.device.description }
        type.binaryOperator("==") { lhs, rhs in
            guard let a = try? device(from: lhs), let b = try? device(from: rhs) else { return nil }
            return .bool(a == b)
        }
        for name in ["cuda", "mps"] {
            let backend = interpreter.defineType(name)
            backend.staticMethod("isAvailable()") { () -> Bool in false }
            backend.staticMethod("deviceCount()") { () -> Int in 0 }
        }
        type.staticProperty("cpu", get: { DeviceValue(.cpu) })
        // `torch.tensor(data, device=device)`: the data stays where every tensor is.
        for signature in ["init(_ data: Any, device: Any, requiresGrad: Bool = false)", "init(_ data: Any, requiresGrad: Bool, device: Any)"] {
            tensor.initializer(signature) { a in
                try DeviceBindings.check(a["device"])
                return .host(try TensorLiteral.tensor(from: a[0], requiresGrad: try a.get("requiresGrad")))
            }
        }
        tensor.property("device") { (x: Tensor) in DeviceValue(x.device) }
        tensor.property("isCuda") { (_: Tensor) in false }
        tensor.method("to(_ device: Any)") { (x: Tensor, target: Value) in
            if let dtype = DTypeBindings.dtype(in: target) { return x.to(dtype) }
            return try x.to(try device(from: target))
        }
        tensor.method("to(_ device: Any, dtype: DType)") { (x: Tensor, target: Value, dtype: DTypeValue) in
            try x.to(try device(from: target)).to(dtype.dtype)
        }
        tensor.method("to(device: Any)") { (x: Tensor, target: Value) in try x.to(try device(from: target)) }
        tensor.method("cpu()") { (x: Tensor) in x }
        tensor.method("cuda()") { (x: Tensor) in try x.to(Device(kind: .cuda)) }
        module.method("to(_ device: Any)") { (m: Module, target: Value) -> Module in
            try device(from: target).checkAvailable()
            return m
        }
        module.method("cpu()") { (m: Module) in m }
        module.method("cuda()") { (m: Module) -> Module in
            try Device(kind: .cuda).checkAvailable()
            return m
        }
    }

    /// A device given as a `Device` or as PyTorch's string (`"cuda:0"`).
    static func device(from value: Value) throws -> Device {
        if case .host(let object as DeviceValue) = value.unwrapped { return object.device }
        if case .string(let name) = value.unwrapped { return try Device(name) }
        throw ConversionError(expected: "Device", value: value)
    }

    /// Checks a creation function's `device:` argument (nil is the CPU).
    static func check(_ value: Value) throws {
        if value.isNil { return }
        try device(from: value).checkAvailable()
    }
}
