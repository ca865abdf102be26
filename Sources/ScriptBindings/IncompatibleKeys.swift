import NN
import Script

/// What `loadStateDict` returns in cells: the keys that did not match, printed
/// as PyTorch prints them (`<All keys matched successfully>`).
final class IncompatibleKeys: ScriptObject, CustomStringConvertible {
    static var scriptTypeName: String { "IncompatibleKeys" }
    let result: Module.LoadResult

    init(_ result: Module.LoadResult) { self.result = result }

    var description: String { result.description }

    static func register(in interpreter: Interpreter) {
        let type = interpreter.defineType("IncompatibleKeys", for: IncompatibleKeys.self)
        type.property("missingKeys") { (k: IncompatibleKeys) in k.result.missingKeys }
        type.property("unexpectedKeys") { (k: IncompatibleKeys) in k.result.unexpectedKeys }
    }
}
