import Autograd

/// A 2-D convolution layer over `[N, C, H, W]` inputs, PyTorch's `nn.Conv2d`.
public final class Conv2d: Module {
    /// Channels of the input.
    public let inChannels: Int
    /// Channels of the output.
    public let outChannels: Int
    /// Height and width of the kernel.
    public let kernelSize: (Int, Int)
    /// Step of the kernel, vertically and horizontally.
    public let stride: (Int, Int)
    /// Zeros added on each side, vertically and horizontally.
    public let padding: (Int, Int)
    /// Spacing between kernel elements, vertically and horizontally.
    public let dilation: (Int, Int)
    /// Number of blocked connections from input to output channels.
    public let groups: Int

    /// The `[outChannels, inChannels / groups, kH, kW]` weight.
    public var weight: Tensor {
        get { requiredParameter("weight") }
        set { register(parameter: newValue, name: "weight") }
    }

    /// The `[outChannels]` bias, nil when created with `bias: false`.
    public var bias: Tensor? {
        get { parameter(named: "bias") }
        set { register(parameter: newValue, name: "bias") }
    }

    /// A layer with square kernel, stride, padding and dilation.
    public convenience init(
        _ inChannels: Int, _ outChannels: Int, kernelSize: Int, stride: Int = 1, padding: Int = 0,
        dilation: Int = 1, groups: Int = 1, bias: Bool = true
    ) throws {
        try self.init(inChannels, outChannels, kernelSize: (kernelSize, kernelSize), stride: (stride, stride),
                  padding: (padding, padding), dilation: (dilation, dilation), groups: groups, bias: bias)
    }

    /// A layer initialised as PyTorch does: weight Kaiming-uniform with a = √5,
    /// bias uniform in ±1/√fanIn. Throws PyTorch's errors for sizes it rejects.
    public init(
        _ inChannels: Int, _ outChannels: Int, kernelSize: (Int, Int), stride: (Int, Int) = (1, 1),
        padding: (Int, Int) = (0, 0), dilation: (Int, Int) = (1, 1), groups: Int = 1, bias: Bool = true
    ) throws {
        guard groups > 0 else { throw ModuleError("groups must be a positive integer") }
        guard inChannels % groups == 0 else { throw ModuleError("in_channels must be divisible by groups") }
        guard outChannels % groups == 0 else { throw ModuleError("out_channels must be divisible by groups") }
        guard kernelSize.0 > 0 && kernelSize.1 > 0 else {
            throw ModuleError("kernel size should be greater than zero, but got (\(kernelSize.0), \(kernelSize.1))")
        }
        guard stride.0 > 0 && stride.1 > 0 else { throw ModuleError("non-positive stride is not supported") }
        guard padding.0 >= 0 && padding.1 >= 0 else { throw ModuleError("negative padding is not supported") }
        guard dilation.0 > 0 && dilation.1 > 0 else { throw ModuleError("dilation should be greater than zero") }
        try Tensor.checkShape([outChannels, inChannels / groups, kernelSize.0, kernelSize.1])
        self.inChannels = inChannels
        self.outChannels = outChannels
        self.kernelSize = kernelSize
        self.stride = stride
        self.padding = padding
        self.dilation = dilation
        self.groups = groups
        super.init()
        let parameters = Init.layerParameters(
            weightShape: [outChannels, inChannels / groups, kernelSize.0, kernelSize.1], bias: bias)
        register(parameter: parameters.weight, name: "weight")
        register(parameter: parameters.bias, name: "bias")
    }

    public override func callAsFunction(_ input: Tensor) throws -> Tensor {
        try input.conv2d(weight: weight, bias: bias, stride: stride, padding: padding, dilation: dilation, groups: groups)
    }

    public override var extraDescription: String {
        func pair(_ p: (Int, Int)) -> String { "(\(p.0), \(p.1))" }
        var text = "\(inChannels), \(outChannels), kernel_size=\(pair(kernelSize)), stride=\(pair(stride))"
        if padding != (0, 0) { text += ", padding=\(pair(padding))" }
        if dilation != (1, 1) { text += ", dilation=\(pair(dilation))" }
        if groups != 1 { text += ", groups=\(groups)" }
        if bias == nil { text += ", bias=False" }
        return text
    }
}
