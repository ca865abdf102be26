import Autograd

/// The base class of everything that updates parameters from their gradients,
/// PyTorch's `torch.optim.Optimizer`.
///
/// Parameters come in groups (`paramGroups`), each with its own hyper-parameters
/// (a group that does not set one takes the optimizer's default), and each
/// parameter has its own state (Adam's moments, SGD's momentum buffer) kept under
/// PyTorch's names, so that `stateDict()` has PyTorch's layout and printing shows
/// PyTorch's text.
open class Optimizer: CustomStringConvertible {
    /// The parameter groups, in order; their hyper-parameters can be changed between steps.
    public var paramGroups: [ParameterGroup]
    /// The hyper-parameters a group takes when it does not set them, in PyTorch's order.
    public let defaults: [(String, HyperParameter)]
    /// Each parameter's state by name (`exp_avg`, `momentum_buffer`), empty until its first step.
    public internal(set) var state: [ObjectIdentifier: [(String, Tensor)]] = [:]

    /// An optimizer over `groups`, each completed with `defaults`.
    ///
    /// Throws PyTorch's errors for an empty parameter list, a tensor that is not a
    /// leaf or not floating point, and a parameter in more than one group.
    public init(_ groups: [ParameterGroup], defaults: [(String, HyperParameter)]) throws {
        guard !groups.isEmpty else { throw ModuleError("optimizer got an empty parameter list") }
        self.defaults = defaults
        paramGroups = []
        for group in groups { try addParamGroup(group) }
    }

    /// One group of `params`, or none when `params` is empty (which `init` rejects, as PyTorch does).
    public static func groups(_ params: [Tensor]) -> [ParameterGroup] {
        params.isEmpty ? [] : [ParameterGroup(params)]
    }

    /// Adds a group of parameters (PyTorch's `add_param_group`), for example the
    /// layers unfrozen during fine-tuning.
    public func addParamGroup(_ group: ParameterGroup) throws {
        var group = group
        for p in group.params {
            guard p.isLeaf else { throw ModuleError("can't optimize a non-leaf Tensor") }
            guard p.dtype == .float32 else {
                throw ModuleError("optimizer can only optimize Tensors of floating point dtype, but got \(p.dtype)")
            }
        }
        var seen = Set<ObjectIdentifier>()
        guard group.params.allSatisfy({ seen.insert(ObjectIdentifier($0)).inserted }) else {
            throw ModuleError("optimizer contains a parameter group with duplicate parameters")
        }
        let existing = Set(paramGroups.flatMap { $0.params.map(ObjectIdentifier.init) })
        guard existing.isDisjoint(with: seen) else {
            throw ModuleError("some parameters appear in more than one parameter group")
        }
        for (name, value) in defaults where group[name] == nil { group[name] = value }
        paramGroups.append(group)
        initializeState(for: group)
    }

    /// Creates state that PyTorch creates with the optimizer rather than at the
    /// first step (Adagrad's sums); nothing by default.
    open func initializeState(for group: ParameterGroup) {}

    /// The class name shown by `description`.
    open var typeName: String { String(describing: type(of: self)) }

    /// Updates every parameter that has a gradient, in place and without recording
    /// a graph; parameters whose `grad` is nil are skipped, as in PyTorch.
    open func step() throws {
        throw ModuleError("\(typeName).step is not implemented")
    }

    /// Every parameter of every group, in order.
    public var parameters: [Tensor] { paramGroups.flatMap(\.params) }

    /// The first group's learning rate; setting it sets every group's.
    public var learningRate: Double {
        get { paramGroups.first?["lr"]?.doubleValue ?? 0 }
        set { for index in paramGroups.indices { paramGroups[index]["lr"] = .float(newValue) } }
    }

    /// Sets every parameter's gradient to nil (PyTorch's default `set_to_none=True`).
    public func zeroGrad() {
        for p in parameters { p.grad = nil }
    }

    // MARK: State

    /// The state tensor `name` of parameter `p`, or nil.
    public func state(of p: Tensor, _ name: String) -> Tensor? {
        state[ObjectIdentifier(p)]?.first { $0.0 == name }?.1
    }

    /// Sets (or adds, after the others) the state tensor `name` of parameter `p`.
    public func setState(of p: Tensor, _ name: String, _ value: Tensor) {
        var entries = state[ObjectIdentifier(p)] ?? []
        if let index = entries.firstIndex(where: { $0.0 == name }) { entries[index].1 = value } else { entries.append((name, value)) }
        state[ObjectIdentifier(p)] = entries
    }

    /// The state tensor `name` of `p`, created with `make` when absent.
    func state(of p: Tensor, _ name: String, orMake make: () -> Tensor) -> Tensor {
        if let existing = state(of: p, name) { return existing }
        let value = make()
        setState(of: p, name, value)
        return value
    }

    /// The step counter of `p` (PyTorch's float32 scalar `step`), incremented; returns the new count.
    func incrementStep(of p: Tensor) -> Double {
        let counter = state(of: p, "step") { Tensor(shape: [], floats: [0]) }
        counter.mutableFloats[0] += 1
        counter.markModifiedInPlace()
        return Double(counter.mutableFloats[0])
    }

