import Serialization
import Autograd
import NN
import Script

/// Ready-made models: `resnet18()`, `resnet18(numClasses:)`,
/// `resnet18(weights: "file.pth")`, `resnet18(pretrained: true)` (torchvision's
/// weights from the torch hub cache), torchvision's other classic models the same
/// way (`resnet50()`, `mobilenetV2()`, `vgg16()`, …), and their building blocks' types.
enum ModelBindings {
    static func register(in interpreter: Interpreter, module: HostType, folder: NotebookFolder) {
        interpreter.defineType("ResNet", for: ResNet.self, inherits: module)
        interpreter.defineType("BasicBlock", for: BasicBlock.self, inherits: module)
        interpreter.defineFunction("resnet18(numClasses: Int = 1000)") { (classes: Int) -> ResNet in
            guard classes >= 0 else { throw ModuleError("numClasses must be non-negative, got \(classes)") }
            try EngineValues.checkShape([classes, 512])
            return try resnet18(numClasses: classes)
        }
        interpreter.defineFunction("resnet18(weights path: String)") { (path: String) -> ResNet in
            let source = try folder.readable(path)
            return try CheckpointBindings.reading(path) { try resnet18(weights: source) }
        }
        interpreter.defineFunction("resnet18(pretrained: Bool)") { (pretrained: Bool) -> ResNet in
            try CheckpointBindings.reading { try resnet18(pretrained: pretrained) }
        }
        interpreter.defineType("Bottleneck", for: Bottleneck.self, inherits: module)
        interpreter.defineType("VGG", for: VGG.self, inherits: module)
        interpreter.defineType("AlexNet", for: AlexNet.self, inherits: module)
        interpreter.defineType("MobileNetV2", for: MobileNetV2.self, inherits: module)
        interpreter.defineType("InvertedResidual", for: InvertedResidual.self, inherits: module)
        // torchvision's other classic models: `vgg16()`, `vgg16(numClasses: 10)`,
        // `vgg16(weights: "file.pth")`, `vgg16(pretrained: true)`.
        let models: [(String, String, (Int) throws -> Module)] = [
            ("resnet34", "resnet34", { try resnet34(numClasses: $0) }),
            ("resnet50", "resnet50", { try resnet50(numClasses: $0) }),
            ("mobilenetV2", "mobilenet_v2", { try mobilenetV2(numClasses: $0) }),
            ("alexnet", "alexnet", { try alexnet(numClasses: $0) }),
            ("vgg11", "vgg11", { try vgg11(numClasses: $0) }),
            ("vgg11BN", "vgg11_bn", { try vgg11BN(numClasses: $0) }),
            ("vgg13", "vgg13", { try vgg13(numClasses: $0) }),
            ("vgg16", "vgg16", { try vgg16(numClasses: $0) }),
            ("vgg16BN", "vgg16_bn", { try vgg16BN(numClasses: $0) }),
            ("vgg19", "vgg19", { try vgg19(numClasses: $0) }),
        ]
        for (name, hubName, make) in models {
            interpreter.defineFunction("\(name)(numClasses: Int = 1000)") { (classes: Int) -> Module in
                guard classes >= 0 else { throw ModuleError("numClasses must be non-negative, got \(classes)") }
                try EngineValues.checkShape([classes, 4096])
                return try make(classes)
            }
            interpreter.defineFunction("\(name)(weights path: String)") { (path: String) -> Module in
                let source = try folder.readable(path)
                return try CheckpointBindings.reading(path) { try PretrainedWeights.load(source, into: try make(1000)) }
            }
            interpreter.defineFunction("\(name)(pretrained: Bool)") { (pretrained: Bool) -> Module in
                let model = try make(1000)
                guard pretrained else { return model }
                return try CheckpointBindings.reading { try PretrainedWeights.loadFromHub(hubName, into: model) }
            }
        }
    }
}
