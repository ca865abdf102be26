import Autograd
import Script

/// A `DType` as a cell value: `DType.float64`, `.long`, `x.dtype`. Prints as
/// PyTorch's `str(dtype)` does (`torch.float64`).
final class DTypeValue: ScriptObject {
    static var scriptTypeName: String { "DType" }

    let dtype: DType

    init(_ dtype: DType) { self.dtype = dtype }
}
