import Autograd

/// The base class of every layer and model, PyTorch's `nn.Module`.
///
/// A module owns named parameters (tensors that are trained), buffers (state
/// that is saved but not trained, such as BatchNorm's running mean) and child
/// modules, each kept in registration order. Names and order follow PyTorch's,
/// so `namedParameters()` and `stateDict()` give keys such as
/// `layer1.0.conv1.weight` in the order PyTorch gives them.
///
/// Subclasses register what they own in their initialiser and override
/// `callAsFunction(_:)` (PyTorch's `forward`). Their Swift properties read and
/// write the registry, so replacing a child (`model.fc = Linear(512, 10)`)
/// changes what `parameters()` returns, as assignment does in PyTorch.
open class Module: CustomStringConvertible {
    private var parameterSlots = OrderedSlots<Tensor>()
    private var bufferSlots = OrderedSlots<Tensor>()
    private var childSlots = OrderedSlots<Module>()

    /// Whether the module is in training mode (`train()`) rather than evaluation mode (`eval()`).
    public private(set) var isTraining = true

    public init() {}

    // MARK: Registration

    /// Registers (or replaces, or with nil declares empty) the parameter `name`,
    /// removing any buffer or child of that name, like assigning an
    /// `nn.Parameter` attribute in PyTorch.
    public func register(parameter: Tensor?, name: String) {
        precondition(!name.contains(".") && !name.isEmpty, "parameter name \"\(name)\" must be non-empty and contain no \".\"")
        bufferSlots.remove(name)
        childSlots.remove(name)
        parameter?.isParameter = true
        parameterSlots[name] = .some(parameter)
    }

    /// Registers (or replaces) the buffer `name`: state saved in `stateDict()` but not trained.
    public func register(buffer: Tensor?, name: String) {
        precondition(!name.contains(".") && !name.isEmpty, "buffer name \"\(name)\" must be non-empty and contain no \".\"")
        parameterSlots.remove(name)
        childSlots.remove(name)
        bufferSlots[name] = .some(buffer)
    }

    /// Registers (or replaces) the child module `name`.
    public func register(module: Module?, name: String) {
        precondition(!name.contains(".") && !name.isEmpty, "module name \"\(name)\" must be non-empty and contain no \".\"")
        parameterSlots.remove(name)
        bufferSlots.remove(name)
        childSlots[name] = .some(module)
    }

    /// Checks a name for a parameter, buffer or child with PyTorch's messages:
    /// non-empty and without ".".
    public static func checkName(_ name: String, kind: String) throws {
        guard !name.isEmpty else { throw ModuleError("\(kind) name can't be empty string \"\"") }
        guard !name.contains(".") else { throw ModuleError("\(kind) name can't contain \".\", got: \(name)") }
    }

    /// Registers a buffer as PyTorch's `register_buffer` does, after checking its name.
    public func registerBuffer(_ name: String, _ tensor: Tensor?) throws {
        try Module.checkName(name, kind: "buffer")
        if hasParameter(named: name) || self[child: name] != nil || namedChildren().contains(where: { $0.0 == name }) {
            throw ModuleError("attribute '\(name)' already exists")
        }
        register(buffer: tensor, name: name)
    }

    /// Registers a parameter as PyTorch's `register_parameter` does, after checking its name.
    public func registerParameter(_ name: String, _ tensor: Tensor?) throws {
        try Module.checkName(name, kind: "parameter")
        if hasBuffer(named: name) || self[child: name] != nil {
            throw ModuleError("attribute '\(name)' already exists")
        }
        if let tensor, !tensor.isLeaf {
            throw ModuleError("Cannot assign non-leaf Tensor to parameter '\(name)'. Model parameters must be created explicitly. To express '\(name)' as a function of another Tensor, compute the value in the forward() method.")
        }
        register(parameter: tensor, name: name)
    }

    /// Replaces (or adds) the child `name`, keeping its position when it exists.
    public func setChild(_ module: Module?, named name: String) { register(module: module, name: name) }

