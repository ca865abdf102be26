import Autograd

/// Modules held in a list, PyTorch's `nn.ModuleList`: registered as children
/// `"0"`, `"1"`, … (so their parameters are the owner's), but not applied in
/// order by itself; a model's forward computation iterates over it.
public final class ModuleList: Module {
    /// The modules in order, named `"0"`, `"1"`, ….
    public init(_ modules: [Module] = []) {
        super.init()
        for module in modules { append(module) }
    }

    /// Number of modules.
    public var count: Int { namedChildren().count }

    /// Adds `module` at the end, named by its position.
    public func append(_ module: Module) { register(module: module, name: String(namedChildren().count)) }

    /// Adds each module at the end.
    public func extend(_ modules: [Module]) { for module in modules { append(module) } }

    /// Inserts `module` before position `index`, renumbering the modules after it.
    public func insert(_ module: Module, at index: Int) throws {
        var modules = children()
        let position = index < 0 ? max(0, index + modules.count) : min(index, modules.count)
        modules.insert(module, at: position)
        for name in namedChildren().map(\.0) { register(module: nil, name: name) }
        for module in modules { append(module) }
    }

    /// The module at `index` (negative counts from the end), or PyTorch's `IndexError` text.
    public func module(at index: Int) throws -> Module {
        let children = children()
        guard index >= -children.count && index < children.count else {
            throw ModuleError("index \(index) is out of range")
        }
        return children[index < 0 ? index + children.count : index]
    }

    /// Replaces the module at `index` (negative counts from the end).
    public func setModule(_ module: Module, at index: Int) throws {
        let names = namedChildren().map(\.0)
        guard index >= -names.count && index < names.count else { throw ModuleError("index \(index) is out of range") }
        setChild(module, named: names[index < 0 ? index + names.count : index])
    }

    /// PyTorch's `repr`, which writes a run of identical modules once: `(1-2): 2 x ReLU()`.
    public override var description: String {
        let texts = children().map(\.description)
        guard !texts.isEmpty else { return typeName + "()" }
        var runs: [(start: Int, end: Int, text: String)] = []
        for (index, text) in texts.enumerated() {
            if let last = runs.last, last.text == text { runs[runs.count - 1].end = index } else { runs.append((index, index, text)) }
        }
        let lines = runs.map { run -> String in
            let head = run.start == run.end ? "(\(run.start)): " : "(\(run.start)-\(run.end)): \(run.end - run.start + 1) x "
            let body = (head + run.text).components(separatedBy: "\n")
            return ([body[0]] + body.dropFirst().map { "  " + $0 }).joined(separator: "\n")
        }
        return typeName + "(\n  " + lines.joined(separator: "\n  ") + "\n)"
    }

    public override func callAsFunction(_ input: Tensor) throws -> Tensor {
        throw ModuleError("Module [ModuleList] is missing the required \"forward\" function: iterate over it in the owner's forward")
    }
}
