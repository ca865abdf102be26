import Serialization
import Autograd
import NN
import Script

/// Ready-made models: `resnet18()`, `resnet18(numClasses:)`,
/// `resnet18(weights: "file.pth")`, `resnet18(pretrained: true)` (torchvision's
/// weights from the torch hub cache), and the ResNet building blocks' types.
enum ModelBindings {
    static func register(in interpreter: Interpreter, module: HostType, folder: NotebookFolder) {
        interpreter.defineType("ResNet", for: ResNet.self, inherits: module)
        interpreter.defineType("BasicBlock", for: BasicBlock.self, inherits: module)
        interpreter.defineFunction("resnet18(numClasses: Int = 1000)") { (classes: Int) -> ResNet in
            guard classes >= 0 else { throw ModuleError("numClasses must be non-negative, got \(classes)") }
            try EngineValues.checkShape([classes, 512])
            return resnet18(numClasses: classes)
        }
        interpreter.defineFunction("resnet18(weights path: String)") { (path: String) -> ResNet in
            let source = try folder.readable(path)
            return try CheckpointBindings.reading(path) { try resnet18(weights: source) }
        }
        interpreter.defineFunction("resnet18(pretrained: Bool)") { (pretrained: Bool) -> ResNet in
            try CheckpointBindings.reading { try resnet18(pretrained: pretrained) }
        }
    }
}
