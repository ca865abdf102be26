import Autograd

/// MobileNetV2, torchvision's `MobileNetV2`: `features` (a strided 3×3 convolution,
/// seventeen inverted residual blocks and a 1×1 convolution to 1280 channels), global
/// average pooling and a `classifier` of dropout and a linear layer, with torchvision's
/// names (`features.0.0.weight`, …), initialisation and printing.
public final class MobileNetV2: Module {
    /// The convolutional part.
    public var features: Sequential { get { child("features") } set { setChild(newValue, named: "features") } }
    /// The classifier; replace its last layer to fine-tune (`model.classifier[1] = Linear(1280, 10)`).
    public var classifier: Module { get { child("classifier") } set { setChild(newValue, named: "classifier") } }
    /// Channels entering the classifier.
    public let lastChannel: Int

    /// torchvision's `inverted_residual_setting`: expansion ratio, output channels, repeats and first stride of each stage.
    public static let invertedResidualSetting: [(t: Int, c: Int, n: Int, s: Int)] = [
        (1, 16, 1, 1), (6, 24, 2, 2), (6, 32, 3, 2), (6, 64, 4, 2), (6, 96, 3, 1), (6, 160, 3, 2), (6, 320, 1, 1),
    ]

    /// A network with channels scaled by `widthMult` (rounded to multiples of `roundNearest`),
    /// initialised as torchvision does: every layer's default draws first, then Kaiming-normal
    /// convolutions (fan out), BatchNorm weight 1 and bias 0, and a normal(0, 0.01) classifier with zero bias.
    public init(numClasses: Int = 1000, widthMult: Double = 1, roundNearest: Int = 8, dropout: Double = 0.2) throws {
        guard numClasses >= 0 else { throw ModuleError("numClasses must be non-negative, got \(numClasses)") }
        guard widthMult > 0 && widthMult.isFinite else { throw ModuleError("widthMult must be positive, got \(widthMult)") }
        guard roundNearest > 0 else { throw ModuleError("roundNearest must be positive, got \(roundNearest)") }
        var inputChannel = Self.makeDivisible(32 * widthMult, roundNearest)
        lastChannel = Self.makeDivisible(1280 * Swift.max(1, widthMult), roundNearest)
        super.init()
        var layers: [Module] = [try Conv2dNormActivation(3, inputChannel, stride: 2, activation: { ReLU6(inplace: true) })]
        for (t, c, n, s) in Self.invertedResidualSetting {
            let outputChannel = Self.makeDivisible(Double(c) * widthMult, roundNearest)
            for i in 0..<n {
                layers.append(try InvertedResidual(inp: inputChannel, oup: outputChannel, stride: i == 0 ? s : 1, expandRatio: t))
                inputChannel = outputChannel
            }
        }
        layers.append(try Conv2dNormActivation(inputChannel, lastChannel, kernelSize: 1, activation: { ReLU6(inplace: true) }))
        register(module: Sequential(layers), name: "features")
        register(module: try Sequential(Dropout(p: dropout), Linear(lastChannel, numClasses)), name: "classifier")
        for module in modules() {
            if let conv = module as? Conv2d {
                try Init.kaimingNormal(conv.weight, mode: .fanOut)
                if let bias = conv.bias { Init.zeros(bias) }
            } else if let norm = module as? BatchNorm2d {
                if let weight = norm.weight { Init.ones(weight) }
                if let bias = norm.bias { Init.zeros(bias) }
            } else if let linear = module as? Linear {
                Init.normal(linear.weight, mean: 0, std: 0.01)
                if let bias = linear.bias { Init.zeros(bias) }
            }
        }
    }

    /// torchvision's `_make_divisible`: `value` rounded to a multiple of `divisor`, never below
    /// it nor more than 10% below `value`.
    static func makeDivisible(_ value: Double, _ divisor: Int) -> Int {
        var rounded = Swift.max(divisor, Int(value + Double(divisor) / 2) / divisor * divisor)
        if Double(rounded) < 0.9 * value { rounded += divisor }
        return rounded
    }

    public override func callAsFunction(_ input: Tensor) throws -> Tensor {
        guard let features = self[child: "features"] else { throw ModuleError("'MobileNetV2' object has no attribute 'features'") }
        let pooled = try features(input).adaptiveAvgPool2d(outputSize: (1, 1)).flatten(startDim: 1)
        guard let classifier = self[child: "classifier"] else { throw ModuleError("'MobileNetV2' object has no attribute 'classifier'") }
        return try classifier(pooled)
    }
}

/// MobileNetV2 as `torchvision.models.mobilenet_v2()` (3,504,872 parameters).
public func mobilenetV2(numClasses: Int = 1000) throws -> MobileNetV2 {
    try MobileNetV2(numClasses: numClasses)
}
