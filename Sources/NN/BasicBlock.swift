import Autograd

/// ResNet's two-convolution residual block, torchvision's `BasicBlock`:
/// `relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut(x))`, where the shortcut is
/// `downsample` when the block changes resolution or width, else the identity.
public final class BasicBlock: Module {
    /// Output channels relative to `planes` (1 for basic blocks).
    public static let expansion = 1

    public var conv1: Conv2d { get { child("conv1") } set { setChild(newValue, named: "conv1") } }
    public var bn1: BatchNorm2d { get { child("bn1") } set { setChild(newValue, named: "bn1") } }
    public var relu: ReLU { get { child("relu") } set { setChild(newValue, named: "relu") } }
    public var conv2: Conv2d { get { child("conv2") } set { setChild(newValue, named: "conv2") } }
    public var bn2: BatchNorm2d { get { child("bn2") } set { setChild(newValue, named: "bn2") } }
    /// The projection of the shortcut, nil for an identity shortcut.
    public var downsample: Module? { get { self[child: "downsample"] } set { setChild(newValue, named: "downsample") } }
    /// The stride of the first convolution.
    public let stride: Int

    /// Creates the block's layers in torchvision's order (so that seeded
    /// initialisation draws the same numbers); `downsample` is created by the caller.
    public init(inplanes: Int, planes: Int, stride: Int = 1, downsample: Module? = nil) throws {
        self.stride = stride
        super.init()
        register(module: try Conv2d(inplanes, planes, kernelSize: 3, stride: stride, padding: 1, bias: false), name: "conv1")
        register(module: try BatchNorm2d(planes), name: "bn1")
        register(module: ReLU(inplace: true), name: "relu")
        register(module: try Conv2d(planes, planes, kernelSize: 3, stride: 1, padding: 1, bias: false), name: "conv2")
        register(module: try BatchNorm2d(planes), name: "bn2")
        // Like assigning None in PyTorch, an absent shortcut is not a registered child.
        if let downsample { register(module: downsample, name: "downsample") }
    }

    public override func callAsFunction(_ x: Tensor) throws -> Tensor {
        func run(_ name: String, _ input: Tensor) throws -> Tensor {
            guard let module = self[child: name] else { throw ModuleError("'BasicBlock' object has no attribute '\(name)'") }
            return try module(input)
        }
        var out = try run("conv1", x)
        out = try run("bn1", out)
        out = try run("relu", out)
        out = try run("conv2", out)
        out = try run("bn2", out)
        let identity = try self[child: "downsample"].map { try $0(x) } ?? x
        out = try out + identity
        return try run("relu", out)
    }
}
