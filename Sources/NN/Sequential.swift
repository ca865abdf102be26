import Autograd

/// Modules applied one after the other, PyTorch's `nn.Sequential`; its children
/// are named `"0"`, `"1"`, … and can be read and replaced by index.
public class Sequential: Module {
    /// The modules in order, named `"0"`, `"1"`, ….
    public init(_ modules: [Module]) {
        super.init()
        for module in modules { append(module) }
    }

    /// The modules in order, named `"0"`, `"1"`, ….
    public convenience init(_ modules: Module...) { self.init(modules) }

    /// The modules in order under the given names (PyTorch's `Sequential(OrderedDict(…))`).
    public init(named modules: [(String, Module)]) throws {
        super.init()
        for (name, module) in modules {
            try Module.checkName(name, kind: "module")
            guard self[child: name] == nil else { throw ModuleError("module name \"\(name)\" is given twice") }
            register(module: module, name: name)
        }
    }

    /// Number of modules.
    public var count: Int { children().count }

    /// Adds `module` at the end, named by its position.
    public func append(_ module: Module) { register(module: module, name: String(namedChildren().count)) }

    /// The module at `index` (negative counts from the end), or PyTorch's `IndexError` text.
    public func module(at index: Int) throws -> Module {
        let children = namedChildren()
        guard index >= -children.count && index < children.count else {
            throw ModuleError("index \(index) is out of range")
        }
        return children[index < 0 ? index + children.count : index].1
    }

    /// The module at `index` (negative counts from the end); assigning replaces it.
    /// An index out of range is a programming error; `module(at:)` throws instead.
    public subscript(index: Int) -> Module {
        get {
            guard let module = try? module(at: index) else { preconditionFailure("index \(index) is out of range") }
            return module
        }
        set {
            let names = namedChildren().map(\.0)
            precondition(index >= -names.count && index < names.count, "index \(index) is out of range")
            setChild(newValue, named: names[index < 0 ? index + names.count : index])
        }
    }

    public override func callAsFunction(_ input: Tensor) throws -> Tensor {
        var x = input
        for module in children() { x = try module(x) }
        return x
    }
}
