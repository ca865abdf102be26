import Serialization
import Autograd
import Foundation

/// A residual network of basic or bottleneck blocks, torchvision's `ResNet`: the
/// same modules, names, parameter order, initialisation and printing, so that its
/// state dict is interchangeable with torchvision's.
public final class ResNet: Module {
    public var conv1: Conv2d { get { child("conv1") } set { setChild(newValue, named: "conv1") } }
    public var bn1: BatchNorm2d { get { child("bn1") } set { setChild(newValue, named: "bn1") } }
    public var relu: ReLU { get { child("relu") } set { setChild(newValue, named: "relu") } }
    public var maxpool: MaxPool2d { get { child("maxpool") } set { setChild(newValue, named: "maxpool") } }
    public var layer1: Sequential { get { child("layer1") } set { setChild(newValue, named: "layer1") } }
    public var layer2: Sequential { get { child("layer2") } set { setChild(newValue, named: "layer2") } }
    public var layer3: Sequential { get { child("layer3") } set { setChild(newValue, named: "layer3") } }
    public var layer4: Sequential { get { child("layer4") } set { setChild(newValue, named: "layer4") } }
    public var avgpool: AdaptiveAvgPool2d { get { child("avgpool") } set { setChild(newValue, named: "avgpool") } }
    /// The classifier; replace it to fine-tune (`model.fc = Linear(512, 10)`).
    public var fc: Module { get { child("fc") } set { setChild(newValue, named: "fc") } }

    /// The residual block a network is made of.
    public enum Block: Sendable {
        /// Two 3×3 convolutions (`BasicBlock`, ResNet-18 and -34).
        case basic
        /// 1×1, 3×3 and 1×1 convolutions, four times wider at the end (`Bottleneck`, ResNet-50 and deeper).
        case bottleneck

        /// Output channels relative to a stage's `planes`.
        public var expansion: Int { self == .basic ? BasicBlock.expansion : Bottleneck.expansion }
    }

    /// The block the network is made of.
    public let block: Block
    private var inplanes = 64

    /// A network with `layers[i]` blocks in stage `i` (`[2, 2, 2, 2]` of basic blocks is
    /// ResNet-18, `[3, 4, 6, 3]` of bottlenecks ResNet-50), initialised as torchvision does:
    /// Kaiming-normal convolutions (fan out, ReLU), BatchNorm weight 1 and bias 0, and the
    /// classifier's default `Linear` initialisation.
    /// Throws for a `layers` without four stages or a negative `numClasses`.
    public init(block: Block = .basic, layers: [Int], numClasses: Int = 1000) throws {
        guard layers.count == 4 else { throw ModuleError("ResNet takes the number of blocks of its four stages, got \(layers.count)") }
        self.block = block
        super.init()
        register(module: try Conv2d(3, 64, kernelSize: 7, stride: 2, padding: 3, bias: false), name: "conv1")
        register(module: try BatchNorm2d(64), name: "bn1")
        register(module: ReLU(inplace: true), name: "relu")
        register(module: MaxPool2d(kernelSize: 3, stride: 2, padding: 1), name: "maxpool")
        register(module: try makeLayer(planes: 64, blocks: layers[0]), name: "layer1")
        register(module: try makeLayer(planes: 128, blocks: layers[1], stride: 2), name: "layer2")
        register(module: try makeLayer(planes: 256, blocks: layers[2], stride: 2), name: "layer3")
        register(module: try makeLayer(planes: 512, blocks: layers[3], stride: 2), name: "layer4")
        register(module: AdaptiveAvgPool2d(outputSize: (1, 1)), name: "avgpool")
        register(module: try Linear(512 * block.expansion, numClasses), name: "fc")
        for module in modules() {
            if let conv = module as? Conv2d {
                try? Init.kaimingNormal(conv.weight, mode: .fanOut, nonlinearity: .relu)
            } else if let norm = module as? BatchNorm2d {
                if let weight = norm.weight { Init.constant(weight, 1) }
                if let bias = norm.bias { Init.constant(bias, 0) }
            }
        }
    }

