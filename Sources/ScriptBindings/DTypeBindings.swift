import Autograd
import Script

/// Dtypes in cells: `DType.float64` or `.float64` where a dtype is expected
/// (`Tensor.zeros(2, dtype: .float64)`, `x.to(.double)`), PyTorch's aliases
/// (`.float`, `.double`, `.long`, `.int`), `Tensor.float64`-style constants,
/// `x.dtype`, and the conversions `x.float()`, `x.double()`, `x.long()`,
/// `x.int()`, `x.bool()`, `x.byte()`.
enum DTypeBindings {
    /// Every name a cell can give a dtype by, with PyTorch's aliases.
    static let names: [(String, DType)] = DType.allCases.map { ($0.rawValue, $0) } + [
        ("float", .float32), ("double", .float64), ("long", .int64), ("int", .int32),
    ]

    static func register(in interpreter: Interpreter, tensor: HostType) {
        let type = interpreter.defineType("DType", for: DTypeValue.self)
        for (name, dtype) in names {
            type.staticProperty(name, get: { DTypeValue(dtype) })
            tensor.staticProperty(name, get: { DTypeValue(dtype) })
        }
        type.implicitMembers()
        type.describe { (d: DTypeValue) in d.dtype.description }
        type.property("isFloatingPoint") { (d: DTypeValue) in d.dtype.isFloatingPoint }
        type.property("itemsize") { (d: DTypeValue) in d.dtype.itemSize }
        for op in ["==", "!="] {
            type.binaryOperator(op) { lhs, rhs in
                guard let a = dtype(in: lhs), let b = dtype(in: rhs) else { return nil }
                return .bool((a == b) == (op == "=="))
            }
        }

        tensor.property("dtype") { (x: Tensor) in DTypeValue(x.dtype) }
        tensor.method("isFloatingPoint()") { (x: Tensor) in x.dtype.isFloatingPoint }
        // `x.to(.float64)` shares its label with `x.to(device)`: `DeviceBindings` dispatches.
        tensor.method("to(dtype: DType)") { (x: Tensor, d: DTypeValue) in x.to(d.dtype) }
        tensor.method("type(_ dtype: DType)") { (x: Tensor, d: DTypeValue) in x.to(d.dtype) }
        let conversions: [(String, DType)] = [
            ("float", .float32), ("double", .float64), ("long", .int64), ("int", .int32), ("bool", .bool), ("byte", .uint8),
        ]
        for (name, dtype) in conversions {
            tensor.method("\(name)()") { (x: Tensor) in x.to(dtype) }
        }
        // `x.newOnes(5, 3)`: a new tensor with this one's dtype unless given one.
        for (name, value) in [("newOnes", 1.0), ("newZeros", 0.0)] {
            tensor.method("\(name)(_ shape: Any..., dtype: Any? = nil, requiresGrad: Bool = false)") {
                (x: Tensor, shape: Value, dtype: Value, requiresGrad: Bool) in
                let dims = try EngineValues.shape(from: shape)
                try EngineValues.checkShape(dims)
                return try Tensor.full(dims, value, dtype: try optionalDType(dtype) ?? x.dtype, requiresGrad: requiresGrad)
            }
        }
    }

    /// The dtype a value names, if it is one.
    static func dtype(in value: Value) -> DType? {
        if case .host(let object as DTypeValue) = value.unwrapped { return object.dtype }
        return nil
    }

    /// A creation function's `dtype:` argument: nil when absent, an error when not a dtype.
    static func optionalDType(_ value: Value) throws -> DType? {
        if value.isNil { return nil }
        guard let dtype = dtype(in: value) else { throw ConversionError(expected: "DType", value: value) }
        return dtype
    }
}