    /// The state and parameter groups in PyTorch's layout: parameters are named by
    /// their index over all groups; tensors are copies.
    public func stateDict() -> OptimizerStateDict {
        var index = 0
        var groups: [OptimizerStateDict.Group] = []
        var states: [(Int, [(String, Tensor)])] = []
        for group in paramGroups {
            var indices: [Int] = []
            for p in group.params {
                if let entries = state[ObjectIdentifier(p)], !entries.isEmpty {
                    states.append((index, entries.map { ($0.0, $0.1.clone()) }))
                }
                indices.append(index)
                index += 1
            }
            groups.append(OptimizerStateDict.Group(options: group.options, params: indices))
        }
        return OptimizerStateDict(state: states, paramGroups: groups)
    }

    /// Replaces the state and hyper-parameters with those of `stateDict` (PyTorch's
    /// `load_state_dict`), after checking that it fits: as many groups of the same
    /// sizes, and state tensors of their parameters' shapes. Nothing changes when it does not fit.
    public func loadStateDict(_ stateDict: OptimizerStateDict) throws {
        guard stateDict.paramGroups.count == paramGroups.count else {
            throw ModuleError("loaded state dict has a different number of parameter groups")
        }
        var byIndex: [Int: Tensor] = [:]
        for (group, saved) in zip(paramGroups, stateDict.paramGroups) {
            guard group.params.count == saved.params.count else {
                throw ModuleError("loaded state dict contains a parameter group that doesn't match the size of optimizer's group")
            }
            for (p, index) in zip(group.params, saved.params) { byIndex[index] = p }
        }
        var newState: [ObjectIdentifier: [(String, Tensor)]] = [:]
        for (index, entries) in stateDict.state {
            guard let p = byIndex[index] else {
                throw ModuleError("loaded state dict has state for parameter \(index), which no parameter group lists")
            }
            newState[ObjectIdentifier(p)] = try entries.map { name, tensor in
                if name == "step" {
                    guard tensor.count == 1 else {
                        throw ModuleError("loaded state dict has a 'step' of shape \(describe(tensor.shape)) for parameter \(index); a number was expected")
                    }
                    return (name, try tensor.toFloat().reshape([]).clone())
                }
                guard tensor.shape == p.shape else {
                    throw ModuleError("loaded state dict has '\(name)' of shape \(describe(tensor.shape)) for parameter \(index) of shape \(describe(p.shape))")
                }
                guard tensor.dtype != .bool && tensor.dtype != .int64 else {
                    throw ModuleError("loaded state dict has '\(name)' of dtype \(tensor.dtype) for parameter \(index); floating point was expected")
                }
                return (name, tensor.contiguousFloatData().clone())
            }
        }
        for (groupIndex, saved) in stateDict.paramGroups.enumerated() {
            for (name, value) in saved.options where name == "lr" || defaults.contains(where: { $0.0 == name }) {
                if let kind = defaults.first(where: { $0.0 == name })?.1, !kind.isCompatible(with: value) {
                    throw ModuleError("loaded state dict has \(name)=\(value) in parameter group \(groupIndex), which does not fit \(typeName)'s \(name)=\(kind)")
                }
            }
        }
        state = newState
        for index in paramGroups.indices {
            let params = paramGroups[index].params
            paramGroups[index] = ParameterGroup(params, stateDict.paramGroups[index].options)
        }
    }

    private func describe(_ shape: [Int]) -> String { "[" + shape.map(String.init).joined(separator: ", ") + "]" }

    // MARK: Printing

    /// PyTorch's `repr(optimizer)`: each group's hyper-parameters in sorted order.
    public var description: String {
        var text = typeName + " ("
        for (index, group) in paramGroups.enumerated() {
            text += "\nParameter Group \(index)"
            for (name, value) in group.options.sorted(by: { $0.0 < $1.0 }) {
                text += "\n    \(name): \(value)"
            }
            if index < paramGroups.count - 1 { text += "\n" }
        }
        return text + "\n)"
    }

    // MARK: Kernels' helpers

    /// The gradient of `p` as contiguous float data, checked against its shape; nil when it has none.
    func gradient(of p: Tensor, maximize: Bool = false) throws -> Tensor? {
        guard let grad = p.grad else { return nil }
        guard grad.shape == p.shape else {
            throw ModuleError("gradient of shape \(describe(grad.shape)) does not match parameter of shape \(describe(p.shape))")
        }
        let g = grad.contiguousFloatData()
        guard maximize else { return g }
        let negated = Tensor.uninitialized(p.shape)
        for i in 0..<p.count { negated.mutableFloats[i] = -g.mutableFloats[i] }
        return negated
    }

    /// Runs `update` on the parameter's contiguous float memory, copying through
    /// a contiguous buffer when the parameter is a strided view, then marks it changed.
    func updateInPlace(_ parameter: Tensor, _ update: (UnsafeMutablePointer<Float>, Int) -> Void) {
        if parameter.isContiguous {
            update(parameter.mutableFloats, parameter.count)
            parameter.markModifiedInPlace()
        } else {
            let copy = parameter.contiguousFloatData()
            update(copy.mutableFloats, copy.count)
            parameter.copyValues(from: copy)
        }
    }
}
