import Autograd
import NN
import Script

/// Free functions on tensors, PyTorch's `torch.*` and `torch.nn.functional.*`:
/// `relu(x)`, `softmax(x, dim: 1)`, `maxPool2d(x, 2)`, `flatten(x, startDim: 1)`,
/// `cat`, `stack`, `matmul` and the losses. (`exp(x)`, `sqrt(x)`, `abs(x)`, … are
/// the standard library's, which call the tensor's method.)
enum FunctionalBindings {
    /// One-tensor functions: `relu(x)`.
    static let unaryFunctions: [String: (Tensor) throws -> Tensor] = [
        "relu": { $0.relu() },
        "sigmoid": { $0.sigmoid() },
    ]

    /// Losses between a prediction and a target, with `reduction:`.
    static let losses: [String: (Tensor, Tensor, Reduction) throws -> Tensor] = [
        "mseLoss": { try NN.mseLoss($0, $1, reduction: $2) },
        "nllLoss": { try NN.nllLoss($0, $1, reduction: $2) },
    ]

    static func register(in interpreter: Interpreter) {
        for (name, body) in unaryFunctions {
            interpreter.defineFunction("\(name)(_ x: Tensor)") { (x: Tensor) in try body(x) }
        }
        for (name, body) in losses {
            interpreter.defineFunction("\(name)(_ input: Tensor, _ target: Tensor, reduction: String = \"mean\")") {
                (input: Tensor, target: Tensor, reduction: String) in try body(input, target, try self.reduction(reduction))
            }
        }
        interpreter.defineFunction("softmax(_ x: Tensor, dim: Int)") { (x: Tensor, dim: Int) in try x.softmax(dim: dim) }
        interpreter.defineFunction("logSoftmax(_ x: Tensor, dim: Int)") { (x: Tensor, dim: Int) in try x.logSoftmax(dim: dim) }
        interpreter.defineFunction("flatten(_ x: Tensor, startDim: Int = 0, endDim: Int = -1)") { (x: Tensor, s: Int, e: Int) in
            try x.flatten(startDim: s, endDim: e)
        }
        interpreter.defineFunction("flatten(_ x: Tensor, _ startDim: Int, _ endDim: Int = -1)") { (x: Tensor, s: Int, e: Int) in
            try x.flatten(startDim: s, endDim: e)
        }
        interpreter.defineFunction("softmax(_ x: Tensor, _ dim: Int)") { (x: Tensor, dim: Int) in try x.softmax(dim: dim) }
        interpreter.defineFunction("logSoftmax(_ x: Tensor, _ dim: Int)") { (x: Tensor, dim: Int) in try x.logSoftmax(dim: dim) }
        interpreter.defineFunction("matmul(_ a: Tensor, _ b: Tensor)") { (a: Tensor, b: Tensor) in try a.matmul(b) }
        interpreter.defineFunction("cat(_ tensors: [Tensor], dim: Int = 0)") { (tensors: [Tensor], dim: Int) in
            try Tensor.cat(tensors, dim: dim)
        }
        interpreter.defineFunction("stack(_ tensors: [Tensor], dim: Int = 0)") { (tensors: [Tensor], dim: Int) in
            try Tensor.stack(tensors, dim: dim)
        }
        interpreter.defineFunction("maxPool2d(_ x: Tensor, _ kernelSize: Any, stride: Any? = nil, padding: Any = 0)") { a in
            let x = try a.get(0, as: Tensor.self)
            return .host(try x.maxPool2d(kernelSize: try EngineValues.pair(a[1], name: "kernelSize"),
                                         stride: try a["stride"].isNil ? nil : EngineValues.pair(a["stride"], name: "stride"),
                                         padding: try EngineValues.pair(a["padding"], name: "padding")))
        }
        interpreter.defineFunction("avgPool2d(_ x: Tensor, _ kernelSize: Any, stride: Any? = nil, padding: Any = 0)") { a in
            let x = try a.get(0, as: Tensor.self)
            return .host(try x.avgPool2d(kernelSize: try EngineValues.pair(a[1], name: "kernelSize"),
                                         stride: try a["stride"].isNil ? nil : EngineValues.pair(a["stride"], name: "stride"),
                                         padding: try EngineValues.pair(a["padding"], name: "padding")))
        }
        interpreter.defineFunction("adaptiveAvgPool2d(_ x: Tensor, _ outputSize: Any)") { (x: Tensor, size: Value) -> Tensor in
            let pair = try EngineValues.pair(size, name: "outputSize")
            guard pair.0 > 0 && pair.1 > 0 else { throw TensorError("adaptive_avg_pool2d: output size must be positive") }
            return try x.adaptiveAvgPool2d(outputSize: pair)
        }
        interpreter.defineFunction("dropout(_ x: Tensor, p: Double = 0.5, training: Bool = true)") { (x: Tensor, p: Double, training: Bool) in
            try NN.dropout(x, p: p, training: training)
        }
        interpreter.defineFunction("dropout2d(_ x: Tensor, p: Double = 0.5, training: Bool = true)") { (x: Tensor, p: Double, training: Bool) in
            try NN.dropout2d(x, p: p, training: training)
        }
        interpreter.defineFunction("linear(_ x: Tensor, weight: Tensor, bias: Tensor? = nil)") { (x: Tensor, w: Tensor, b: Tensor?) in
            try x.linear(weight: w, bias: b)
        }
        interpreter.defineFunction("conv2d(_ x: Tensor, weight: Tensor, bias: Tensor? = nil, stride: Any = 1, padding: Any = 0, dilation: Any = 1, groups: Int = 1)") { a in
            let x = try a.get(0, as: Tensor.self)
            return .host(try x.conv2d(weight: try a.get(1), bias: try a.get(2),
                                      stride: try EngineValues.pair(a["stride"], name: "stride"),
                                      padding: try EngineValues.pair(a["padding"], name: "padding"),
                                      dilation: try EngineValues.pair(a["dilation"], name: "dilation"),
                                      groups: try a.get("groups")))
        }
        interpreter.defineFunction("convTranspose2d(_ x: Tensor, weight: Tensor, bias: Tensor? = nil, stride: Any = 1, padding: Any = 0, outputPadding: Any = 0, groups: Int = 1, dilation: Any = 1)") { a in
            let x = try a.get(0, as: Tensor.self)
            return .host(try x.convTranspose2d(weight: try a.get(1), bias: try a.get(2),
                                               stride: try EngineValues.pair(a["stride"], name: "stride"),
                                               padding: try EngineValues.pair(a["padding"], name: "padding"),
                                               outputPadding: try EngineValues.pair(a["outputPadding"], name: "outputPadding"),
                                               groups: try a.get("groups"),
                                               dilation: try EngineValues.pair(a["dilation"], name: "dilation")))
        }
    }

    /// A loss reduction by PyTorch's name: `"mean"`, `"sum"` or `"none"`.
    static func reduction(_ name: String) throws -> Reduction {
        guard let reduction = Reduction(rawValue: name) else {
            throw HostError("\(name) is not a valid value for reduction (expected \"mean\", \"sum\" or \"none\")")
        }
        return reduction
    }
}
