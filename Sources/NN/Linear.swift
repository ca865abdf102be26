import Autograd

/// A fully connected layer `y = x · weightᵀ + bias`, PyTorch's `nn.Linear`.
public final class Linear: Module {
    /// Size of each input sample.
    public let inFeatures: Int
    /// Size of each output sample.
    public let outFeatures: Int

    /// The `[outFeatures, inFeatures]` weight.
    public var weight: Tensor {
        get { requiredParameter("weight") }
        set { register(parameter: newValue, name: "weight") }
    }

    /// The `[outFeatures]` bias, nil when created with `bias: false`.
    public var bias: Tensor? {
        get { parameter(named: "bias") }
        set { register(parameter: newValue, name: "bias") }
    }

    /// A layer initialised as PyTorch does: weight Kaiming-uniform with a = √5
    /// (bound 1/√inFeatures), bias uniform in ±1/√inFeatures. Throws PyTorch's
    /// error for a negative size.
    public init(_ inFeatures: Int, _ outFeatures: Int, bias: Bool = true) throws {
        try Tensor.checkShape([outFeatures, inFeatures])
        self.inFeatures = inFeatures
        self.outFeatures = outFeatures
        super.init()
        let parameters = Init.layerParameters(weightShape: [outFeatures, inFeatures], bias: bias)
        register(parameter: parameters.weight, name: "weight")
        register(parameter: parameters.bias, name: "bias")
    }

    public override func callAsFunction(_ input: Tensor) throws -> Tensor {
        try input.linear(weight: weight, bias: bias)
    }

    public override var extraDescription: String {
        "in_features=\(inFeatures), out_features=\(outFeatures), bias=\(Python.bool(bias != nil))"
    }
}
