import Autograd

/// Batch normalisation over the channels (dimension 1), the common part of
/// `BatchNorm1d` and `BatchNorm2d` (PyTorch's `_BatchNorm`).
///
/// In training mode each channel is normalised with the batch's statistics and
/// the running statistics are updated; in evaluation mode the running
/// statistics are used.
public class BatchNorm: Module {
    /// Number of channels `C`.
    public let numFeatures: Int
    /// Added to the variance for numerical stability.
    public let eps: Double
    /// Weight of the current batch in the running statistics; nil for a cumulative average.
    public let momentum: Double?
    /// Whether the layer has a learnable `weight` and `bias`.
    public let affine: Bool
    /// Whether the layer keeps running statistics.
    public let trackRunningStats: Bool

    /// The `[C]` scale, nil without `affine`.
    public var weight: Tensor? {
        get { parameter(named: "weight") }
        set { register(parameter: newValue, name: "weight") }
    }
    /// The `[C]` shift, nil without `affine`.
    public var bias: Tensor? {
        get { parameter(named: "bias") }
        set { register(parameter: newValue, name: "bias") }
    }
    /// The running mean (a buffer), nil without `trackRunningStats`.
    public var runningMean: Tensor? { buffer(named: "running_mean") }
    /// The running (unbiased) variance (a buffer), nil without `trackRunningStats`.
    public var runningVar: Tensor? { buffer(named: "running_var") }
    /// The number of training batches seen (an int64 scalar buffer).
    public var numBatchesTracked: Tensor? { buffer(named: "num_batches_tracked") }

    /// A layer with weight 1, bias 0, running mean 0, running variance 1, as PyTorch initialises it;
    /// `numFeatures` has been checked.
    init(validated numFeatures: Int, eps: Double, momentum: Double?, affine: Bool, trackRunningStats: Bool) {
        self.numFeatures = numFeatures
        self.eps = eps
        self.momentum = momentum
        self.affine = affine
        self.trackRunningStats = trackRunningStats
        super.init()
        register(parameter: affine ? Tensor.ones([numFeatures], requiresGrad: true) : nil, name: "weight")
        register(parameter: affine ? Tensor.zeros([numFeatures], requiresGrad: true) : nil, name: "bias")
        register(buffer: trackRunningStats ? Tensor.zeros([numFeatures]) : nil, name: "running_mean")
        register(buffer: trackRunningStats ? Tensor.ones([numFeatures]) : nil, name: "running_var")
        register(buffer: trackRunningStats ? Tensor(shape: [], int64s: [0]) : nil, name: "num_batches_tracked")
    }

    /// Throws PyTorch's error for an input of the wrong rank.
    func checkInput(_ input: Tensor) throws {}

    public override func callAsFunction(_ input: Tensor) throws -> Tensor {
        try checkInput(input)
        var factor = momentum ?? 0
        if isTraining && trackRunningStats, let counter = numBatchesTracked {
            counter.mutableInt64s[0] += 1
            counter.markModifiedInPlace()
            if momentum == nil { factor = 1 / Double(counter.mutableInt64s[0]) }
        }
        let useBatchStatistics = isTraining || (runningMean == nil && runningVar == nil)
        let keepsRunning = !isTraining || trackRunningStats
        return try input.batchNorm(
            runningMean: keepsRunning ? runningMean : nil, runningVar: keepsRunning ? runningVar : nil,
            weight: weight, bias: bias, training: useBatchStatistics, momentum: factor, eps: eps)
    }

    public override var extraDescription: String {
        "\(numFeatures), eps=\(Python.float(eps)), momentum=\(momentum.map(Python.float) ?? "None"), affine=\(Python.bool(affine)), bias=\(Python.bool(affine)), track_running_stats=\(Python.bool(trackRunningStats))"
    }
}

/// Batch normalisation over the channels of `[N, C, H, W]` inputs, PyTorch's `nn.BatchNorm2d`.
public final class BatchNorm2d: BatchNorm {
    /// A layer with weight 1, bias 0, running mean 0, running variance 1, as PyTorch initialises it;
    /// throws for a negative `numFeatures`.
    public init(_ numFeatures: Int, eps: Double = 1e-5, momentum: Double? = 0.1, affine: Bool = true, trackRunningStats: Bool = true) throws {
        try Tensor.checkShape([numFeatures])
        super.init(validated: numFeatures, eps: eps, momentum: momentum, affine: affine, trackRunningStats: trackRunningStats)
    }

    override func checkInput(_ input: Tensor) throws {
        guard input.rank == 4 else { throw ModuleError("expected 4D input (got \(input.rank)D input)") }
    }
}

/// Batch normalisation over the features of `[N, C]` or `[N, C, L]` inputs, PyTorch's `nn.BatchNorm1d`.
public final class BatchNorm1d: BatchNorm {
    /// A layer with weight 1, bias 0, running mean 0, running variance 1, as PyTorch initialises it;
    /// throws for a negative `numFeatures`.
    public init(_ numFeatures: Int, eps: Double = 1e-5, momentum: Double? = 0.1, affine: Bool = true, trackRunningStats: Bool = true) throws {
        try Tensor.checkShape([numFeatures])
        super.init(validated: numFeatures, eps: eps, momentum: momentum, affine: affine, trackRunningStats: trackRunningStats)
    }

