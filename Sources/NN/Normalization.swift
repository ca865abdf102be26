import Autograd

/// Batch normalisation over the channels of `[N, C, H, W]` inputs, PyTorch's `nn.BatchNorm2d`.
///
/// In training mode each channel is normalised with the batch's statistics and
/// the running statistics are updated; in evaluation mode the running
/// statistics are used.
public final class BatchNorm2d: Module {
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

    /// A layer with weight 1, bias 0, running mean 0, running variance 1, as PyTorch initialises it.
    public init(_ numFeatures: Int, eps: Double = 1e-5, momentum: Double? = 0.1, affine: Bool = true, trackRunningStats: Bool = true) {
        precondition(numFeatures >= 0, "BatchNorm2d size must be non-negative")
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

    public override func callAsFunction(_ input: Tensor) throws -> Tensor {
        guard input.rank == 4 else { throw ModuleError("expected 4D input (got \(input.rank)D input)") }
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
