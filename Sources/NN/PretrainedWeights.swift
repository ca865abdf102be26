import Foundation
import Serialization

/// torchvision's published weights in the torch hub cache: the file names (whose
/// hash prefixes vouch for the contents) and loading them into a model. Nothing is downloaded.
public enum PretrainedWeights {
    /// The hub file of each model's ImageNet weights, as torchvision names them
    /// (its `IMAGENET1K_V1` weights, which `pretrained=True` means).
    public static let fileNames: [String: String] = [
        "resnet18": "resnet18-f37072fd.pth",
        "resnet34": "resnet34-b627a593.pth",
        "resnet50": "resnet50-0676ba61.pth",
        "mobilenet_v2": "mobilenet_v2-b0353104.pth",
        "alexnet": "alexnet-owt-7be5be79.pth",
        "vgg11": "vgg11-8a719046.pth",
        "vgg11_bn": "vgg11_bn-6002323d.pth",
        "vgg16": "vgg16-397923af.pth",
        "vgg16_bn": "vgg16_bn-6c64b313.pth",
    ]

    /// Loads the weights of a checkpoint file (`.pth` or `.safetensors`) into `model`, strictly.
    @discardableResult
    public static func load<M: Module>(_ path: String, into model: M) throws -> M {
        try model.loadStateDict(Checkpoint.load(path))
        return model
    }

    /// Loads torchvision's weights for `name` from the torch hub cache into `model`,
    /// after checking the file's hash prefix; a clear error names the path when it is absent.
    @discardableResult
    public static func loadFromHub<M: Module>(_ name: String, into model: M) throws -> M {
        guard let fileName = fileNames[name] else { throw ModuleError("no published weights are known for \(name)") }
        let path = Checkpoint.hubCachePath(fileName: fileName)
        guard FileManager.default.fileExists(atPath: path) else {
            throw ModuleError("pretrained weights not found at \(path): copy torchvision's \(fileName) there (or set TORCH_HOME); nothing is downloaded")
        }
        try Checkpoint.verifyHashPrefix(path: path, prefix: Checkpoint.hashPrefix(ofFileName: fileName) ?? "")
        return try load(path, into: model)
    }
}
