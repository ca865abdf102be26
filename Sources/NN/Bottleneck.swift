import Autograd

/// ResNet's three-convolution residual block, torchvision's `Bottleneck` (ResNet v1.5,
/// striding in the 3×3 convolution): `relu(bn3(conv3(relu(bn2(conv2(relu(bn1(conv1(x)))))))) + shortcut(x))`,
/// widening `planes` channels to `planes × 4`; the shortcut is `downsample` when the
/// block changes resolution or width, else the identity.
public final class Bottleneck: Module {
    /// Output channels relative to `planes`.
    public static let expansion = 4

    public var conv1: Conv2d { get { child("conv1") } set { setChild(newValue, named: "conv1") } }
    public var bn1: BatchNorm2d { get { child("bn1") } set { setChild(newValue, named: "bn1") } }
    public var conv2: Conv2d { get { child("conv2") } set { setChild(newValue, named: "conv2") } }
    public var bn2: BatchNorm2d { get { child("bn2") } set { setChild(newValue, named: "bn2") } }
    public var conv3: Conv2d { get { child("conv3") } set { setChild(newValue, named: "conv3") } }
    public var bn3: BatchNorm2d { get { child("bn3") } set { setChild(newValue, named: "bn3") } }
    public var relu: ReLU { get { child("relu") } set { setChild(newValue, named: "relu") } }
    /// The projection of the shortcut, nil for an identity shortcut.
    public var downsample: Module? { get { self[child: "downsample"] } set { setChild(newValue, named: "downsample") } }
    /// The stride of the 3×3 convolution.
    public let stride: Int

    /// Creates the block's layers in torchvision's order (so that seeded
    /// initialisation draws the same numbers); `downsample` is created by the caller.
    public init(inplanes: Int, planes: Int, stride: Int = 1, downsample: Module? = nil) throws {
        self.stride = stride
        super.init()
        let width = planes
        register(module: try Conv2d(inplanes, width, kernelSize: 1, bias: false), name: "conv1")
        register(module: try BatchNorm2d(width), name: "bn1")
        register(module: try Conv2d(width, width, kernelSize: 3, stride: stride, padding: 1, bias: false), name: "conv2")
        register(module: try BatchNorm2d(width), name: "bn2")
        register(module: try Conv2d(width, planes * Self.expansion, kernelSize: 1, bias: false), name: "conv3")
        register(module: try BatchNorm2d(planes * Self.expansion), name: "bn3")
        register(module: ReLU(inplace: true), name: "relu")
        // Like assigning None in PyTorch, an absent shortcut is not a registered child.
        if let downsample { register(module: downsample, name: "downsample") }
    }

    public override func callAsFunction(_ x: Tensor) throws -> Tensor {
        func run(_ name: String, _ input: Tensor) throws -> Tensor {
            guard let module = self[child: name] else { throw ModuleError("'Bottleneck' object has no attribute '\(name)'") }
            return try module(input)
        }
        var out = x
        for (conv, norm) in [("conv1", "bn1"), ("conv2", "bn2")] {
            out = try run("relu", run(norm, run(conv, out)))
        }
        out = try run("bn3", run("conv3", out))
        let identity = try self[child: "downsample"].map { try $0(x) } ?? x
        out = try out + identity
        return try run("relu", out)
    }
}
