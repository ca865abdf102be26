import Serialization
import Autograd
import NN
import Script

/// `load(path)`: the tensors of a `.pth` or `.safetensors` file as a
/// `[String: Tensor]` dictionary in the file's order. Reading the files a cell
/// names is the only file access cells have.
enum CheckpointBindings {
    static func register(in interpreter: Interpreter) {
        interpreter.defineFunction("load(_ path: String)") { (path: String) -> Value in
            let tensors = try reading { try Checkpoint.load(path) }
            var dictionary = ScriptDictionary()
            for (name, tensor) in tensors { dictionary.set(.host(tensor), for: DictionaryKey(.string(name))!) }
            return .dictionary(dictionary)
        }
    }

    /// Runs `body`, reporting checkpoint errors with the file they concern.
    static func reading<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as CheckpointError {
            throw HostError(error.description)
        } catch let error as SafeTensorsError {
            throw HostError(error.description)
        }
    }
}
