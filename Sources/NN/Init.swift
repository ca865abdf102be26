import Autograd
import Foundation

/// PyTorch's `nn.init`: fills a tensor in place, without recording a graph,
/// drawing random numbers from `Generator.default` exactly as PyTorch does, so
/// that `manualSeed(n)` followed by the same constructions gives PyTorch's weights.
public enum Init {
    /// The nonlinearity a layer is followed by, for the gain of the Kaiming and Xavier initialisers.
    public enum Nonlinearity: Sendable, Equatable {
        case linear, sigmoid, tanh, relu
        /// Leaky ReLU with the given negative slope.
        case leakyRelu(negativeSlope: Double)

        /// PyTorch's `calculate_gain`.
        public var gain: Double {
            switch self {
            case .linear, .sigmoid: return 1
            case .tanh: return 5.0 / 3
            case .relu: return 2.0.squareRoot()
            case .leakyRelu(let slope): return (2.0 / (1 + slope * slope)).squareRoot()
            }
        }
    }

    /// Whether the Kaiming initialisers preserve the variance of activations (fan in) or of gradients (fan out).
    public enum FanMode: Sendable {
        case fanIn, fanOut
    }

    /// The fan in (`size(1)` × receptive field) and fan out (`size(0)` × receptive field) of a weight.
    public static func fans(of tensor: Tensor) throws -> (fanIn: Int, fanOut: Int) {
        guard tensor.rank >= 2 else {
            throw ModuleError("Fan in and fan out can not be computed for tensor with fewer than 2 dimensions")
        }
        let receptive = tensor.shape.dropFirst(2).reduce(1, *)
        return (tensor.shape[1] * receptive, tensor.shape[0] * receptive)
    }

    /// Fills with numbers uniform in `[from, to)` (`uniform_`).
    public static func uniform(_ tensor: Tensor, from: Double = 0, to: Double = 1, generator: Generator = .default) {
        fill(tensor) { generator.fillUniform($0, from: Float(from), to: Float(to)) }
    }

    /// Fills with normal numbers of the given mean and standard deviation (`normal_`).
    public static func normal(_ tensor: Tensor, mean: Double = 0, std: Double = 1, generator: Generator = .default) {
        fill(tensor) { generator.fillNormal($0, mean: Float(mean), std: Float(std)) }
    }

    /// Has `draw` write `tensor.count` numbers, in order, into the tensor's memory:
    /// straight into it when it is a contiguous float32 tensor, otherwise into a
    /// contiguous buffer copied in (and converted to the tensor's dtype).
    /// Records no graph; bumps the version, as an in-place change.
    private static func fill(_ tensor: Tensor, with draw: (UnsafeMutableBufferPointer<Float>) -> Void) {
        if tensor.dtype == .float32 && tensor.isContiguous {
            draw(UnsafeMutableBufferPointer(start: tensor.mutableFloats, count: tensor.count))
            tensor.markModifiedInPlace()
        } else {
            let values = Tensor.uninitialized(tensor.shape)
            draw(UnsafeMutableBufferPointer(start: values.mutableFloats, count: values.count))
            tensor.copyValues(from: values)
        }
    }

    /// A new weight of `weightShape` and, when `bias` is true, a bias of `biasCount`
    /// elements (by default `weightShape[0]`), drawn in that order as PyTorch's `Linear`,
    /// `Conv2d` and `ConvTranspose2d` draw them: weight Kaiming-uniform with a = √5,
    /// bias uniform in ±1/√fanIn.
    static func layerParameters(weightShape: [Int], bias: Bool, biasCount: Int? = nil) -> (weight: Tensor, bias: Tensor?) {
        let weight = Tensor.zeros(weightShape, requiresGrad: true)
        try? kaimingUniform(weight, a: 5.0.squareRoot())
        guard bias else { return (weight, nil) }
        let b = Tensor.zeros([biasCount ?? weightShape[0]], requiresGrad: true)
        let fanIn = weightShape.dropFirst().reduce(1, *)
        let bound = fanIn > 0 ? 1 / Double(fanIn).squareRoot() : 0
        uniform(b, from: -bound, to: bound)
        return (weight, b)
    }

    /// Fills with `value` (`constant_`).
    public static func constant(_ tensor: Tensor, _ value: Double) {
        tensor.copyValues(from: Tensor.full(tensor.shape, value))
    }

    /// Fills with zeros (`zeros_`).
    public static func zeros(_ tensor: Tensor) { constant(tensor, 0) }

    /// Fills with ones (`ones_`).
    public static func ones(_ tensor: Tensor) { constant(tensor, 1) }

    /// He initialisation, uniform: bound `gain · √(3 / fan)` (`kaiming_uniform_`).
    public static func kaimingUniform(
        _ tensor: Tensor, a: Double = 0, mode: FanMode = .fanIn, nonlinearity: Nonlinearity? = nil,
        generator: Generator = .default
    ) throws {
        let std = try kaimingStd(tensor, a: a, mode: mode, nonlinearity: nonlinearity)
        let bound = 3.0.squareRoot() * std
        uniform(tensor, from: -bound, to: bound, generator: generator)
    }

    /// He initialisation, normal: standard deviation `gain / √fan` (`kaiming_normal_`).
    public static func kaimingNormal(
        _ tensor: Tensor, a: Double = 0, mode: FanMode = .fanIn, nonlinearity: Nonlinearity? = nil,
        generator: Generator = .default
    ) throws {
        normal(tensor, mean: 0, std: try kaimingStd(tensor, a: a, mode: mode, nonlinearity: nonlinearity), generator: generator)
    }

    /// Glorot initialisation, uniform: bound `gain · √(6 / (fanIn + fanOut))` (`xavier_uniform_`).
    public static func xavierUniform(_ tensor: Tensor, gain: Double = 1, generator: Generator = .default) throws {
        let (fanIn, fanOut) = try fans(of: tensor)
        let std = gain * (2.0 / Double(fanIn + fanOut)).squareRoot()
        let bound = 3.0.squareRoot() * std
        uniform(tensor, from: -bound, to: bound, generator: generator)
    }

    /// Glorot initialisation, normal (`xavier_normal_`).
    public static func xavierNormal(_ tensor: Tensor, gain: Double = 1, generator: Generator = .default) throws {
        let (fanIn, fanOut) = try fans(of: tensor)
        normal(tensor, mean: 0, std: gain * (2.0 / Double(fanIn + fanOut)).squareRoot(), generator: generator)
    }

    /// The Kaiming standard deviation; the default nonlinearity is leaky ReLU with slope `a`, as in PyTorch.
    private static func kaimingStd(_ tensor: Tensor, a: Double, mode: FanMode, nonlinearity: Nonlinearity?) throws -> Double {
        let (fanIn, fanOut) = try fans(of: tensor)
        let fan = mode == .fanIn ? fanIn : fanOut
        guard fan > 0 else { return 0 }
        let gain = (nonlinearity ?? .leakyRelu(negativeSlope: a)).gain
        return gain / Double(fan).squareRoot()
    }
}
