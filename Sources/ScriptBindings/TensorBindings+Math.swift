import Autograd
import Foundation
import Script

/// Element-wise math, statistics, scans and random creation in cells, as
/// methods (`x.sin()`) and as PyTorch's free functions (`sin(x)`); the Swift
/// math functions (`asin(0.5)`) keep working on numbers.
extension TensorBindings {
    /// One-tensor element-wise methods, each also a free function.
    static let elementwiseMethods: [String: (Tensor) throws -> Tensor] = [
        "sin": { $0.sin() }, "cos": { $0.cos() }, "tan": { $0.tan() },
        "asin": { $0.asin() }, "acos": { $0.acos() }, "atan": { $0.atan() },
        "sinh": { $0.sinh() }, "cosh": { $0.cosh() },
        "log2": { $0.log2() }, "log10": { $0.log10() }, "log1p": { $0.log1p() }, "expm1": { $0.expm1() },
        "rsqrt": { $0.rsqrt() }, "square": { $0.square() },
        "floor": { $0.floor() }, "ceil": { $0.ceil() }, "trunc": { $0.trunc() }, "sign": { $0.sign() },
        "isnan": { $0.isnan() }, "isinf": { $0.isinf() }, "isfinite": { $0.isfinite() },
    ]

    /// Names the cell language's standard library defines for numbers and
    /// forwards to a tensor's method of the same name.
    static let standardLibraryMath: Set<String> = ["sqrt", "exp", "log", "sin", "cos", "tan", "tanh", "floor", "ceil", "round", "abs", "pow"]

    /// Swift math functions that take a tensor or a number.
    static let numberMath: [String: (Double) -> Double] = [
        "asin": Foundation.asin, "acos": Foundation.acos, "atan": Foundation.atan,
        "sinh": Foundation.sinh, "cosh": Foundation.cosh,
        "log2": Foundation.log2, "log10": Foundation.log10, "log1p": Foundation.log1p, "expm1": Foundation.expm1,
        "trunc": Foundation.trunc,
    ]

    /// Two-tensor element-wise methods (broadcasting), each also a free function.
    static let pairMethods: [String: (Tensor, Tensor) throws -> Tensor] = [
        "maximum": { try $0.maximum($1) }, "minimum": { try $0.minimum($1) }, "atan2": { try $0.atan2($1) },
    ]

    static func registerMath(_ tensor: HostType, in interpreter: Interpreter) {
        for (name, body) in elementwiseMethods {
            tensor.method("\(name)()") { (x: Tensor) in try body(x) }
            if standardLibraryMath.contains(name) { continue }
            if let number = numberMath[name] {
                interpreter.defineFunction("\(name)(_ x: Any)") { (x: Value) -> Value in
                    if let t = EngineValues.tensor(in: x) { return .host(try body(t)) }
                    guard let d = EngineValues.number(in: x) else { throw ConversionError(expected: "Double", value: x) }
                    return .double(number(d))
                }
            } else {
                interpreter.defineFunction("\(name)(_ x: Tensor)") { (x: Tensor) in try body(x) }
            }
        }
        for name in ["neg", "reciprocal", "exp", "log", "sqrt", "tanh"] where !standardLibraryMath.contains(name) {
            interpreter.defineFunction("\(name)(_ x: Tensor)") { (x: Tensor) in try unaryMethods[name]!(x) }
        }
        for (name, body) in pairMethods {
            tensor.method("\(name)(_ other: Tensor)") { (x: Tensor, y: Tensor) in try body(x, y) }
            if name == "atan2" {
                interpreter.defineFunction("atan2(_ y: Any, _ x: Any)") { (y: Value, x: Value) -> Value in
                    if let a = EngineValues.tensor(in: y), let b = EngineValues.tensor(in: x) { return .host(try body(a, b)) }
                    guard let a = EngineValues.number(in: y), let b = EngineValues.number(in: x) else {
                        throw ConversionError(expected: "Tensor", value: EngineValues.tensor(in: y) == nil ? y : x)
                    }
                    return .double(Foundation.atan2(a, b))
                }
            } else {
                interpreter.defineFunction("\(name)(_ a: Tensor, _ b: Tensor)") { (a: Tensor, b: Tensor) in try body(a, b) }
            }
        }
        tensor.method("round(decimals: Int = 0)") { (x: Tensor, decimals: Int) in x.round(decimals: decimals) }
        for name in ["fmod", "remainder"] {
            tensor.method("\(name)(_ other: Any)") { (x: Tensor, other: Value) -> Tensor in
                if let t = EngineValues.tensor(in: other) { return name == "fmod" ? try x.fmod(t) : try x.remainder(t) }
                guard let d = EngineValues.number(in: other) else { throw ConversionError(expected: "Tensor", value: other) }
                return name == "fmod" ? x.fmod(d) : x.remainder(d)
            }
        }
        for name in ["clamp", "clip"] {
            tensor.method("\(name)(min: Double? = nil, max: Double? = nil)") { (x: Tensor, lo: Double?, hi: Double?) in
                try x.clamp(min: lo, max: hi)
            }
            tensor.method("\(name)(_ min: Double?, _ max: Double? = nil)") { (x: Tensor, lo: Double?, hi: Double?) in
                try x.clamp(min: lo, max: hi)
            }
            interpreter.defineFunction("\(name)(_ x: Tensor, min: Double? = nil, max: Double? = nil)") { (x: Tensor, lo: Double?, hi: Double?) in
                try x.clamp(min: lo, max: hi)
            }
        }
        registerStatistics(tensor, in: interpreter)
        registerRandom(tensor)
    }

