import Autograd
import Foundation
import NN
import Script

extension IDXImageDataset: ScriptObject {}
extension CIFAR10: ScriptObject {}
extension ToTensor: ScriptObject {}
extension Normalize: ScriptObject {}
extension Compose: ScriptObject {}
extension Lambda: ScriptObject {}
extension RandomHorizontalFlip: ScriptObject {}
extension RandomCrop: ScriptObject {}

/// torchvision's datasets and transforms in cells: `MNIST(root:, train:,
/// transform:, download:)`, `FashionMNIST`, `CIFAR10` (binary batches) and the
/// shipped `Digits(root:)`, read from files under `root` (relative to the
/// notebook's folder; nothing is downloaded), and `ToTensor()`,
/// `Normalize(mean:std:)`, `Compose([…])`, `Lambda { … }`,
/// `RandomHorizontalFlip(p:)`, `RandomCrop(_:padding:)`.
enum DatasetBindings {
    static func register(in interpreter: Interpreter, dataset: HostType, folder: NotebookFolder) {
        let mnist = interpreter.defineType("MNIST", for: MNIST.self, inherits: dataset)
        mnist.initializer("init(root: String, train: Bool = true, transform: Any? = nil, targetTransform: Any? = nil, download: Bool = false)") { (a: Arguments) -> Value in
            try under(a, folder) { try MNIST(root: $0, train: try a.get(1), transform: try transform(a[2], a.interpreter),
                      targetTransform: try targetTransform(a[3], a.interpreter), download: try a.get(4)).scriptValue }
        }
        let fashion = interpreter.defineType("FashionMNIST", for: FashionMNIST.self, inherits: mnist)
        fashion.initializer("init(root: String, train: Bool = true, transform: Any? = nil, targetTransform: Any? = nil, download: Bool = false)") { (a: Arguments) -> Value in
            try under(a, folder) { try FashionMNIST(root: $0, train: try a.get(1), transform: try transform(a[2], a.interpreter),
                             targetTransform: try targetTransform(a[3], a.interpreter), download: try a.get(4)).scriptValue }
        }
        let digits = interpreter.defineType("Digits", for: Digits.self, inherits: dataset)
        digits.initializer("init(root: String, transform: Any? = nil, targetTransform: Any? = nil)") { (a: Arguments) -> Value in
            try under(a, folder) { try Digits(root: $0, transform: try transform(a[1], a.interpreter),
                                              targetTransform: try targetTransform(a[2], a.interpreter)).scriptValue }
        }
        for type in [mnist, digits] {
            type.property("targets") { (d: IDXImageDataset) in Tensor(shape: [d.labels.count], int64s: d.labels.map(Int64.init)) }
        }
        let cifar = interpreter.defineType("CIFAR10", for: CIFAR10.self, inherits: dataset)
        cifar.initializer("init(root: String, train: Bool = true, transform: Any? = nil, targetTransform: Any? = nil, download: Bool = false)") { (a: Arguments) -> Value in
            try under(a, folder) { try CIFAR10(root: $0, train: try a.get(1), transform: try transform(a[2], a.interpreter),
                        targetTransform: try targetTransform(a[3], a.interpreter), download: try a.get(4)).scriptValue }
        }
        cifar.property("classes") { (_: CIFAR10) in CIFAR10.classes }

        let base = interpreter.defineType("Transform", for: nil)
        base.method("callAsFunction(_ image: Tensor)") { (a: Arguments) -> Value in
            guard let t = a.receiver?.hostObject as? Transform else { throw HostError("not a transform") }
            return .host(try t(try a.get(0, as: Tensor.self)))
        }
        func transformType(_ name: String, _ swiftClass: AnyClass) -> HostType {
            interpreter.defineType(name, for: swiftClass, inherits: base)
        }
        transformType("ToTensor", ToTensor.self).initializer("init()") { () -> ToTensor in ToTensor() }
        transformType("Normalize", Normalize.self).initializer("init(mean: Any, std: Any)") { (a: Arguments) -> Value in
            try Normalize(mean: try numbers(a[0]), std: try numbers(a[1])).scriptValue
        }
        transformType("Compose", Compose.self).initializer("init(_ transforms: [Any])") { (a: Arguments) -> Value in
            guard case .array(let elements) = a[0].unwrapped else { throw ConversionError(expected: "[Transform]", value: a[0]) }
            return Compose(try elements.map { try transform($0, a.interpreter)! }).scriptValue
        }
        transformType("Lambda", Lambda.self).initializer("init(_ body: Any)") { (a: Arguments) -> Value in
            try transform(a[0], a.interpreter)!.scriptValueOfTransform
        }
        transformType("RandomHorizontalFlip", RandomHorizontalFlip.self).initializer("init(p: Double = 0.5)") { (p: Double) -> RandomHorizontalFlip in
            RandomHorizontalFlip(p: p)
        }
        transformType("RandomCrop", RandomCrop.self).initializer("init(_ size: Any, padding: Int? = nil)") { (a: Arguments) -> Value in
            let padding: Int? = a[1].unwrapped.isNil ? nil : try Int.fromScript(a[1].unwrapped)
            if case .int(let size) = a[0].unwrapped { return try RandomCrop(size, padding: padding).scriptValue }
            let sizes = try numbers(a[0])
            guard sizes.count == 2, sizes.allSatisfy({ $0 == $0.rounded() && abs($0) < 1e9 }) else {
                throw ConversionError(expected: "Int or (Int, Int)", value: a[0])
            }
            return try RandomCrop(height: Int(sizes[0]), width: Int(sizes[1]), padding: padding).scriptValue
        }
    }

