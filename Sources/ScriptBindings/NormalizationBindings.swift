import Autograd
import NN
import Script

/// The normalisation layers besides `BatchNorm2d` (`BatchNorm1d(64)`,
/// `LayerNorm(512)`, `LayerNorm([3, 4], elementwiseAffine: false)`,
/// `GroupNorm(2, 8)`) and their functional forms (`layerNorm(x, [4])`,
/// `groupNorm(x, 2)`). The engine checks the sizes.
enum NormalizationBindings {
    static func register(in interpreter: Interpreter, module: HostType) {
        func layer(_ name: String, _ swiftClass: AnyClass) -> HostType {
            interpreter.defineType(name, for: swiftClass, inherits: module)
        }
        let batchNorm = layer("BatchNorm1d", BatchNorm1d.self)
        batchNorm.initializer("init(_ numFeatures: Int, eps: Double = 1e-05, momentum: Double? = 0.1, affine: Bool = true, trackRunningStats: Bool = true)") {
            (a: Arguments) -> Value in
            try BatchNorm1d(try a.get(0), eps: try a.get(1), momentum: try a.get(2), affine: try a.get(3), trackRunningStats: try a.get(4)).scriptValue
        }
        batchNormProperties(batchNorm)

        let layerNorm = layer("LayerNorm", LayerNorm.self)
        layerNorm.initializer("init(_ normalizedShape: Any, eps: Double = 1e-05, elementwiseAffine: Bool = true, bias: Bool = true)") {
            (a: Arguments) -> Value in
            try LayerNorm(try shape(a[0]), eps: try a.get(1), elementwiseAffine: try a.get(2), bias: try a.get(3)).scriptValue
        }
        layerNorm.property("normalizedShape") { (l: LayerNorm) in l.normalizedShape }
        layerNorm.property("eps") { (l: LayerNorm) in l.eps }

        let groupNorm = layer("GroupNorm", GroupNorm.self)
        groupNorm.initializer("init(_ numGroups: Int, _ numChannels: Int, eps: Double = 1e-05, affine: Bool = true)") {
            (groups: Int, channels: Int, eps: Double, affine: Bool) in try GroupNorm(groups, channels, eps: eps, affine: affine)
        }
        groupNorm.property("numGroups") { (g: GroupNorm) in g.numGroups }
        groupNorm.property("numChannels") { (g: GroupNorm) in g.numChannels }

        interpreter.defineFunction("layerNorm(_ x: Tensor, _ normalizedShape: Any, weight: Tensor? = nil, bias: Tensor? = nil, eps: Double = 1e-05)") {
            (a: Arguments) -> Value in
            .host(try a.get(0, as: Tensor.self).layerNorm(try shape(a[1]), weight: try a.get(2), bias: try a.get(3), eps: try a.get(4)))
        }
        interpreter.defineFunction("groupNorm(_ x: Tensor, _ numGroups: Int, weight: Tensor? = nil, bias: Tensor? = nil, eps: Double = 1e-05)") {
            (a: Arguments) -> Value in
            .host(try a.get(0, as: Tensor.self).groupNorm(groups: try a.get(1), weight: try a.get(2), bias: try a.get(3), eps: try a.get(4)))
        }
    }

    /// `numFeatures`, `runningMean`, `runningVar` and `numBatchesTracked` of a batch normalisation layer.
    static func batchNormProperties(_ type: HostType) {
        type.property("numFeatures") { (b: BatchNorm) in b.numFeatures }
        type.property("runningMean") { (b: BatchNorm) in b.runningMean }
        type.property("runningVar") { (b: BatchNorm) in b.runningVar }
        type.property("numBatchesTracked") { (b: BatchNorm) in b.numBatchesTracked }
    }

    /// A normalized shape given as an Int, a list or a tuple of Ints.
    private static func shape(_ value: Value) throws -> [Int] { try EngineValues.integers(value) }
}
