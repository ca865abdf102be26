import Autograd

/// AlexNet as torchvision builds it (`torchvision.models.alexnet()`): five
/// convolutions in `features`, `avgpool` to 6×6 and a three-layer `classifier`
/// with dropout, each layer with PyTorch's default initialisation.
public final class AlexNet: Module {
    /// The convolutional part.
    public var features: Sequential { get { child("features") } set { setChild(newValue, named: "features") } }
    /// The classifier; replace its last layer to fine-tune (`model.classifier[6] = Linear(4096, 10)`).
    public var classifier: Module { get { child("classifier") } set { setChild(newValue, named: "classifier") } }

    /// A network for `numClasses` classes.
    public init(numClasses: Int = 1000, dropout: Double = 0.5) throws {
        guard numClasses >= 0 else { throw ModuleError("numClasses must be non-negative, got \(numClasses)") }
        guard dropout >= 0 && dropout <= 1 else { throw ModuleError("dropout probability has to be between 0 and 1, but got \(dropout)") }
        super.init()
        register(module: try Sequential(
            Conv2d(3, 64, kernelSize: 11, stride: 4, padding: 2), ReLU(inplace: true), MaxPool2d(kernelSize: 3, stride: 2),
            Conv2d(64, 192, kernelSize: 5, padding: 2), ReLU(inplace: true), MaxPool2d(kernelSize: 3, stride: 2),
            Conv2d(192, 384, kernelSize: 3, padding: 1), ReLU(inplace: true),
            Conv2d(384, 256, kernelSize: 3, padding: 1), ReLU(inplace: true),
            Conv2d(256, 256, kernelSize: 3, padding: 1), ReLU(inplace: true), MaxPool2d(kernelSize: 3, stride: 2)), name: "features")
        register(module: AdaptiveAvgPool2d(outputSize: (6, 6)), name: "avgpool")
        register(module: try Sequential(
            Dropout(p: dropout), Linear(256 * 6 * 6, 4096), ReLU(inplace: true),
            Dropout(p: dropout), Linear(4096, 4096), ReLU(inplace: true), Linear(4096, numClasses)), name: "classifier")
    }

    public override func callAsFunction(_ input: Tensor) throws -> Tensor {
        var x = input
        for name in ["features", "avgpool"] {
            guard let module = self[child: name] else { throw ModuleError("'AlexNet' object has no attribute '\(name)'") }
            x = try module(x)
        }
        x = try x.flatten(startDim: 1)
        guard let classifier = self[child: "classifier"] else { throw ModuleError("'AlexNet' object has no attribute 'classifier'") }
        return try classifier(x)
    }
}

/// AlexNet as `torchvision.models.alexnet()`, randomly initialised from `Generator.default`.
public func alexnet(numClasses: Int = 1000) throws -> AlexNet { try AlexNet(numClasses: numClasses) }
