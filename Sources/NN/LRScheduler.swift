/// The base class of learning-rate schedules, PyTorch's `torch.optim.lr_scheduler.LRScheduler`.
///
/// Creating a scheduler records each group's starting rate as `initial_lr` and
/// takes the first step (epoch 0), as PyTorch does; each `step()` then moves to
/// the next epoch and writes the new rates into the optimizer's groups.
open class LRScheduler {
    /// The optimizer whose learning rates are scheduled.
    public let optimizer: Optimizer
    /// Each group's `initial_lr`, the rate the schedule starts from.
    public private(set) var baseLrs: [Double]
    /// The number of the current epoch (0 after creation).
    public private(set) var lastEpoch = -1
    /// The rates written by the latest step (PyTorch's `get_last_lr()`).
    public private(set) var lastLr: [Double] = []
    /// Whether the step being computed is the one taken at creation.
    public private(set) var isInitialStep = false

    /// A schedule over `optimizer`'s groups; subclasses set their own state first,
    /// then call this, which takes the first step.
    public init(_ optimizer: Optimizer) throws {
        self.optimizer = optimizer
        for index in optimizer.paramGroups.indices where optimizer.paramGroups[index]["initial_lr"] == nil {
            optimizer.paramGroups[index]["initial_lr"] = optimizer.paramGroups[index]["lr"]
        }
        baseLrs = try optimizer.paramGroups.map { try $0.number("initial_lr") }
        isInitialStep = true
        defer { isInitialStep = false }
        try step()
    }

    /// Moves to the next epoch and sets every group's learning rate.
    public func step() throws {
        lastEpoch += 1
        let rates = try computeLr()
        guard rates.count == optimizer.paramGroups.count else {
            throw ModuleError("the schedule gave \(rates.count) learning rates for \(optimizer.paramGroups.count) parameter groups")
        }
        for (index, rate) in rates.enumerated() { optimizer.paramGroups[index]["lr"] = .float(rate) }
        lastLr = try optimizer.paramGroups.map { try $0.number("lr") }
    }

    /// The learning rates set by the latest step, one per group (PyTorch's `get_last_lr()`).
    public func getLastLr() -> [Double] { lastLr }

    /// The groups' current learning rates.
    public func currentLrs() throws -> [Double] { try optimizer.paramGroups.map { try $0.number("lr") } }

    /// The learning rates for epoch `lastEpoch` (PyTorch's chainable `get_lr()`); subclasses override it.
    open func computeLr() throws -> [Double] { try currentLrs() }
}