    /// The child module `name`, or nil; assigning replaces it (`model["fc"] = Linear(512, 10)`).
    public subscript(child name: String) -> Module? {
        get { childSlots[name] ?? nil }
        set { setChild(newValue, named: name) }
    }

    /// This module's own parameter `name` (not its children's), or nil.
    public func parameter(named name: String) -> Tensor? { parameterSlots[name] ?? nil }

    /// This module's own buffer `name`, or nil.
    public func buffer(named name: String) -> Tensor? { bufferSlots[name] ?? nil }

    /// Whether `name` is a registered parameter of this module (possibly nil, like a disabled bias).
    public func hasParameter(named name: String) -> Bool { parameterSlots[name] != nil }

    /// Whether `name` is a registered buffer of this module.
    public func hasBuffer(named name: String) -> Bool { bufferSlots[name] != nil }

    /// The child registered as `name`, cast to the type a subclass's property promises.
    ///
    /// Replacing a typed child with a module of another type through
    /// `setChild(_:named:)` and then reading the typed property is a programming error.
    public func child<T: Module>(_ name: String, as type: T.Type = T.self) -> T {
        guard let module = self[child: name] as? T else {
            preconditionFailure("\(typeName).\(name) is \(self[child: name].map { $0.typeName } ?? "nil"), not \(T.self)")
        }
        return module
    }

    /// The parameter registered as `name`, for subclasses' non-optional properties.
    public func requiredParameter(_ name: String) -> Tensor {
        guard let tensor = parameter(named: name) else { preconditionFailure("\(typeName) has no parameter \(name)") }
        return tensor
    }

    // MARK: Traversal

    /// The direct children, in registration order.
    public func children() -> [Module] { namedChildren().map(\.1) }

    /// The direct children with their names.
    public func namedChildren() -> [(String, Module)] {
        childSlots.entries.compactMap { name, module in module.map { (name, $0) } }
    }

    /// This module and every descendant, depth first in registration order (`modules()`).
    public func modules() -> [Module] { namedModules().map(\.1) }

    /// Every module with its dotted path (`""` for this one), each module once.
    public func namedModules(prefix: String = "") -> [(String, Module)] {
        var seen = Set<ObjectIdentifier>()
        var result: [(String, Module)] = []
        func visit(_ module: Module, _ path: String) {
            guard seen.insert(ObjectIdentifier(module)).inserted else { return }
            result.append((path, module))
            for (name, child) in module.namedChildren() { visit(child, path.isEmpty ? name : path + "." + name) }
        }
        visit(self, prefix)
        return result
    }

    /// Every parameter of this module and its descendants, each once, in PyTorch's order.
    public func parameters(recurse: Bool = true) -> [Tensor] { namedParameters(recurse: recurse).map(\.1) }

    /// Every parameter with its dotted name (`layer1.0.conv1.weight`), each tensor once.
    public func namedParameters(prefix: String = "", recurse: Bool = true) -> [(String, Tensor)] {
        namedMembers(prefix: prefix, recurse: recurse) { $0.parameterSlots }
    }

    /// Every buffer of this module and its descendants.
    public func buffers(recurse: Bool = true) -> [Tensor] { namedBuffers(recurse: recurse).map(\.1) }

    /// Every buffer with its dotted name (`bn1.running_mean`).
    public func namedBuffers(prefix: String = "", recurse: Bool = true) -> [(String, Tensor)] {
        namedMembers(prefix: prefix, recurse: recurse) { $0.bufferSlots }
    }

    private func namedMembers(prefix: String, recurse: Bool, _ slots: (Module) -> OrderedSlots<Tensor>) -> [(String, Tensor)] {
        var seen = Set<ObjectIdentifier>()
        var result: [(String, Tensor)] = []
        let modules = recurse ? namedModules(prefix: prefix) : [(prefix, self)]
        for (path, module) in modules {
            for case let (name, tensor?) in slots(module).entries where seen.insert(ObjectIdentifier(tensor)).inserted {
                result.append((path.isEmpty ? name : path + "." + name, tensor))
            }
        }
        return result
    }

