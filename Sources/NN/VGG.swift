import Autograd

/// The VGG networks, torchvision's `VGG`: `features` (3×3 convolutions, optionally
/// batch-normalised, and max pools), `avgpool` to 7×7 and a three-layer `classifier`,
/// with torchvision's names, initialisation and printing.
public final class VGG: Module {
    /// The convolutional part.
    public var features: Sequential { get { child("features") } set { setChild(newValue, named: "features") } }
    /// The classifier; replace its last layer to fine-tune (`model.classifier[6] = Linear(4096, 10)`).
    public var classifier: Module { get { child("classifier") } set { setChild(newValue, named: "classifier") } }

    /// The configurations of torchvision's `cfgs`: a number is a convolution's width, nil a max pool.
    public static let configurations: [String: [Int?]] = [
        "A": [64, nil, 128, nil, 256, 256, nil, 512, 512, nil, 512, 512, nil],
        "B": [64, 64, nil, 128, 128, nil, 256, 256, nil, 512, 512, nil, 512, 512, nil],
        "D": [64, 64, nil, 128, 128, nil, 256, 256, 256, nil, 512, 512, 512, nil, 512, 512, 512, nil],
        "E": [64, 64, nil, 128, 128, nil, 256, 256, 256, 256, nil, 512, 512, 512, 512, nil, 512, 512, 512, 512, nil],
    ]

    /// A network of configuration `layers`, initialised as torchvision does: every
    /// layer's default draws first, then Kaiming-normal convolutions (fan out, ReLU)
    /// with zero bias, BatchNorm weight 1 and bias 0, and normal(0, 0.01) linear layers with zero bias.
    public init(configuration layers: [Int?], batchNorm: Bool = false, numClasses: Int = 1000, dropout: Double = 0.5) throws {
        guard numClasses >= 0 else { throw ModuleError("numClasses must be non-negative, got \(numClasses)") }
        guard dropout >= 0 && dropout <= 1 else { throw ModuleError("dropout probability has to be between 0 and 1, but got \(dropout)") }
        super.init()
        var layerModules: [Module] = []
        var channels = 3
        for layer in layers {
            guard let width = layer else {
                layerModules.append(MaxPool2d(kernelSize: 2, stride: 2))
                continue
            }
            layerModules.append(try Conv2d(channels, width, kernelSize: 3, padding: 1))
            if batchNorm { layerModules.append(try BatchNorm2d(width)) }
            layerModules.append(ReLU(inplace: true))
            channels = width
        }
        register(module: Sequential(layerModules), name: "features")
        register(module: AdaptiveAvgPool2d(outputSize: (7, 7)), name: "avgpool")
        register(module: try Sequential(
            Linear(512 * 7 * 7, 4096), ReLU(inplace: true), Dropout(p: dropout),
            Linear(4096, 4096), ReLU(inplace: true), Dropout(p: dropout),
            Linear(4096, numClasses)), name: "classifier")
        for module in modules() {
            if let conv = module as? Conv2d {
                try Init.kaimingNormal(conv.weight, mode: .fanOut, nonlinearity: .relu)
                if let bias = conv.bias { Init.constant(bias, 0) }
            } else if let norm = module as? BatchNorm2d {
                if let weight = norm.weight { Init.constant(weight, 1) }
                if let bias = norm.bias { Init.constant(bias, 0) }
            } else if let linear = module as? Linear {
                Init.normal(linear.weight, mean: 0, std: 0.01)
                if let bias = linear.bias { Init.constant(bias, 0) }
            }
        }
    }

    public override func callAsFunction(_ input: Tensor) throws -> Tensor {
        var x = input
        for name in ["features", "avgpool"] {
            guard let module = self[child: name] else { throw ModuleError("'VGG' object has no attribute '\(name)'") }
            x = try module(x)
        }
        x = try x.flatten(startDim: 1)
        guard let classifier = self[child: "classifier"] else { throw ModuleError("'VGG' object has no attribute 'classifier'") }
        return try classifier(x)
    }
}

/// VGG-11 as `torchvision.models.vgg11()`.
public func vgg11(numClasses: Int = 1000) throws -> VGG { try VGG(configuration: VGG.configurations["A"]!, numClasses: numClasses) }
/// VGG-11 with batch normalisation, `torchvision.models.vgg11_bn()`.
public func vgg11BN(numClasses: Int = 1000) throws -> VGG {
    try VGG(configuration: VGG.configurations["A"]!, batchNorm: true, numClasses: numClasses)
}
/// VGG-13 as `torchvision.models.vgg13()`.
public func vgg13(numClasses: Int = 1000) throws -> VGG { try VGG(configuration: VGG.configurations["B"]!, numClasses: numClasses) }
/// VGG-16 as `torchvision.models.vgg16()`.
public func vgg16(numClasses: Int = 1000) throws -> VGG { try VGG(configuration: VGG.configurations["D"]!, numClasses: numClasses) }
/// VGG-16 with batch normalisation, `torchvision.models.vgg16_bn()`.
public func vgg16BN(numClasses: Int = 1000) throws -> VGG {
    try VGG(configuration: VGG.configurations["D"]!, batchNorm: true, numClasses: numClasses)
}
/// VGG-19 as `torchvision.models.vgg19()`.
public func vgg19(numClasses: Int = 1000) throws -> VGG { try VGG(configuration: VGG.configurations["E"]!, numClasses: numClasses) }
