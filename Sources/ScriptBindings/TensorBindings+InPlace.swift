import Autograd
import Script

/// PyTorch's in-place methods (`add_`, `zero_`, `copy_`, …, each returning the
/// tensor), `requiresGrad_()`, `detach_()` and `x.data` (the same storage without
/// history, as manual SGD uses it: `w.data.sub_(w.grad!.data * lr)`); and the
/// arithmetic methods and free functions `add`, `sub`, `mul`, `div` with
/// PyTorch's `alpha:` and `out:`.
extension TensorBindings {
    /// The arithmetic behind `add`, `sub`, `mul`, `div` and their in-place forms.
    static let arithmetic: [String: (tensors: (Tensor, Tensor) throws -> Tensor, number: (Tensor, Double) throws -> Tensor,
                                     inPlace: (Tensor, Tensor) throws -> Void, inPlaceNumber: (Tensor, Double) throws -> Void)] = [
        "add": ({ try $0 + $1 }, { $0 + $1 }, { try $0.addInPlace($1) }, { try $0.addInPlace($1) }),
        "sub": ({ try $0 - $1 }, { $0 - $1 }, { try $0.subInPlace($1) }, { try $0.subInPlace($1) }),
        "mul": ({ try $0 * $1 }, { $0 * $1 }, { try $0.mulInPlace($1) }, { try $0.mulInPlace($1) }),
        "div": ({ try $0 / $1 }, { $0 / $1 }, { try $0.divInPlace($1) }, { try $0.divInPlace($1) }),
    ]

    static func registerInPlace(_ tensor: HostType, in interpreter: Interpreter) {
        for (name, forms) in arithmetic {
            let hasAlpha = name == "add" || name == "sub"
            /// `other * alpha` for add and sub; other itself otherwise.
            func operand(_ other: Value, _ alpha: Double) throws -> Value {
                guard alpha != 1 else { return other }
                guard hasAlpha else { throw HostError("\(name)() does not take alpha") }
                if let t = EngineValues.tensor(in: other) { return .host(t * alpha) }
                return .double(try Double.fromScript(other) * alpha)
            }
            func apply(_ x: Tensor, _ other: Value) throws -> Tensor {
                if let t = EngineValues.tensor(in: other) { return try forms.tensors(x, t) }
                guard let d = EngineValues.number(in: other) else { throw ConversionError(expected: "Tensor", value: other) }
                return try forms.number(x, d)
            }
            tensor.method("\(name)(_ other: Any, alpha: Double = 1)") { (x: Tensor, other: Value, alpha: Double) in
                try apply(x, try operand(other, alpha))
            }
            tensor.method("\(name)_(_ other: Any, alpha: Double = 1)") { (x: Tensor, other: Value, alpha: Double) -> Tensor in
                let value = try operand(other, alpha)
                if let t = EngineValues.tensor(in: value) {
                    try forms.inPlace(x, t)
                } else {
                    guard let d = EngineValues.number(in: value) else { throw ConversionError(expected: "Tensor", value: value) }
                    try forms.inPlaceNumber(x, d)
                }
                return x
            }
            interpreter.defineFunction("\(name)(_ a: Tensor, _ b: Any, alpha: Double = 1, out: Tensor? = nil)") {
                (a: Tensor, b: Value, alpha: Double, out: Tensor?) -> Tensor in
                let result = try apply(a, try operand(b, alpha))
                guard let out else { return result }
                return try write(result, into: out)
            }
        }
        interpreter.defineFunction("matmul(_ a: Tensor, _ b: Tensor, out: Tensor)") { (a: Tensor, b: Tensor, out: Tensor) in
            try write(try a.matmul(b), into: out)
        }
        tensor.method("zero_()") { (x: Tensor) in try x.zero_() }
        tensor.method("fill_(_ value: Double)") { (x: Tensor, value: Double) in try x.fill_(value) }
        tensor.method("copy_(_ source: Tensor)") { (x: Tensor, source: Tensor) in try x.copy_(source) }
        tensor.method("clamp_(min: Double? = nil, max: Double? = nil)") { (x: Tensor, lo: Double?, hi: Double?) in
            try x.clamp_(min: lo, max: hi)
        }
        tensor.method("clamp_(_ min: Double?, _ max: Double? = nil)") { (x: Tensor, lo: Double?, hi: Double?) in
            try x.clamp_(min: lo, max: hi)
        }
        tensor.method("requiresGrad_(_ flag: Bool = true)") { (x: Tensor, flag: Bool) in try x.requiresGrad(flag) }
        tensor.method("detach_()") { (x: Tensor) in x.detach_() }
        tensor.property("data") { (x: Tensor) in x.detach() }
    }

    /// PyTorch's `out=`: the result's values copied into `out`, which must have its shape.
    private static func write(_ result: Tensor, into out: Tensor) throws -> Tensor {
        guard out.shape == result.shape else {
            throw TensorError("An output with one or more elements was resized since it had shape \(EngineValues.describe(out.shape)), which does not match the required output shape \(EngineValues.describe(result.shape)). This behavior is deprecated, and in a future PyTorch release outputs will not be resized unless they have zero elements.")
        }
        if GradMode.isEnabled && (out.requiresGrad || result.requiresGrad) {
            throw TensorError("add(): functions with out=... arguments don't support automatic differentiation, but one of the arguments requires grad.")
        }
        try out.copy_(result)
        return out
    }
}