    /// Calls `body` on every module, children before their parent (PyTorch's `apply`).
    @discardableResult
    public func apply(_ body: (Module) throws -> Void) rethrows -> Self {
        for child in children() { try child.apply(body) }
        try body(self)
        return self
    }

    // MARK: State dict

    /// Parameters and buffers by dotted name, each module's own parameters then
    /// its buffers, then its children's: PyTorch's `state_dict()` order. The
    /// tensors are detached views of the module's own (changing them changes the module).
    public func stateDict() -> [(String, Tensor)] {
        var result: [(String, Tensor)] = []
        func save(_ module: Module, _ prefix: String) {
            for case let (name, tensor?) in module.parameterSlots.entries { result.append((prefix + name, tensor.detach())) }
            for case let (name, tensor?) in module.bufferSlots.entries { result.append((prefix + name, tensor.detach())) }
            for (name, child) in module.namedChildren() { save(child, prefix + name + ".") }
        }
        save(self, "")
        return result
    }

    /// The keys a `loadStateDict(_:strict:)` call did not match.
    public struct LoadResult: Equatable, Sendable, CustomStringConvertible {
        /// Keys the module has and the state dict lacked.
        public var missingKeys: [String]
        /// Keys of the state dict the module does not have.
        public var unexpectedKeys: [String]

        public init(missingKeys: [String], unexpectedKeys: [String]) {
            self.missingKeys = missingKeys
            self.unexpectedKeys = unexpectedKeys
        }

        /// PyTorch's text: `<All keys matched successfully>`, or the keys that did not match.
        public var description: String {
            if missingKeys.isEmpty && unexpectedKeys.isEmpty { return "<All keys matched successfully>" }
            func list(_ keys: [String]) -> String { "[" + keys.map { "'\($0)'" }.joined(separator: ", ") + "]" }
            return "_IncompatibleKeys(missing_keys=\(list(missingKeys)), unexpected_keys=\(list(unexpectedKeys)))"
        }
    }