    /// Runs `body` with the `root:` argument resolved in the notebook's folder;
    /// errors name the files as the cell wrote the root.
    static func under(_ a: Arguments, _ folder: NotebookFolder, _ body: (String) throws -> Value) throws -> Value {
        let root = try a.get(0, as: String.self)
        let resolved = folder.resolve(root)
        // The root obeys the read rule: inside the notebook's folder or an allowed one.
        let roots = CheckpointReadRule(folder: folder.rule.folder).roots
        let real = realpath(resolved, nil).map { pointer -> String in
            defer { free(pointer) }
            return String(cString: pointer)
        } ?? (resolved as NSString).standardizingPath
        guard !root.split(separator: "/").contains(".."),
              roots.contains(where: { real == $0 || real.hasPrefix($0 == "/" ? "/" : $0 + "/") }) else {
            throw HostError("cannot read '\(root)': \(CheckpointReadRule.statement)")
        }
        do {
            return try body(resolved)
        } catch let error as DataError {
            throw HostError(error.message.replacingOccurrences(of: resolved, with: root))
        }
    }

    /// A transform argument: a transform, a closure (as `Lambda`), or nil.
    static func transform(_ value: Value, _ interpreter: Interpreter) throws -> Transform? {
        if value.unwrapped.isNil { return nil }
        if let transform = value.hostObject as? Transform { return transform }
        if case .function = value.unwrapped {
            return Lambda { image in
                let result = try interpreter.call(value.unwrapped, [.host(image)])
                guard let tensor = EngineValues.tensor(in: result) else { throw HostError("a transform must return a Tensor") }
                return tensor
            }
        }
        throw ConversionError(expected: "Transform", value: value)
    }

    /// A `targetTransform:` argument: a closure (or `Lambda`) of the label, giving
    /// a number or a tensor (a one-hot vector), or nil.
    static func targetTransform(_ value: Value, _ interpreter: Interpreter) throws -> ((Int) throws -> SampleValue)? {
        if value.unwrapped.isNil { return nil }
        if let lambda = value.hostObject as? Lambda {
            return { label in .tensor(try lambda(Tensor(shape: [], int64s: [Int64(label)]))) }
        }
        guard case .function = value.unwrapped else { throw ConversionError(expected: "(Int) -> Tensor", value: value) }
        return { label in
            try DataBindings.field(try interpreter.call(value.unwrapped, [.int(label)]), of: "targetTransform", what: "returned")
        }
    }

    /// Per-channel numbers written as an array, a tuple or one number.
    static func numbers(_ value: Value) throws -> [Double] {
        if let number = EngineValues.number(in: value) { return [number] }
        let elements: [Value]
        switch value.unwrapped {
        case .array(let array): elements = array
        case .tuple(let tuple): elements = tuple.elements
        default: throw ConversionError(expected: "[Double]", value: value)
        }
        return try elements.map { element in
            guard let number = EngineValues.number(in: element) else { throw ConversionError(expected: "[Double]", value: value) }
            return number
        }
    }
}

private extension Transform {
    var scriptValueOfTransform: Value { .host(self) }
}
