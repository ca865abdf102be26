import Autograd
import NN
import Script

/// The layers of `NN` in cells, with Swift-style initialisers
/// (`Conv2d(1, 6, 5)`, `Conv2d(3, 64, kernelSize: 7, stride: 2, padding: 3, bias: false)`).
/// The engine checks the sizes and throws PyTorch's errors.
enum LayerBindings {
    static func register(in interpreter: Interpreter, module: HostType) {
        func layer(_ name: String, _ swiftClass: AnyClass) -> HostType {
            interpreter.defineType(name, for: swiftClass, inherits: module)
        }

        let linear = layer("Linear", Linear.self)
        linear.initializer("init(_ inFeatures: Int, _ outFeatures: Int, bias: Bool = true)") { (i: Int, o: Int, bias: Bool) in
            try Linear(i, o, bias: bias)
        }
        linear.property("inFeatures") { (l: Linear) in l.inFeatures }
        linear.property("outFeatures") { (l: Linear) in l.outFeatures }

        let conv = layer("Conv2d", Conv2d.self)
        // `Conv2d(1, 6, 5)`, `Conv2d(3, 64, kernelSize: 7, stride: 2)` and PyTorch's positional `Conv2d(1, 32, 3, 1)`.
        for labels in ["_ kernelSize: Any, stride: Any = 1, padding: Any = 0", "kernelSize: Any, stride: Any = 1, padding: Any = 0",
                       "_ kernelSize: Any, _ stride: Any, _ padding: Any = 0"] {
            conv.initializer("init(_ inChannels: Int, _ outChannels: Int, \(labels), dilation: Any = 1, groups: Int = 1, bias: Bool = true)") { a in
                try makeConv2d(a).scriptValue
            }
        }
        conv.property("inChannels") { (c: Conv2d) in c.inChannels }
        conv.property("outChannels") { (c: Conv2d) in c.outChannels }
        conv.property("kernelSize") { (c: Conv2d) in [c.kernelSize.0, c.kernelSize.1] }
        conv.property("stride") { (c: Conv2d) in [c.stride.0, c.stride.1] }
        conv.property("padding") { (c: Conv2d) in [c.padding.0, c.padding.1] }
        conv.property("groups") { (c: Conv2d) in c.groups }

        let transposed = layer("ConvTranspose2d", ConvTranspose2d.self)
        // `ConvTranspose2d(16, 33, 3, stride: 2)` and PyTorch's positional `ConvTranspose2d(16, 33, 3, 2, 1, 1)`.
        for labels in ["_ kernelSize: Any, stride: Any = 1, padding: Any = 0, outputPadding: Any = 0",
                       "kernelSize: Any, stride: Any = 1, padding: Any = 0, outputPadding: Any = 0",
                       "_ kernelSize: Any, _ stride: Any, _ padding: Any = 0, _ outputPadding: Any = 0"] {
            transposed.initializer("init(_ inChannels: Int, _ outChannels: Int, \(labels), groups: Int = 1, bias: Bool = true, dilation: Any = 1)") { a in
                try ConvTranspose2d(
                    try a.get(0, as: Int.self), try a.get(1, as: Int.self), kernelSize: try EngineValues.pair(a[2], name: "kernelSize"),
                    stride: try EngineValues.pair(a["stride"], name: "stride"), padding: try EngineValues.pair(a["padding"], name: "padding"),
                    outputPadding: try EngineValues.pair(a["outputPadding"], name: "outputPadding"), groups: try a.get("groups", as: Int.self),
                    bias: try a.get("bias", as: Bool.self), dilation: try EngineValues.pair(a["dilation"], name: "dilation")).scriptValue
            }
        }
        transposed.property("inChannels") { (c: ConvTranspose2d) in c.inChannels }
        transposed.property("outChannels") { (c: ConvTranspose2d) in c.outChannels }
        transposed.property("kernelSize") { (c: ConvTranspose2d) in [c.kernelSize.0, c.kernelSize.1] }
        transposed.property("stride") { (c: ConvTranspose2d) in [c.stride.0, c.stride.1] }
        transposed.property("padding") { (c: ConvTranspose2d) in [c.padding.0, c.padding.1] }
        transposed.property("outputPadding") { (c: ConvTranspose2d) in [c.outputPadding.0, c.outputPadding.1] }
        transposed.property("groups") { (c: ConvTranspose2d) in c.groups }

        let upsample = layer("Upsample", Upsample.self)
        upsample.initializer("init(size: Any? = nil, scaleFactor: Any? = nil, mode: String = \"nearest\", alignCorners: Bool? = nil)") { a in
            Upsample(size: try upsamplingSize(a["size"]), scaleFactor: try scaleFactors(a["scaleFactor"]),
                     mode: try a.get(2), alignCorners: try a.get(3)).scriptValue
        }
        upsample.property("mode") { (u: Upsample) in u.mode }
        interpreter.defineFunction("interpolate(_ input: Tensor, size: Any? = nil, scaleFactor: Any? = nil, mode: String = \"nearest\", alignCorners: Bool? = nil)") { a in
            .host(try interpolate(try a.get(0), size: try upsamplingSize(a["size"]), scaleFactor: try scaleFactors(a["scaleFactor"]),
                                  mode: try a.get(3), alignCorners: try a.get(4)))
        }

        let batchNorm = layer("BatchNorm2d", BatchNorm2d.self)
        batchNorm.initializer("init(_ numFeatures: Int, eps: Double = 1e-05, momentum: Double? = 0.1, affine: Bool = true, trackRunningStats: Bool = true)") {
            (a: Arguments) -> Value in
            try BatchNorm2d(try a.get(0), eps: try a.get(1), momentum: try a.get(2), affine: try a.get(3), trackRunningStats: try a.get(4)).scriptValue
        }
        NormalizationBindings.batchNormProperties(batchNorm)

        layer("ReLU", ReLU.self).initializer("init(inplace: Bool = false)") { (inplace: Bool) in ReLU(inplace: inplace) }
        layer("Sigmoid", Sigmoid.self).initializer("init()") { Sigmoid() }
        layer("Tanh", Tanh.self).initializer("init()") { Tanh() }
        layer("Identity", Identity.self).initializer("init()") { Identity() }
        layer("Softmax", Softmax.self).initializer("init(dim: Int)") { (dim: Int) in Softmax(dim: dim) }
        layer("LogSoftmax", LogSoftmax.self).initializer("init(dim: Int)") { (dim: Int) in LogSoftmax(dim: dim) }
        let flatten = layer("Flatten", Flatten.self)
        flatten.initializer("init(startDim: Int = 1, endDim: Int = -1)") { (s: Int, e: Int) in Flatten(startDim: s, endDim: e) }
        flatten.initializer("init(_ startDim: Int, _ endDim: Int = -1)") { (s: Int, e: Int) in Flatten(startDim: s, endDim: e) }
        let unflatten = layer("Unflatten", Unflatten.self)
        for labels in [("dim", "unflattenedSize"), ("_ dim", "_ unflattenedSize")] {
            unflatten.initializer("init(\(labels.0): Int, \(labels.1): Any)") { (dim: Int, sizes: Value) in
                Unflatten(dim: dim, unflattenedSize: try EngineValues.integers(sizes))
            }
        }
        let embedding = layer("Embedding", Embedding.self)
        embedding.initializer("init(_ numEmbeddings: Int, _ embeddingDim: Int, paddingIdx: Int? = nil)") {
            (count: Int, width: Int, padding: Int?) in try Embedding(count, width, paddingIndex: padding)
        }
        embedding.property("numEmbeddings") { (e: Embedding) in e.numEmbeddings }
        embedding.property("embeddingDim") { (e: Embedding) in e.embeddingDim }
        embedding.property("paddingIdx") { (e: Embedding) in e.paddingIndex }
        interpreter.defineFunction("embedding(_ input: Tensor, _ weight: Tensor, paddingIdx: Int? = nil)") {
            (input: Tensor, weight: Tensor, padding: Int?) in try weight.embedding(input, paddingIndex: padding)
        }

        let dropout = layer("Dropout", Dropout.self)
        for label in ["_", "p"] {
            dropout.initializer("init(\(label) p: Double = 0.5, inplace: Bool = false)") { (p: Double, inplace: Bool) in
                try Dropout(p: p, inplace: inplace)
            }
        }
        dropout.property("p") { (d: Dropout) in d.p }
        let dropout2d = layer("Dropout2d", Dropout2d.self)
        for label in ["_", "p"] {
            dropout2d.initializer("init(\(label) p: Double = 0.5, inplace: Bool = false)") { (p: Double, inplace: Bool) in
                try Dropout2d(p: p, inplace: inplace)
            }
        }
        dropout2d.property("p") { (d: Dropout2d) in d.p }

        let maxPool = layer("MaxPool2d", MaxPool2d.self)
        let avgPool = layer("AvgPool2d", AvgPool2d.self)
        // `MaxPool2d(2)`, `MaxPool2d(kernelSize: 3, stride: 2)` and PyTorch's positional `MaxPool2d(2, 2)`.
        for labels in ["_ kernelSize: Any, stride: Any? = nil, padding: Any = 0", "kernelSize: Any, stride: Any? = nil, padding: Any = 0",
                       "_ kernelSize: Any, _ stride: Any?, _ padding: Any = 0"] {
            maxPool.initializer("init(\(labels), dilation: Any = 1, ceilMode: Bool = false)") { a in
                let kernel = a["kernelSize"], scalar = EngineValues.isScalar(kernel)
                if scalar, [a["stride"], a["padding"], a["dilation"]].allSatisfy({ $0.isNil || EngineValues.isScalar($0) }) {
                    return MaxPool2d(kernelSize: try a.get(0), stride: try a.get(1), padding: try a.get(2),
                                     dilation: try a.get(3), ceilMode: try a.get(4)).scriptValue
                }
                return MaxPool2d(kernelSize: try EngineValues.pair(kernel, name: "kernelSize"),
                                 stride: try a["stride"].isNil ? nil : EngineValues.pair(a["stride"], name: "stride"),
                                 padding: try EngineValues.pair(a["padding"], name: "padding"),
                                 dilation: try EngineValues.pair(a["dilation"], name: "dilation"),
                                 ceilMode: try a.get(4)).scriptValue
            }
            avgPool.initializer("init(\(labels), ceilMode: Bool = false, countIncludePad: Bool = true, divisorOverride: Int? = nil)") { a in
                let kernel = a["kernelSize"]
                if EngineValues.isScalar(kernel), [a["stride"], a["padding"]].allSatisfy({ $0.isNil || EngineValues.isScalar($0) }) {
                    return AvgPool2d(kernelSize: try a.get(0), stride: try a.get(1), padding: try a.get(2), ceilMode: try a.get(3),
                                     countIncludePad: try a.get(4), divisorOverride: try a.get(5)).scriptValue
                }
                return AvgPool2d(kernelSize: try EngineValues.pair(kernel, name: "kernelSize"),
                                 stride: try a["stride"].isNil ? nil : EngineValues.pair(a["stride"], name: "stride"),
                                 padding: try EngineValues.pair(a["padding"], name: "padding"), ceilMode: try a.get(3),
                                 countIncludePad: try a.get(4), divisorOverride: try a.get(5)).scriptValue
            }
        }

        let adaptive = layer("AdaptiveAvgPool2d", AdaptiveAvgPool2d.self)
        for label in ["_", "outputSize"] {
            adaptive.initializer("init(\(label) outputSize: Any)") { (size: Value) -> AdaptiveAvgPool2d in
                if case .int(let n) = size.unwrapped {
                    guard n > 0 else { throw ModuleError("adaptive_avg_pool2d: output size must be positive, got \(n)") }
                    return AdaptiveAvgPool2d(outputSize: n)
                }
                let pair = try EngineValues.pair(size, name: "outputSize")
                guard pair.0 > 0 && pair.1 > 0 else { throw ModuleError("adaptive_avg_pool2d: output size must be positive, got (\(pair.0), \(pair.1))") }
                return AdaptiveAvgPool2d(outputSize: pair)
            }
        }

        let sequential = layer("Sequential", Sequential.self)
        sequential.initializer("init(_ modules: Any...)") { (modules: Value) -> Sequential in
            guard case .array(var items) = modules else { throw ConversionError(expected: "Module", value: modules) }
            if items.count == 1, case .dictionary = items[0].unwrapped {
                return try Sequential(named: try ContainerBindings.namedModules(items[0]))
            }
            if items.count == 1, case .array(let inner) = items[0] { items = inner }
            return Sequential(try items.map { try Module.fromScript($0) })
        }
        // torchvision's Sequential subclass: indexable as its parent.
        interpreter.defineType("Conv2dNormActivation", for: Conv2dNormActivation.self, inherits: sequential)
        sequential.property("count") { (s: Sequential) in s.count }
        sequential.method("append(_ module: Module)") { (s: Sequential, m: Module) in
            try ModuleBindings.checkNoCycle(adding: m, to: s)
            s.append(m)
        }
        sequential.subscripts(get: { receiver, indices in
            let s = try Sequential.fromScript(receiver)
            return try s.module(at: try sequentialIndex(indices, s)).scriptValue
        }, set: { receiver, indices, value in
            let s = try Sequential.fromScript(receiver)
            let index = try sequentialIndex(indices, s)
            let module = try Module.fromScript(value)
            try ModuleBindings.checkNoCycle(adding: module, to: s)
            s[index] = module
        })

        LossBindings.register(in: interpreter, module: module)
        ActivationBindings.register(in: interpreter, module: module)
        NormalizationBindings.register(in: interpreter, module: module)
    }

