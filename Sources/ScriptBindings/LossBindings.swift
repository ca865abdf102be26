import Autograd
import NN
import Script

/// The losses in cells, as functions (`binaryCrossEntropyWithLogits(z, y)`,
/// `crossEntropy(x, t, labelSmoothing: 0.1)`) and as modules (`BCEWithLogitsLoss(posWeight:)`,
/// `CrossEntropyLoss(labelSmoothing:)`, …) called as `loss(input, target)`.
enum LossBindings {
    static func register(in interpreter: Interpreter, module: HostType) {
        func reduction(_ a: Arguments) throws -> Reduction { try FunctionalBindings.reduction(try a.get("reduction", as: String.self)) }
        func klReduction(_ a: Arguments) throws -> Tensor.KLDivReduction {
            let name = try a.get("reduction", as: String.self)
            guard let value = Tensor.KLDivReduction(rawValue: name) else { throw HostError("\(name) is not a valid value for reduction") }
            return value
        }

        // Functions.
        interpreter.defineFunction("crossEntropy(_ input: Tensor, _ target: Tensor, weight: Tensor? = nil, ignoreIndex: Int = -100, reduction: String = \"mean\", labelSmoothing: Double = 0)") { a in
            .host(try NN.crossEntropy(try a.get(0), try a.get(1), weight: try a.get("weight"), ignoreIndex: try a.get("ignoreIndex"),
                                       reduction: try reduction(a), labelSmoothing: try a.get("labelSmoothing")))
        }
        interpreter.defineFunction("binaryCrossEntropy(_ input: Tensor, _ target: Tensor, weight: Tensor? = nil, reduction: String = \"mean\")") { a in
            .host(try NN.binaryCrossEntropy(try a.get(0), try a.get(1), weight: try a.get("weight"), reduction: try reduction(a)))
        }
        interpreter.defineFunction("binaryCrossEntropyWithLogits(_ input: Tensor, _ target: Tensor, weight: Tensor? = nil, reduction: String = \"mean\", posWeight: Tensor? = nil)") { a in
            .host(try NN.binaryCrossEntropyWithLogits(try a.get(0), try a.get(1), weight: try a.get("weight"), posWeight: try a.get("posWeight"),
                                                      reduction: try reduction(a)))
        }
        interpreter.defineFunction("l1Loss(_ input: Tensor, _ target: Tensor, reduction: String = \"mean\")") { a in
            .host(try NN.l1Loss(try a.get(0), try a.get(1), reduction: try reduction(a)))
        }
        interpreter.defineFunction("smoothL1Loss(_ input: Tensor, _ target: Tensor, reduction: String = \"mean\", beta: Double = 1.0)") { a in
            .host(try NN.smoothL1Loss(try a.get(0), try a.get(1), reduction: try reduction(a), beta: try a.get("beta")))
        }
        interpreter.defineFunction("huberLoss(_ input: Tensor, _ target: Tensor, reduction: String = \"mean\", delta: Double = 1.0)") { a in
            .host(try NN.huberLoss(try a.get(0), try a.get(1), reduction: try reduction(a), delta: try a.get("delta")))
        }
        interpreter.defineFunction("klDiv(_ input: Tensor, _ target: Tensor, reduction: String = \"mean\", logTarget: Bool = false)") { a in
            .host(try NN.klDiv(try a.get(0), try a.get(1), reduction: try klReduction(a), logTarget: try a.get("logTarget")))
        }

        // Modules.
        let modules: [(String, AnyClass, String, (Arguments) throws -> Module)] = [
            ("MSELoss", MSELoss.self, "reduction: String = \"mean\"", { a in MSELoss(reduction: try reduction(a)) }),
            ("CrossEntropyLoss", CrossEntropyLoss.self,
             "weight: Tensor? = nil, ignoreIndex: Int = -100, reduction: String = \"mean\", labelSmoothing: Double = 0",
             { a in try CrossEntropyLoss(weight: try a.get("weight"), ignoreIndex: try a.get("ignoreIndex"), reduction: try reduction(a),
                                         labelSmoothing: try a.get("labelSmoothing")) }),
            ("NLLLoss", NLLLoss.self, "weight: Tensor? = nil, ignoreIndex: Int = -100, reduction: String = \"mean\"",
             { a in NLLLoss(weight: try a.get("weight"), ignoreIndex: try a.get("ignoreIndex"), reduction: try reduction(a)) }),
            ("BCELoss", BCELoss.self, "weight: Tensor? = nil, reduction: String = \"mean\"",
             { a in BCELoss(weight: try a.get("weight"), reduction: try reduction(a)) }),
            ("BCEWithLogitsLoss", BCEWithLogitsLoss.self, "weight: Tensor? = nil, reduction: String = \"mean\", posWeight: Tensor? = nil",
             { a in BCEWithLogitsLoss(weight: try a.get("weight"), reduction: try reduction(a), posWeight: try a.get("posWeight")) }),
            ("L1Loss", L1Loss.self, "reduction: String = \"mean\"", { a in L1Loss(reduction: try reduction(a)) }),
            ("SmoothL1Loss", SmoothL1Loss.self, "reduction: String = \"mean\", beta: Double = 1.0",
             { a in try SmoothL1Loss(reduction: try reduction(a), beta: try a.get("beta")) }),
            ("HuberLoss", HuberLoss.self, "reduction: String = \"mean\", delta: Double = 1.0",
             { a in try HuberLoss(reduction: try reduction(a), delta: try a.get("delta")) }),
            ("KLDivLoss", KLDivLoss.self, "reduction: String = \"mean\", logTarget: Bool = false",
             { a in KLDivLoss(reduction: try klReduction(a), logTarget: try a.get("logTarget")) }),
        ]
        for (name, swiftClass, options, make) in modules {
            let loss = interpreter.defineType(name, for: swiftClass, inherits: module)
            loss.initializer("init(\(options))") { a in try make(a).scriptValue }
            loss.method("callAsFunction(_ input: Tensor, _ target: Tensor)") { (m: Module, input: Tensor, target: Tensor) -> Tensor in
                switch m {
                case let l as MSELoss: return try l(input, target)
                case let l as CrossEntropyLoss: return try l(input, target)
                case let l as NLLLoss: return try l(input, target)
                case let l as BCELoss: return try l(input, target)
                case let l as BCEWithLogitsLoss: return try l(input, target)
                case let l as L1Loss: return try l(input, target)
                case let l as SmoothL1Loss: return try l(input, target)
                case let l as HuberLoss: return try l(input, target)
                case let l as KLDivLoss: return try l(input, target)
                default: throw ModuleError("\(m.typeName) is not a loss module")
                }
            }
        }
    }
}
