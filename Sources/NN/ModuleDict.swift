import Autograd

/// Modules held by name, in insertion order, PyTorch's `nn.ModuleDict`:
/// registered as children under their keys.
public final class ModuleDict: Module {
    /// The modules under their names, in order.
    public init(_ modules: [(String, Module)] = []) throws {
        super.init()
        for (name, module) in modules { try set(module, for: name) }
    }

    /// Number of modules.
    public var count: Int { namedChildren().count }

    /// The names, in order.
    public var keys: [String] { namedChildren().map(\.0) }

    /// The module `name`, or PyTorch's `KeyError` text.
    public func module(named name: String) throws -> Module {
        guard let module = self[child: name] else { throw ModuleError("KeyError: '\(name)'") }
        return module
    }

    /// Adds or replaces the module `name`; a name must be non-empty and contain no ".".
    public func set(_ module: Module, for name: String) throws {
        try Module.checkName(name, kind: "module")
        setChild(module, named: name)
    }

    /// Removes and returns the module `name`.
    @discardableResult
    public func pop(_ name: String) throws -> Module {
        let module = try module(named: name)
        register(module: nil, name: name)
        return module
    }

    public override func callAsFunction(_ input: Tensor) throws -> Tensor {
        throw ModuleError("Module [ModuleDict] is missing the required \"forward\" function: choose a module by name in the owner's forward")
    }
}
