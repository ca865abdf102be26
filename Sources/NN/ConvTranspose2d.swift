import Autograd

/// A 2-D transposed convolution layer over `[N, C, H, W]` inputs, PyTorch's
/// `nn.ConvTranspose2d` (sometimes called a deconvolution): the gradient of a
/// `Conv2d` with respect to its input, which upsamples by `stride`.
public final class ConvTranspose2d: Module {
    /// Channels of the input.
    public let inChannels: Int
    /// Channels of the output.
    public let outChannels: Int
    /// Height and width of the kernel.
    public let kernelSize: (Int, Int)
    /// Step of the kernel over the output, vertically and horizontally.
    public let stride: (Int, Int)
    /// Rows and columns removed from each side of the full output.
    public let padding: (Int, Int)
    /// Rows and columns added to one side of the output, to reach sizes a stride skips.
    public let outputPadding: (Int, Int)
    /// Number of blocked connections from input to output channels.
    public let groups: Int
    /// Spacing between kernel elements, vertically and horizontally.
    public let dilation: (Int, Int)

    /// The `[inChannels, outChannels / groups, kH, kW]` weight.
    public var weight: Tensor {
        get { requiredParameter("weight") }
        set { register(parameter: newValue, name: "weight") }
    }

    /// The `[outChannels]` bias, nil when created with `bias: false`.
    public var bias: Tensor? {
        get { parameter(named: "bias") }
        set { register(parameter: newValue, name: "bias") }
    }

    /// A layer with square kernel, stride, padding, output padding and dilation.
    public convenience init(
        _ inChannels: Int, _ outChannels: Int, kernelSize: Int, stride: Int = 1, padding: Int = 0,
        outputPadding: Int = 0, groups: Int = 1, bias: Bool = true, dilation: Int = 1
    ) throws {
        try self.init(inChannels, outChannels, kernelSize: (kernelSize, kernelSize), stride: (stride, stride),
                      padding: (padding, padding), outputPadding: (outputPadding, outputPadding), groups: groups,
                      bias: bias, dilation: (dilation, dilation))
    }

    /// A layer initialised as PyTorch does: weight Kaiming-uniform with a = √5 (its fan in
    /// is `outChannels / groups` × the kernel's area), bias uniform in ±1/√fanIn.
    /// Throws PyTorch's errors for sizes it rejects.
    public init(
        _ inChannels: Int, _ outChannels: Int, kernelSize: (Int, Int), stride: (Int, Int) = (1, 1),
        padding: (Int, Int) = (0, 0), outputPadding: (Int, Int) = (0, 0), groups: Int = 1, bias: Bool = true,
        dilation: (Int, Int) = (1, 1)
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
        guard outputPadding.0 >= 0 && outputPadding.1 >= 0 else { throw ModuleError("negative output_padding is not supported") }
        guard (outputPadding.0 < stride.0 || outputPadding.0 < dilation.0) && (outputPadding.1 < stride.1 || outputPadding.1 < dilation.1) else {
            throw ModuleError("output padding must be smaller than either stride or dilation, but got output_padding_height: \(outputPadding.0) output_padding_width: \(outputPadding.1) stride_height: \(stride.0) stride_width: \(stride.1) dilation_height: \(dilation.0) dilation_width: \(dilation.1)")
        }
        let weightShape = [inChannels, outChannels / groups, kernelSize.0, kernelSize.1]
        try Tensor.checkShape(weightShape)
        self.inChannels = inChannels
        self.outChannels = outChannels
        self.kernelSize = kernelSize
        self.stride = stride
        self.padding = padding
        self.outputPadding = outputPadding
        self.groups = groups
        self.dilation = dilation
        super.init()
        let parameters = Init.layerParameters(weightShape: weightShape, bias: bias, biasCount: outChannels)
        register(parameter: parameters.weight, name: "weight")
        register(parameter: parameters.bias, name: "bias")
    }

    public override func callAsFunction(_ input: Tensor) throws -> Tensor {
        try input.convTranspose2d(weight: weight, bias: bias, stride: stride, padding: padding,
                                  outputPadding: outputPadding, groups: groups, dilation: dilation)
    }

    public override var extraDescription: String {
        func pair(_ p: (Int, Int)) -> String { "(\(p.0), \(p.1))" }
        var text = "\(inChannels), \(outChannels), kernel_size=\(pair(kernelSize)), stride=\(pair(stride))"
        if padding != (0, 0) { text += ", padding=\(pair(padding))" }
        if dilation != (1, 1) { text += ", dilation=\(pair(dilation))" }
        if outputPadding != (0, 0) { text += ", output_padding=\(pair(outputPadding))" }
        if groups != 1 { text += ", groups=\(groups)" }
        if bias == nil { text += ", bias=False" }
        return text
    }
}
