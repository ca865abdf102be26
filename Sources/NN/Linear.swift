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
    /// (bound 1/√inFeatures), bias uniform in ±1/√inFeatures.
    public init(_ inFeatures: Int, _ outFeatures: Int, bias: Bool = true) {
        precondition(inFeatures >= 0 && outFeatures >= 0, "Linear sizes must be non-negative")
        self.inFeatures = inFeatures
        self.outFeatures = outFeatures
        super.init()
        let weight = Tensor.zeros([outFeatures, inFeatures], requiresGrad: true)
        try? Init.kaimingUniform(weight, a: 5.0.squareRoot())
        register(parameter: weight, name: "weight")
        if bias {
            let b = Tensor.zeros([outFeatures], requiresGrad: true)
            let bound = inFeatures > 0 ? 1 / Double(inFeatures).squareRoot() : 0
            Init.uniform(b, from: -bound, to: bound)
            register(parameter: b, name: "bias")
        } else {
            register(parameter: nil, name: "bias")
        }
    }

    public override func callAsFunction(_ input: Tensor) throws -> Tensor {
        try input.linear(weight: weight, bias: bias)
    }

    public override var extraDescription: String {
        "in_features=\(inFeatures), out_features=\(outFeatures), bias=\(Python.bool(bias != nil))"
    }
}
