import Autograd

/// MobileNetV2's block, torchvision's `InvertedResidual`: a 1×1 expansion to
/// `inp × expandRatio` channels (left out when the ratio is 1), a 3×3 depthwise
/// convolution, both with BatchNorm and ReLU6, and a linear 1×1 projection to `oup`
/// channels with BatchNorm, all in `conv`; the input is added back when the block
/// keeps the resolution and the width.
public final class InvertedResidual: Module {
    /// The block's layers.
    public var conv: Sequential { get { child("conv") } set { setChild(newValue, named: "conv") } }
    /// The stride of the depthwise convolution, 1 or 2.
    public let stride: Int
    /// Channels of the output.
    public let outChannels: Int
    /// Whether the input is added to the output.
    public let usesResidualConnection: Bool

    /// Creates the layers in torchvision's order (so that seeded initialisation draws the
    /// same numbers); throws torchvision's error for a stride other than 1 or 2.
    public init(inp: Int, oup: Int, stride: Int, expandRatio: Int) throws {
        guard stride == 1 || stride == 2 else { throw ModuleError("stride should be 1 or 2 instead of \(stride)") }
        self.stride = stride
        self.outChannels = oup
        self.usesResidualConnection = stride == 1 && inp == oup
        super.init()
        let hidden = inp * expandRatio
        var layers: [Module] = []
        if expandRatio != 1 {
            layers.append(try Conv2dNormActivation(inp, hidden, kernelSize: 1, activation: { ReLU6(inplace: true) }))
        }
        layers.append(try Conv2dNormActivation(hidden, hidden, stride: stride, groups: hidden, activation: { ReLU6(inplace: true) }))
        layers.append(try Conv2d(hidden, oup, kernelSize: 1, bias: false))
        layers.append(try BatchNorm2d(oup))
        register(module: Sequential(layers), name: "conv")
    }

    public override func callAsFunction(_ x: Tensor) throws -> Tensor {
        guard let conv = self[child: "conv"] else { throw ModuleError("'InvertedResidual' object has no attribute 'conv'") }
        return usesResidualConnection ? try x + conv(x) : try conv(x)
    }
}
