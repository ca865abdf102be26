import Autograd

/// Max pooling over 2-D windows, PyTorch's `nn.MaxPool2d`.
public final class MaxPool2d: Module {
    /// Height and width of the window.
    public let kernelSize: (Int, Int)
    /// Step of the window, vertically and horizontally.
    public let stride: (Int, Int)
    /// Padding added on each side, vertically and horizontally.
    public let padding: (Int, Int)
    /// Spacing between window elements, vertically and horizontally.
    public let dilation: (Int, Int)
    /// Whether the output size is rounded up rather than down.
    public let ceilMode: Bool
    private let givenAsScalars: Bool

    /// Square windows; `stride` defaults to `kernelSize`.
    public init(kernelSize: Int, stride: Int? = nil, padding: Int = 0, dilation: Int = 1, ceilMode: Bool = false) {
        let s = stride ?? kernelSize
        (self.kernelSize, self.stride) = ((kernelSize, kernelSize), (s, s))
        (self.padding, self.dilation, self.ceilMode, givenAsScalars) = ((padding, padding), (dilation, dilation), ceilMode, true)
        super.init()
    }

    /// Rectangular windows; `stride` defaults to `kernelSize`.
    public init(kernelSize: (Int, Int), stride: (Int, Int)? = nil, padding: (Int, Int) = (0, 0), dilation: (Int, Int) = (1, 1), ceilMode: Bool = false) {
        (self.kernelSize, self.stride) = (kernelSize, stride ?? kernelSize)
        (self.padding, self.dilation, self.ceilMode, givenAsScalars) = (padding, dilation, ceilMode, false)
        super.init()
    }

    public override func callAsFunction(_ input: Tensor) throws -> Tensor {
        try input.maxPool2d(kernelSize: kernelSize, stride: stride, padding: padding, dilation: dilation, ceilMode: ceilMode)
    }

    public override var extraDescription: String {
        let s = givenAsScalars
        return "kernel_size=\(Python.size(kernelSize, asScalar: s)), stride=\(Python.size(stride, asScalar: s)), padding=\(Python.size(padding, asScalar: s)), dilation=\(Python.size(dilation, asScalar: s)), ceil_mode=\(Python.bool(ceilMode))"
    }
}

/// Average pooling over 2-D windows, PyTorch's `nn.AvgPool2d`.
public final class AvgPool2d: Module {
    /// Height and width of the window.
    public let kernelSize: (Int, Int)
    /// Step of the window, vertically and horizontally.
    public let stride: (Int, Int)
    /// Padding added on each side, vertically and horizontally.
    public let padding: (Int, Int)
    /// Whether the output size is rounded up rather than down.
    public let ceilMode: Bool
    /// Whether padded positions count in the divisor.
    public let countIncludePad: Bool
    /// A fixed divisor replacing the window size.
    public let divisorOverride: Int?
    private let givenAsScalars: Bool

    /// Square windows; `stride` defaults to `kernelSize`.
    public init(kernelSize: Int, stride: Int? = nil, padding: Int = 0, ceilMode: Bool = false, countIncludePad: Bool = true, divisorOverride: Int? = nil) {
        let s = stride ?? kernelSize
        (self.kernelSize, self.stride, self.padding) = ((kernelSize, kernelSize), (s, s), (padding, padding))
        (self.ceilMode, self.countIncludePad, self.divisorOverride, givenAsScalars) = (ceilMode, countIncludePad, divisorOverride, true)
        super.init()
    }

    /// Rectangular windows; `stride` defaults to `kernelSize`.
    public init(kernelSize: (Int, Int), stride: (Int, Int)? = nil, padding: (Int, Int) = (0, 0), ceilMode: Bool = false, countIncludePad: Bool = true, divisorOverride: Int? = nil) {
        (self.kernelSize, self.stride, self.padding) = (kernelSize, stride ?? kernelSize, padding)
        (self.ceilMode, self.countIncludePad, self.divisorOverride, givenAsScalars) = (ceilMode, countIncludePad, divisorOverride, false)
        super.init()
    }

    public override func callAsFunction(_ input: Tensor) throws -> Tensor {
        try input.avgPool2d(kernelSize: kernelSize, stride: stride, padding: padding, ceilMode: ceilMode,
                            countIncludePad: countIncludePad, divisorOverride: divisorOverride)
    }

    public override var extraDescription: String {
        let s = givenAsScalars
        return "kernel_size=\(Python.size(kernelSize, asScalar: s)), stride=\(Python.size(stride, asScalar: s)), padding=\(Python.size(padding, asScalar: s))"
    }
}

/// Average pooling to a fixed output size whatever the input size, PyTorch's `nn.AdaptiveAvgPool2d`.
public final class AdaptiveAvgPool2d: Module {
    /// Height and width of the output.
    public let outputSize: (Int, Int)
    private let givenAsScalar: Bool

    /// A square output `outputSize × outputSize`.
    public init(outputSize: Int) {
        self.outputSize = (outputSize, outputSize)
        givenAsScalar = true
        super.init()
    }

    /// An `outputSize.0 × outputSize.1` output.
    public init(outputSize: (Int, Int)) {
        self.outputSize = outputSize
        givenAsScalar = false
        super.init()
    }

    public override func callAsFunction(_ input: Tensor) throws -> Tensor {
        try input.adaptiveAvgPool2d(outputSize: outputSize)
    }

    public override var extraDescription: String { "output_size=\(Python.size(outputSize, asScalar: givenAsScalar))" }
}
