import Autograd
import Script

/// The `ctx` a custom autograd function's `forward` and `backward` receive:
/// `ctx.saveForBackward(a, b)` keeps tensors on the graph node, and in
/// `backward` `ctx.savedTensors` gives them back after the node has checked that
/// none was changed in place. Other attributes (`ctx.power = 3`) are kept too,
/// and `ctx.needsInputGrad` tells which inputs want a gradient.
final class FunctionContext: ScriptObject {
    static var scriptTypeName: String { "Context" }

    /// What `saveForBackward` was given, until the node takes it.
    var toSave: [Tensor] = []
    /// The node's unpacked saved tensors, while `backward` runs.
    var saved: [Tensor]?
    /// Whether each input of `forward` needs a gradient.
    var needsInputGrad: [Bool] = []
    /// Attributes set by the cell.
    var attributes: [String: Value] = [:]
}
