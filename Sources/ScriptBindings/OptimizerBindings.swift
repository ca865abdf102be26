import Autograd
import NN
import Script

extension SGD: ScriptObject {}
extension Adam: ScriptObject {}

/// The optimizers in cells: `SGD(model.parameters(), lr: 1e-2, momentum: 0.9)`,
/// `Adam(…)`, `AdamW(…)`, each with `step()`, `zeroGrad()` and a settable `lr`.
enum OptimizerBindings {
    static func register(in interpreter: Interpreter) {
        let sgd = interpreter.defineType("SGD", for: SGD.self)
        sgd.initializer("init(_ parameters: [Tensor], lr: Double = 0.001, momentum: Double = 0, dampening: Double = 0, weightDecay: Double = 0, nesterov: Bool = false)") { a -> Value in
            try SGD(try a.get(0), lr: try a.get(1), momentum: try a.get(2), dampening: try a.get(3),
                    weightDecay: try a.get(4), nesterov: try a.get(5)).scriptValue
        }
        sgd.property("momentum") { (o: SGD) in o.momentum }
        registerCommon(sgd, SGD.self)

        let adam = interpreter.defineType("Adam", for: Adam.self)
        adam.initializer("init(_ parameters: [Tensor], lr: Double = 0.001, betas: Any = (0.9, 0.999), eps: Double = 1e-08, weightDecay: Double = 0, amsgrad: Bool = false)") { a -> Value in
            try Adam(try a.get(0), lr: try a.get(1), betas: try betas(a[2]), eps: try a.get(3),
                     weightDecay: try a.get(4), amsgrad: try a.get(5)).scriptValue
        }
        registerCommon(adam, Adam.self)
        let adamW = interpreter.defineType("AdamW", for: AdamW.self, inherits: adam)
        adamW.initializer("init(_ parameters: [Tensor], lr: Double = 0.001, betas: Any = (0.9, 0.999), eps: Double = 1e-08, weightDecay: Double = 0.01, amsgrad: Bool = false)") { a -> Value in
            try AdamW(try a.get(0), lr: try a.get(1), betas: try betas(a[2]), eps: try a.get(3),
                      weightDecay: try a.get(4), amsgrad: try a.get(5)).scriptValue
        }
    }

    /// `step()`, `zeroGrad()`, `lr` and `parameters` for one optimizer class.
    private static func registerCommon<O: Optimizer & ScriptObject>(_ type: HostType, _: O.Type) {
        type.method("step()") { (o: O) in try o.step() }
        type.method("zeroGrad()") { (o: O) in o.zeroGrad() }
        type.property("lr", get: { (o: O) in o.learningRate }, set: { (o: O, lr: Double) in
            guard lr >= 0 else { throw ModuleError("Invalid learning rate: \(lr)") }
            o.learningRate = lr
        })
        type.property("parameters") { (o: O) in o.parameters }
    }

    /// Adam's `betas`, a pair of numbers written as a tuple or an array.
    private static func betas(_ value: Value) throws -> (Double, Double) {
        let elements: [Value]
        switch value.unwrapped {
        case .tuple(let tuple): elements = tuple.elements
        case .array(let array): elements = array
        default: throw ConversionError(expected: "(Double, Double)", value: value)
        }
        guard elements.count == 2, let b1 = EngineValues.number(in: elements[0]), let b2 = EngineValues.number(in: elements[1]) else {
            throw ConversionError(expected: "(Double, Double)", value: value)
        }
        return (b1, b2)
    }
}
