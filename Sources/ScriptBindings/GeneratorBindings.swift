import Autograd
import Script

extension Generator: ScriptObject {}

/// `Generator()` in cells, as `torch.Generator()`: a random generator of its own,
/// seeded with `manualSeed(n)` (which returns the generator, so
/// `Generator().manualSeed(42)` reads as PyTorch's), for a loader's or a split's
/// draws that must not touch the notebook's generator.
enum GeneratorBindings {
    static func register(in interpreter: Interpreter) {
        let generator = interpreter.defineType("Generator", for: Generator.self)
        generator.initializer("init()") { () -> Generator in Generator() }
        generator.method("manualSeed(_ seed: Int)") { (g: Generator, seed: Int) -> Generator in
            g.manualSeed(seed)
            return g
        }
        generator.method("initialSeed()") { (g: Generator) -> Int in Int(Int64(bitPattern: g.initialSeed)) }
    }
}
