/// Sets each group's learning rate to its initial rate times a function of the
/// epoch, PyTorch's `LambdaLR`.
public final class LambdaLR: LRScheduler {
    /// The factor for each group, as a function of the epoch.
    public let lambdas: [(Int) throws -> Double]

    /// A schedule with one factor function for every group.
    public convenience init(_ optimizer: Optimizer, lrLambda: @escaping (Int) throws -> Double) throws {
        try self.init(optimizer, lrLambdas: Array(repeating: lrLambda, count: optimizer.paramGroups.count))
    }

    /// A schedule with one factor function per group; throws when the counts differ.
    public init(_ optimizer: Optimizer, lrLambdas: [(Int) throws -> Double]) throws {
        guard lrLambdas.count == optimizer.paramGroups.count else {
            throw ModuleError("Expected \(optimizer.paramGroups.count) lr_lambdas, but got \(lrLambdas.count)")
        }
        lambdas = lrLambdas
        try super.init(optimizer)
    }

    public override func computeLr() throws -> [Double] {
        try zip(lambdas, baseLrs).map { lambda, base in base * (try lambda(lastEpoch)) }
    }
}
