import Autograd
import NN
import Script

/// The dataset behind an instance of a cell class that adopts `Dataset`
/// (`class Squares: Dataset { var count: Int { … }; subscript(i: Int) -> … }`):
/// a loader asks the instance for its `count` and reads samples through its
/// subscript, as PyTorch calls `__len__` and `__getitem__`. `Dataset`'s own
/// `count` and subscript are only reached when the class lacks them, and say so.
final class ScriptDataset: Dataset, ScriptSubclassBase {
    /// The cell instance this dataset is the base of.
    var scriptInstance: ScriptInstance?
    private let className: String
    private unowned let interpreter: Interpreter

    init(instance: ScriptInstance, interpreter: Interpreter) {
        scriptInstance = instance
        className = instance.className
        self.interpreter = interpreter
    }

    /// The instance's `count`; a class without one is an error.
    func checkedCount() throws -> Int {
        let value = try interpreter.member("count", of: .instance(try instance()))
        guard case .int(let count) = value.unwrapped, count >= 0 else {
            throw HostError("'\(className).count' must be a non-negative Int")
        }
        return count
    }

    var count: Int { (try? checkedCount()) ?? 0 }

    func sample(at index: Int) throws -> [SampleValue] {
        let value = try interpreter.subscriptValue(.instance(try instance()), [.int(index)])
        return try DataBindings.sample(from: value, of: className)
    }

    private func instance() throws -> ScriptInstance {
        guard let instance = scriptInstance else { throw HostError("the instance of '\(className)' no longer exists") }
        return instance
    }

    /// The error for a member the cell class must declare: `Dataset`'s own
    /// `count` and subscript are reached only when the class has none.
    func missing(_ member: String) -> HostError {
        HostError("class '\(className)' must declare '\(member)' to be used as a Dataset")
    }
}
