import Autograd
import Script

/// Autograd's switches and the notebook's random generator: `noGrad { … }`
/// (returns the closure's value), `enableGrad { … }`, `isGradEnabled()` and
/// `manualSeed(n)`, which reseeds the notebook's own generator and the cell
/// language's (`Int.random(in:)`, `shuffled()`: Python's `random` module's).
enum AutogradBindings {
    static func register(in interpreter: Interpreter, generator: Generator) {
        interpreter.defineFunction("noGrad(_ body: Any)") { (a: Arguments) -> Value in
            try noGrad { try a.interpreter.call(a[0], []) }
        }
        interpreter.defineFunction("enableGrad(_ body: Any)") { (a: Arguments) -> Value in
            try enableGrad { try a.interpreter.call(a[0], []) }
        }
        interpreter.defineFunction("isGradEnabled()") { () -> Bool in GradMode.isEnabled }
        interpreter.defineFunction("manualSeed(_ seed: Int)") { [unowned interpreter] (seed: Int) in
            generator.manualSeed(seed)
            interpreter.randomSource.seed(UInt64(seed.magnitude))
        }
    }
}
