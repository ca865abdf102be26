import Autograd
import Script

/// A `Device` as a cell value: `Device("cuda")`, `x.device`. Prints as PyTorch's
/// `str(device)` does (`cpu`).
final class DeviceValue: ScriptObject {
    static var scriptTypeName: String { "Device" }

    let device: Device

    init(_ device: Device) { self.device = device }
}
