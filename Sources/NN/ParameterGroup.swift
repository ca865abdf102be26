import Autograd

/// Parameters optimised together with the same hyper-parameters, one of PyTorch's
/// `param_groups`: `ParameterGroup(model.fc.parameters(), ["lr": 1e-3])`.
///
/// Options keep their order: those given first, then the optimizer's defaults,
/// as PyTorch's `add_param_group` fills them in.
public struct ParameterGroup {
    /// The tensors of the group.
    public var params: [Tensor]
    /// The hyper-parameters by PyTorch's names (`lr`, `weight_decay`), in order.
    public private(set) var options: [(String, HyperParameter)]

    /// A group of `params` with the given options (others come from the optimizer's defaults).
    public init(_ params: [Tensor], _ options: KeyValuePairs<String, HyperParameter> = [:]) {
        self.params = params
        self.options = options.map { ($0.key, $0.value) }
    }

    /// A group of `params` with options in the given order.
    public init(_ params: [Tensor], _ options: [(String, HyperParameter)]) {
        self.params = params
        self.options = options
    }

    /// The option `name`, or nil; setting keeps its position (a new one goes last).
    public subscript(name: String) -> HyperParameter? {
        get { options.first { $0.0 == name }?.1 }
        set {
            let index = options.firstIndex { $0.0 == name }
            switch (index, newValue) {
            case (let i?, let value?): options[i].1 = value
            case (let i?, nil): options.remove(at: i)
            case (nil, let value?): options.append((name, value))
            case (nil, nil): break
            }
        }
    }

    /// The numeric option `name`; throws when it is absent or not a number.
    public func number(_ name: String) throws -> Double {
        guard let value = self[name]?.doubleValue else {
            throw ModuleError("parameter group option '\(name)' must be a number, got \(self[name].map(\.description) ?? "nothing")")
        }
        return value
    }

    /// The flag `name` (false when absent); throws when it is not a flag.
    public func flag(_ name: String) throws -> Bool {
        guard let value = self[name] else { return false }
        guard let flag = value.boolValue else { throw ModuleError("parameter group option '\(name)' must be True or False, got \(value)") }
        return flag
    }

    /// The pair option `name` (Adam's `betas`); throws when it is not a pair.
    public func pair(_ name: String) throws -> (Double, Double) {
        guard case .pair(let a, let b)? = self[name] else {
            throw ModuleError("parameter group option '\(name)' must be a pair of numbers, got \(self[name].map(\.description) ?? "nothing")")
        }
        return (a, b)
    }
}