    /// `Conv2d(in, out, kernel, stride:, padding:, dilation:, groups:, bias:)`.
    private static func makeConv2d(_ a: Arguments) throws -> Conv2d {
        let inChannels = try a.get(0, as: Int.self), outChannels = try a.get(1, as: Int.self)
        let kernel = try EngineValues.pair(a[2], name: "kernelSize")
        let stride = try EngineValues.pair(a["stride"], name: "stride")
        let padding = try EngineValues.pair(a["padding"], name: "padding")
        let dilation = try EngineValues.pair(a["dilation"], name: "dilation")
        let groups = try a.get("groups", as: Int.self), bias = try a.get("bias", as: Bool.self)
        return try Conv2d(inChannels, outChannels, kernelSize: kernel, stride: stride, padding: padding,
                      dilation: dilation, groups: groups, bias: bias)
    }

    /// An upsampling size: nil, one Int for both dimensions, or one per dimension.
    private static func upsamplingSize(_ value: Value) throws -> [Int]? {
        value.isNil ? nil : try EngineValues.integers(value)
    }

    /// An upsampling factor: nil, one number for both dimensions, or one per dimension (`[2, 1.5]`, `(2, 3)`).
    private static func scaleFactors(_ value: Value) throws -> [Double]? {
        if value.isNil { return nil }
        if let number = EngineValues.number(in: value) { return [number] }
        let elements: [Value]
        switch value.unwrapped {
        case .array(let values): elements = values
        case .tuple(let tuple): elements = tuple.elements
        default: throw ConversionError(expected: "Double or [Double]", value: value)
        }
        return try elements.map { element in
            guard let number = EngineValues.number(in: element) else { throw ConversionError(expected: "Double or [Double]", value: value) }
            return number
        }
    }

    /// The index of `sequential[i]`, checked against its length (negative counts from the end).
    private static func sequentialIndex(_ indices: [Value], _ s: Sequential) throws -> Int {
        guard indices.count == 1, case .int(let index) = indices[0].unwrapped else {
            throw HostError("a Sequential takes one Int index")
        }
        guard index >= -s.count && index < s.count else { throw ModuleError("index \(index) is out of range") }
        return index
    }
}