    /// One stage: a first block that may change stride and width (with a
    /// 1×1-convolution shortcut, created before the block as torchvision does), then more blocks.
    private func makeLayer(planes: Int, blocks: Int, stride: Int = 1) throws -> Sequential {
        let expansion = block.expansion
        var downsample: Module?
        if stride != 1 || inplanes != planes * expansion {
            downsample = try Sequential(
                Conv2d(inplanes, planes * expansion, kernelSize: 1, stride: stride, bias: false),
                BatchNorm2d(planes * expansion))
        }
        func make(_ inplanes: Int, stride: Int = 1, downsample: Module? = nil) throws -> Module {
            switch block {
            case .basic: return try BasicBlock(inplanes: inplanes, planes: planes, stride: stride, downsample: downsample)
            case .bottleneck: return try Bottleneck(inplanes: inplanes, planes: planes, stride: stride, downsample: downsample)
            }
        }
        var blocksList: [Module] = [try make(inplanes, stride: stride, downsample: downsample)]
        inplanes = planes * expansion
        for _ in 1..<max(blocks, 1) { blocksList.append(try make(inplanes)) }
        return Sequential(blocksList)
    }

    public override func callAsFunction(_ input: Tensor) throws -> Tensor {
        var x = input
        for name in ["conv1", "bn1", "relu", "maxpool", "layer1", "layer2", "layer3", "layer4", "avgpool"] {
            guard let module = self[child: name] else { throw ModuleError("'ResNet' object has no attribute '\(name)'") }
            x = try module(x)
        }
        x = try x.flatten(startDim: 1)
        guard let fc = self[child: "fc"] else { throw ModuleError("'ResNet' object has no attribute 'fc'") }
        return try fc(x)
    }
}

/// The file name of torchvision's ImageNet weights for ResNet-18 in the torch hub cache.
public let resnet18WeightsFileName = "resnet18-f37072fd.pth"

/// ResNet-18 as `torchvision.models.resnet18()`, randomly initialised from `Generator.default`.
public func resnet18(numClasses: Int = 1000) throws -> ResNet {
    try ResNet(layers: [2, 2, 2, 2], numClasses: numClasses)
}

/// ResNet-34 as `torchvision.models.resnet34()`.
public func resnet34(numClasses: Int = 1000) throws -> ResNet {
    try ResNet(layers: [3, 4, 6, 3], numClasses: numClasses)
}

/// ResNet-50 as `torchvision.models.resnet50()` (bottleneck blocks, 25,557,032 parameters).
public func resnet50(numClasses: Int = 1000) throws -> ResNet {
    try ResNet(block: .bottleneck, layers: [3, 4, 6, 3], numClasses: numClasses)
}

/// ResNet-18 with the weights of a checkpoint file (`.pth` or `.safetensors`),
/// loaded strictly: every key must match.
public func resnet18(weights path: String) throws -> ResNet {
    let model = try resnet18()
    try model.loadStateDict(Checkpoint.load(path))
    return model
}

/// ResNet-18 with torchvision's ImageNet weights when `pretrained`, read from the
/// torch hub cache (`$TORCH_HOME/hub/checkpoints/resnet18-f37072fd.pth`, by default
/// under `~/.cache/torch`) after checking the file's hash prefix. Nothing is downloaded.
public func resnet18(pretrained: Bool) throws -> ResNet {
    guard pretrained else { return try resnet18() }
    let path = Checkpoint.hubCachePath(fileName: resnet18WeightsFileName)
    guard FileManager.default.fileExists(atPath: path) else {
        throw ModuleError("pretrained weights not found at \(path): copy torchvision's \(resnet18WeightsFileName) there (or set TORCH_HOME); nothing is downloaded")
    }
    try Checkpoint.verifyHashPrefix(path: path, prefix: Checkpoint.hashPrefix(ofFileName: resnet18WeightsFileName) ?? "")
    return try resnet18(weights: path)
}