    /// Copies the values of `stateDict` into this module's parameters and buffers,
    /// in place and without recording a graph (PyTorch's `load_state_dict`).
    ///
    /// Throws PyTorch's error listing missing and unexpected keys (when `strict`)
    /// and every shape mismatch (always); nothing is copied for a mismatched key.
    @discardableResult
    public func loadStateDict(_ stateDict: [(String, Tensor)], strict: Bool = true) throws -> LoadResult {
        var values: [String: Tensor] = [:]
        for (key, tensor) in stateDict { values[key] = tensor }
        var missing: [String] = [], unexpected: [String] = [], errors: [String] = []
        func load(_ module: Module, _ prefix: String) {
            let local = (module.parameterSlots.entries + module.bufferSlots.entries).filter { $0.1 != nil }
            for case let (name, tensor?) in local {
                let key = prefix + name
                guard let value = values[key] else { missing.append(key); continue }
                guard value.shape == tensor.shape else {
                    errors.append("size mismatch for \(key): copying a param with shape \(Self.describe(value.shape)) from checkpoint, the shape in current model is \(Self.describe(tensor.shape)).")
                    continue
                }
                tensor.copyValues(from: value)
            }
            if strict {
                // A key under this prefix must name a local member, or start with a child's name.
                let localNames = Set(local.map(\.0)), childNames = Set(module.childSlots.entries.map(\.0))
                for (key, _) in stateDict where key.hasPrefix(prefix) {
                    let parts = key.dropFirst(prefix.count).split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
                    let head = String(parts.first ?? "")
                    if parts.count > 1 ? !childNames.contains(head) : !localNames.contains(head) { unexpected.append(key) }
                }
            }
            for (name, child) in module.namedChildren() { load(child, prefix + name + ".") }
        }
        load(self, "")
        if strict {
            if !unexpected.isEmpty {
                errors.insert("Unexpected key(s) in state_dict: \(unexpected.map { "\"\($0)\"" }.joined(separator: ", ")). ", at: 0)
            }
            if !missing.isEmpty {
                errors.insert("Missing key(s) in state_dict: \(missing.map { "\"\($0)\"" }.joined(separator: ", ")). ", at: 0)
            }
        }
        if !errors.isEmpty {
            throw ModuleError("Error(s) in loading state_dict for \(typeName):\n\t" + errors.joined(separator: "\n\t"))
        }
        return LoadResult(missingKeys: missing, unexpectedKeys: unexpected)
    }

    /// `loadStateDict` from an unordered dictionary (keys taken in sorted order).
    @discardableResult
    public func loadStateDict(_ stateDict: [String: Tensor], strict: Bool = true) throws -> LoadResult {
        try loadStateDict(stateDict.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }, strict: strict)
    }

    private static func describe(_ shape: [Int]) -> String { "[" + shape.map(String.init).joined(separator: ", ") + "]" }

    // MARK: Modes and gradients

    /// Puts this module and its descendants in training mode (or evaluation mode with `false`).
    @discardableResult
    public func train(_ mode: Bool = true) -> Self {
        for module in modules() { module.isTraining = mode }
        return self
    }

    /// Puts this module and its descendants in evaluation mode: BatchNorm uses its
    /// running statistics and Dropout does nothing.
    @discardableResult
    public func eval() -> Self { train(false) }

    /// Sets every parameter's gradient to nil (PyTorch's `zero_grad()`, `set_to_none=True`).
    public func zeroGrad() {
        for p in parameters() { p.grad = nil }
    }

    /// Sets `requiresGrad` on every parameter (PyTorch's `requires_grad_()`), such
    /// as `false` to freeze a pretrained backbone.
    @discardableResult
    public func setRequiresGrad(_ flag: Bool) throws -> Self {
        for p in parameters() { try p.setRequiresGrad(flag) }
        return self
    }

    // MARK: Forward

    /// The forward computation (PyTorch's `forward`); subclasses override it.
    open func callAsFunction(_ input: Tensor) throws -> Tensor {
        throw ModuleError("Module [\(typeName)] is missing the required \"forward\" function")
    }

    // MARK: Printing

    /// The class name shown by `description` (PyTorch's `_get_name()`).
    open var typeName: String { String(describing: type(of: self)) }

    /// The module's settings as shown inside its parentheses (PyTorch's `extra_repr()`).
    open var extraDescription: String { "" }

    /// PyTorch's `repr(module)`: the name, settings, and each child indented on its own line.
    open var description: String {
        let extraLines = extraDescription.isEmpty ? [] : extraDescription.components(separatedBy: "\n")
        let childLines = childSlots.entries.map { name, module -> String in
            let text = module?.description ?? "None"
            let lines = text.components(separatedBy: "\n")
            let indented = ([lines[0]] + lines.dropFirst().map { "  " + $0 }).joined(separator: "\n")
            return "(\(name)): \(indented)"
        }
        let lines = extraLines + childLines
        var text = typeName + "("
        if !lines.isEmpty {
            if extraLines.count == 1 && childLines.isEmpty {
                text += extraLines[0]
            } else {
                text += "\n  " + lines.joined(separator: "\n  ") + "\n"
            }
        }
        return text + ")"
    }
}

/// Values kept by name in insertion order; replacing a name keeps its position.
/// The value is optional so that a slot can be declared empty (a disabled bias).
struct OrderedSlots<Value: AnyObject> {
    private(set) var entries: [(String, Value?)] = []

    /// The slot `name`: nil when absent, `.some(nil)` when declared empty.
    subscript(name: String) -> Value?? {
        get { entries.first { $0.0 == name }.map { $0.1 } }
        set {
            if let index = entries.firstIndex(where: { $0.0 == name }) {
                if let value = newValue { entries[index].1 = value } else { entries.remove(at: index) }
            } else if let value = newValue {
                entries.append((name, value))
            }
        }
    }

    mutating func remove(_ name: String) { self[name] = nil }
}