    // MARK: Statistics and scans

    private static func registerStatistics(_ tensor: HostType, in interpreter: Interpreter) {
        for name in ["cumsum", "cumprod"] {
            let body: (Tensor, Int) throws -> Tensor = { name == "cumsum" ? try $0.cumsum(dim: $1) : try $0.cumprod(dim: $1) }
            tensor.method("\(name)(dim: Int)") { (x: Tensor, dim: Int) in try body(x, dim) }
            tensor.method("\(name)(_ dim: Int)") { (x: Tensor, dim: Int) in try body(x, dim) }
            interpreter.defineFunction("\(name)(_ x: Tensor, dim: Int)") { (x: Tensor, dim: Int) in try body(x, dim) }
        }
        for name in ["var", "std"] {
            // `unbiased: false` is `correction: 0`; PyTorch's default is 1.
            func run(_ x: Tensor, _ dim: Int?, _ unbiased: Bool?, _ correction: Double?, _ keepDim: Bool) throws -> Tensor {
                let c = correction ?? (unbiased == false ? 0 : 1)
                switch (name, dim) {
                case ("var", nil): return try x.variance(correction: c)
                case ("var", let d?): return try x.variance(dim: d, correction: c, keepDim: keepDim)
                case (_, nil): return try x.std(correction: c)
                case (_, let d?): return try x.std(dim: d, correction: c, keepDim: keepDim)
                }
            }
            tensor.method("\(name)(dim: Int? = nil, unbiased: Bool? = nil, correction: Double? = nil, keepDim: Bool = false)") { a in
                .host(try run(try a.receiver(), try a.get("dim"), try a.get("unbiased"), try a.get("correction"), try a.get("keepDim")))
            }
            tensor.method("\(name)(_ dim: Int, unbiased: Bool? = nil, correction: Double? = nil, keepDim: Bool = false)") { a in
                .host(try run(try a.receiver(), try a.get(0), try a.get("unbiased"), try a.get("correction"), try a.get("keepDim")))
            }
        }
        tensor.method("norm(p: Double = 2, dim: Int? = nil, keepDim: Bool = false)") { (x: Tensor, p: Double, dim: Int?, keepDim: Bool) in
            if let dim { return try x.norm(p: p, dim: dim, keepDim: keepDim) }
            return try x.norm(p: p)
        }
        tensor.method("norm(_ p: Double, dim: Int? = nil, keepDim: Bool = false)") { (x: Tensor, p: Double, dim: Int?, keepDim: Bool) in
            if let dim { return try x.norm(p: p, dim: dim, keepDim: keepDim) }
            return try x.norm(p: p)
        }
        for signature in ["logsumexp(dim: Int, keepDim: Bool = false)", "logsumexp(_ dim: Int, keepDim: Bool = false)"] {
            tensor.method(signature) { (x: Tensor, dim: Int, keepDim: Bool) in try x.logsumexp(dim: dim, keepDim: keepDim) }
        }
        interpreter.defineFunction("logsumexp(_ x: Tensor, dim: Int, keepDim: Bool = false)") { (x: Tensor, dim: Int, keepDim: Bool) in
            try x.logsumexp(dim: dim, keepDim: keepDim)
        }
        interpreter.defineFunction("prod(_ x: Tensor, dim: Int? = nil, keepDim: Bool = false)") { (x: Tensor, dim: Int?, keepDim: Bool) in
            if let dim { return try x.prod(dim: dim, keepDim: keepDim) }
            return try x.prod()
        }
        for name in ["argmax", "argmin"] {
            interpreter.defineFunction("\(name)(_ x: Tensor, dim: Int? = nil, keepDim: Bool = false)") { (x: Tensor, dim: Int?, keepDim: Bool) -> Tensor in
                let reduction = reductions[name]!
                guard let dim else { return try reduction.whole(x) }
                return try Tensor.fromScript(try reduction.alongDim(x, dim, keepDim))
            }
        }
    }

    // MARK: Random creation

