import Autograd

/// An optimizer's state in PyTorch's `state_dict()` layout: `state` maps a
/// parameter's index (counted over all groups) to its named state tensors, and
/// each of `param_groups` lists its hyper-parameters and its parameters' indices.
/// `torch.save` of this layout and `torch.load` give back the same dictionary.
public struct OptimizerStateDict {
    /// One parameter group: its hyper-parameters and the indices of its parameters.
    public struct Group {
        /// Hyper-parameters by PyTorch's names, in order.
        public var options: [(String, HyperParameter)]
        /// The indices of the group's parameters.
        public var params: [Int]

        public init(options: [(String, HyperParameter)], params: [Int]) {
            self.options = options
            self.params = params
        }
    }

    /// Per-parameter state, by index in ascending order; parameters without state are absent.
    public var state: [(Int, [(String, Tensor)])]
    /// The parameter groups, in order.
    public var paramGroups: [Group]

    public init(state: [(Int, [(String, Tensor)])], paramGroups: [Group]) {
        self.state = state
        self.paramGroups = paramGroups
    }
}
