import Autograd

/// A convolution, a batch normalisation and an activation in a `Sequential`,
/// torchvision's `Conv2dNormActivation` (children `"0"`, `"1"`, `"2"`): the
/// convolution has no bias and, by default, "same" padding `(kernelSize − 1) / 2 · dilation`.
public final class Conv2dNormActivation: Sequential {
    /// The layers of torchvision's block, created in its order: `Conv2d(in, out, kernelSize,
    /// stride, padding, dilation, groups, bias: false)`, `BatchNorm2d(out)`, then `activation`
    /// (nil for none).
    public init(
        _ inChannels: Int, _ outChannels: Int, kernelSize: Int = 3, stride: Int = 1, padding: Int? = nil,
        groups: Int = 1, dilation: Int = 1, activation: (() -> Module)? = { ReLU(inplace: true) }
    ) throws {
        let conv = try Conv2d(inChannels, outChannels, kernelSize: kernelSize, stride: stride,
                              padding: padding ?? (kernelSize - 1) / 2 * dilation, dilation: dilation, groups: groups, bias: false)
        var layers: [Module] = [conv, try BatchNorm2d(outChannels)]
        if let activation { layers.append(activation()) }
        super.init(layers)
    }
}