    override func checkInput(_ input: Tensor) throws {
        guard input.rank == 2 || input.rank == 3 else { throw ModuleError("expected 2D or 3D input (got \(input.rank)D input)") }
    }
}

/// Layer normalisation over the trailing `normalizedShape` dimensions, PyTorch's `nn.LayerNorm`.
public final class LayerNorm: Module {
    /// The trailing dimensions normalised over.
    public let normalizedShape: [Int]
    /// Added to the variance for numerical stability.
    public let eps: Double
    /// Whether the layer has a learnable `weight` (and `bias`, unless created with `bias: false`).
    public let elementwiseAffine: Bool

    /// The scale of shape `normalizedShape`, nil without `elementwiseAffine`.
    public var weight: Tensor? {
        get { parameter(named: "weight") }
        set { register(parameter: newValue, name: "weight") }
    }
    /// The shift of shape `normalizedShape`, nil without `elementwiseAffine` or with `bias: false`.
    public var bias: Tensor? {
        get { parameter(named: "bias") }
        set { register(parameter: newValue, name: "bias") }
    }

    /// A layer with weight 1 and bias 0, as PyTorch initialises it; throws for a negative size.
    public init(_ normalizedShape: [Int], eps: Double = 1e-5, elementwiseAffine: Bool = true, bias: Bool = true) throws {
        try Tensor.checkShape(normalizedShape)
        self.normalizedShape = normalizedShape
        self.eps = eps
        self.elementwiseAffine = elementwiseAffine
        super.init()
        register(parameter: elementwiseAffine ? Tensor.ones(normalizedShape, requiresGrad: true) : nil, name: "weight")
        register(parameter: elementwiseAffine && bias ? Tensor.zeros(normalizedShape, requiresGrad: true) : nil, name: "bias")
    }

    /// Normalises over the last dimension, of size `normalizedShape`.
    public convenience init(_ normalizedShape: Int, eps: Double = 1e-5, elementwiseAffine: Bool = true, bias: Bool = true) throws {
        try self.init([normalizedShape], eps: eps, elementwiseAffine: elementwiseAffine, bias: bias)
    }

    public override func callAsFunction(_ input: Tensor) throws -> Tensor {
        try input.layerNorm(normalizedShape, weight: weight, bias: bias, eps: eps)
    }

    public override var extraDescription: String {
        let shape = normalizedShape.count == 1 ? "(\(normalizedShape[0]),)" : "(" + normalizedShape.map(String.init).joined(separator: ", ") + ")"
        return "\(shape), eps=\(Python.float(eps)), elementwise_affine=\(Python.bool(elementwiseAffine)), bias=\(Python.bool(bias != nil))"
    }
}

/// Group normalisation: the channels of `[N, C, …]` inputs split into `numGroups`
/// groups, each normalised by its own statistics, PyTorch's `nn.GroupNorm`.
public final class GroupNorm: Module {
    /// The number of groups the channels are split into.
    public let numGroups: Int
    /// The number of channels `C`.
    public let numChannels: Int
    /// Added to the variance for numerical stability.
    public let eps: Double
    /// Whether the layer has a learnable per-channel `weight` and `bias`.
    public let affine: Bool

    /// The `[C]` scale, nil without `affine`.
    public var weight: Tensor? {
        get { parameter(named: "weight") }
        set { register(parameter: newValue, name: "weight") }
    }
    /// The `[C]` shift, nil without `affine`.
    public var bias: Tensor? {
        get { parameter(named: "bias") }
        set { register(parameter: newValue, name: "bias") }
    }

    /// A layer with weight 1 and bias 0, as PyTorch initialises it; throws unless
    /// `numGroups` divides `numChannels`.
    public init(_ numGroups: Int, _ numChannels: Int, eps: Double = 1e-5, affine: Bool = true) throws {
        guard numGroups != 0 else { throw ModuleError("integer modulo by zero") }
        guard numChannels % numGroups == 0 else {
            throw ModuleError("num_channels (\(numChannels)) must be divisible by num_groups (\(numGroups))")
        }
        try Tensor.checkShape([numChannels])
        self.numGroups = numGroups
        self.numChannels = numChannels
        self.eps = eps
        self.affine = affine
        super.init()
        register(parameter: affine ? Tensor.ones([numChannels], requiresGrad: true) : nil, name: "weight")
        register(parameter: affine ? Tensor.zeros([numChannels], requiresGrad: true) : nil, name: "bias")
    }

    public override func callAsFunction(_ input: Tensor) throws -> Tensor {
        try input.groupNorm(groups: numGroups, weight: weight, bias: bias, eps: eps)
    }

    public override var extraDescription: String {
        "\(numGroups), \(numChannels), eps=\(Python.float(eps)), affine=\(Python.bool(affine)), bias=\(Python.bool(affine))"
    }
}