    private static func registerRandom(_ tensor: HostType) {
        tensor.staticMethod("randint(_ low: Int, _ high: Int, _ shape: Any)") { (low: Int, high: Int, shape: Value) in
            try Tensor.randint(low: low, high: high, try EngineValues.shape(from: shape))
        }
        tensor.staticMethod("randint(_ high: Int, _ shape: Any)") { (high: Int, shape: Value) in
            try Tensor.randint(high: high, try EngineValues.shape(from: shape))
        }
        tensor.staticMethod("randintLike(_ other: Tensor, _ low: Int, _ high: Int)") { (other: Tensor, low: Int, high: Int) in
            try Tensor.randint(low: low, high: high, other.shape)
        }
        tensor.staticMethod("randintLike(_ other: Tensor, _ high: Int)") { (other: Tensor, high: Int) in
            try Tensor.randint(high: high, other.shape)
        }
        tensor.staticMethod("randperm(_ n: Int)") { (n: Int) in try Tensor.randperm(n) }
        tensor.staticMethod("normal(_ mean: Any, _ std: Any, _ shape: Any? = nil)") { (mean: Value, std: Value, shape: Value) -> Tensor in
            if let m = EngineValues.tensor(in: mean) {
                let s = try EngineValues.tensor(in: std) ?? Tensor.full(m.shape, try Double.fromScript(std))
                return try Tensor.normal(mean: m, std: s)
            }
            if let s = EngineValues.tensor(in: std) {
                return try Tensor.normal(mean: Tensor.full(s.shape, try Double.fromScript(mean)), std: s)
            }
            guard !shape.isNil else { throw HostError("normal(_:_:_:) with numbers for the mean and the standard deviation needs a shape") }
            return try Tensor.normal(mean: try Double.fromScript(mean), std: try Double.fromScript(std), try EngineValues.shape(from: shape))
        }
        tensor.staticMethod("bernoulli(_ p: Tensor)") { (p: Tensor) in try p.bernoulli() }
        tensor.staticMethod("multinomial(_ weights: Tensor, _ numSamples: Int, replacement: Bool = false)") {
            (weights: Tensor, n: Int, replacement: Bool) in try weights.multinomial(n, replacement: replacement)
        }
        tensor.method("bernoulli()") { (p: Tensor) in try p.bernoulli() }
        tensor.method("multinomial(_ numSamples: Int, replacement: Bool = false)") { (weights: Tensor, n: Int, replacement: Bool) in
            try weights.multinomial(n, replacement: replacement)
        }
        tensor.method("uniform_(_ from: Double = 0, _ to: Double = 1)") { (x: Tensor, from: Double, to: Double) in
            try x.uniform_(from: from, to: to)
        }
        tensor.method("normal_(_ mean: Double = 0, _ std: Double = 1)") { (x: Tensor, mean: Double, std: Double) in
            try x.normal_(mean: mean, std: std)
        }
        tensor.method("normal_(mean: Double = 0, std: Double = 1)") { (x: Tensor, mean: Double, std: Double) in
            try x.normal_(mean: mean, std: std)
        }
        tensor.staticMethod("linspace(_ start: Double, _ end: Double, _ steps: Int)") { (a: Double, b: Double, n: Int) in
            try Tensor.linspace(a, b, steps: n)
        }
        tensor.staticMethod("linspace(_ start: Double, _ end: Double, steps: Int)") { (a: Double, b: Double, n: Int) in
            try Tensor.linspace(a, b, steps: n)
        }
        tensor.staticMethod("logspace(_ start: Double, _ end: Double, _ steps: Int, base: Double = 10)") {
            (a: Double, b: Double, n: Int, base: Double) in try Tensor.logspace(a, b, steps: n, base: base)
        }
        tensor.staticMethod("logspace(_ start: Double, _ end: Double, steps: Int, base: Double = 10)") {
            (a: Double, b: Double, n: Int, base: Double) in try Tensor.logspace(a, b, steps: n, base: base)
        }
        tensor.staticMethod("eye(_ n: Int, _ m: Int? = nil, requiresGrad: Bool = false)") { (n: Int, m: Int?, requiresGrad: Bool) in
            try Tensor.eye(n, m, requiresGrad: requiresGrad)
        }
        tensor.staticMethod("empty(_ shape: Any..., requiresGrad: Bool = false)") { (shape: Value, requiresGrad: Bool) in
            let dims = try EngineValues.shape(from: shape)
            try EngineValues.checkShape(dims)
            return Tensor.zeros(dims, requiresGrad: requiresGrad)
        }
        tensor.staticMethod("fullLike(_ other: Tensor, _ value: Double, requiresGrad: Bool = false)") {
            (other: Tensor, value: Double, requiresGrad: Bool) in Tensor.full(other.shape, value, requiresGrad: requiresGrad)
        }
        tensor.staticMethod("emptyLike(_ other: Tensor, requiresGrad: Bool = false)") { (other: Tensor, requiresGrad: Bool) in
            Tensor.zeros(other.shape, requiresGrad: requiresGrad)
        }
    }
}
