import Autograd
import NN
import Script

/// The activation layers beyond ReLU, sigmoid and tanh (`LeakyReLU(0.2)`,
/// `GELU(approximate: "tanh")`, `SiLU()`, `ELU()`, `Softplus(beta: 2)`, `ReLU6()`,
/// `Hardtanh(-2, 2)`) and their functional forms (`leakyRelu(x, 0.2)`, `gelu(x)`,
/// `silu(x)`, `elu(x)`, `softplus(x)`, `relu6(x)`, `hardtanh(x)`).
enum ActivationBindings {
    static func register(in interpreter: Interpreter, module: HostType) {
        func layer(_ name: String, _ swiftClass: AnyClass) -> HostType {
            interpreter.defineType(name, for: swiftClass, inherits: module)
        }
        let leakyRelu = layer("LeakyReLU", LeakyReLU.self), gelu = layer("GELU", GELU.self)
        let elu = layer("ELU", ELU.self), softplus = layer("Softplus", Softplus.self)
        for label in ["_", "negativeSlope"] {
            leakyRelu.initializer("init(\(label) negativeSlope: Double = 0.01, inplace: Bool = false)") {
                (slope: Double, inplace: Bool) in LeakyReLU(negativeSlope: slope, inplace: inplace)
            }
            interpreter.defineFunction("leakyRelu(_ x: Tensor, \(label) negativeSlope: Double = 0.01)") { (x: Tensor, slope: Double) in
                x.leakyRelu(negativeSlope: slope)
            }
        }
        for label in ["_", "approximate"] {
            gelu.initializer("init(\(label) approximate: String = \"none\")") { (approximate: String) in
                GELU(approximate: approximate)
            }
        }
        interpreter.defineFunction("gelu(_ x: Tensor, approximate: String = \"none\")") { (x: Tensor, approximate: String) in
            try x.gelu(approximate: approximate)
        }
        layer("ReLU6", ReLU6.self).initializer("init(inplace: Bool = false)") { (inplace: Bool) in ReLU6(inplace: inplace) }
        interpreter.defineFunction("relu6(_ x: Tensor)") { (x: Tensor) in x.relu6() }
        let hardtanh = layer("Hardtanh", Hardtanh.self)
        for labels in [("_ minVal", "_ maxVal"), ("minVal", "maxVal")] {
            hardtanh.initializer("init(\(labels.0): Double = -1.0, \(labels.1): Double = 1.0, inplace: Bool = false)") {
                (low: Double, high: Double, inplace: Bool) in try Hardtanh(minVal: low, maxVal: high, inplace: inplace)
            }
            interpreter.defineFunction("hardtanh(_ x: Tensor, \(labels.0): Double = -1.0, \(labels.1): Double = 1.0)") {
                (x: Tensor, low: Double, high: Double) in x.hardtanh(minVal: low, maxVal: high)
            }
        }
        layer("SiLU", SiLU.self).initializer("init(inplace: Bool = false)") { (inplace: Bool) in SiLU(inplace: inplace) }
        interpreter.defineFunction("silu(_ x: Tensor)") { (x: Tensor) in x.silu() }
        for label in ["_", "alpha"] {
            elu.initializer("init(\(label) alpha: Double = 1.0, inplace: Bool = false)") { (alpha: Double, inplace: Bool) in
                ELU(alpha: alpha, inplace: inplace)
            }
            interpreter.defineFunction("elu(_ x: Tensor, \(label) alpha: Double = 1.0)") { (x: Tensor, alpha: Double) in x.elu(alpha: alpha) }
        }
        for label in ["_", "beta"] {
            softplus.initializer("init(\(label) beta: Double = 1.0, threshold: Double = 20.0)") {
                (beta: Double, threshold: Double) in Softplus(beta: beta, threshold: threshold)
            }
            interpreter.defineFunction("softplus(_ x: Tensor, \(label) beta: Double = 1.0, threshold: Double = 20.0)") {
                (x: Tensor, beta: Double, threshold: Double) in x.softplus(beta: beta, threshold: threshold)
            }
        }
    }
}
