import Autograd
import NN
import Script

/// The module behind an instance of a cell class that inherits from `Module`
/// (`class Net: Module { … }`): it registers the instance's stored properties
/// that hold modules or trainable tensors under their names, in assignment
/// order, prints under the class's name, and runs the class's
/// `callAsFunction` when the engine calls it (inside a `Sequential`, say).
final class ScriptModule: Module, ScriptSubclassBase {
    /// The cell instance this module is the base of.
    var scriptInstance: ScriptInstance?
    private let className: String

    init(instance: ScriptInstance) {
        scriptInstance = instance
        className = instance.className
        super.init()
    }

    override var typeName: String { className }

    /// Runs the cell class's `callAsFunction(_:)`, which must return a tensor.
    override func callAsFunction(_ input: Tensor) throws -> Tensor {
        guard let instance = scriptInstance else { throw ModuleBindings.missingForward(className) }
        let result = try instance.call("callAsFunction", [.host(input)])
        guard let tensor = EngineValues.tensor(in: result) else {
            throw HostError("'\(className).callAsFunction' must return a Tensor to be used as a layer")
        }
        return tensor
    }

    /// Registers what a stored property of the instance now holds: a module is a
    /// child, a `Parameter(…)` or a leaf tensor that requires grad is a parameter
    /// (PyTorch's `nn.Parameter`), a tensor assigned to a registered buffer's name
    /// replaces the buffer; anything else is a plain property.
    func propertyDidChange(_ name: String, _ value: Value) throws {
        if let module = value.hostObject as? Module {
            try ModuleBindings.checkNoCycle(adding: module, to: self)
            register(module: module, name: name)
        } else if let tensor = EngineValues.tensor(in: value), tensor.isLeaf, tensor.requiresGrad || tensor.isParameter {
            register(parameter: tensor, name: name)
        } else if let tensor = EngineValues.tensor(in: value), hasBuffer(named: name) {
            register(buffer: tensor, name: name)
        } else if value.isNil {
            if self[child: name] != nil { register(module: nil, name: name) }
            if hasParameter(named: name) { register(parameter: nil, name: name) }
        } else if self[child: name] != nil {
            throw ModuleError("cannot assign '\(ModuleBindings.pythonTypeName(of: value))' as child module '\(name)' (torch.nn.Module or None expected)")
        } else if hasParameter(named: name) {
            throw ModuleError("cannot assign '\(ModuleBindings.pythonTypeName(of: value))' as parameter '\(name)' (a leaf tensor that requires grad, or nil, expected)")
        }
    }
}
