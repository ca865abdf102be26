import Autograd
import NN
import Script

extension TensorDataset: ScriptObject {}
extension Subset: ScriptObject {}
extension DataLoader: ScriptObject {}

/// `torch.utils.data` in cells: `TensorDataset(x, y)`, cell classes adopting
/// `Dataset`, `Subset(dataset, indices)`, `randomSplit(dataset, [0.8, 0.2])` and
/// `DataLoader(dataset, batchSize: 64, shuffle: true)`, which a `for (x, y) in
/// loader` loop iterates one batch at a time. A sample or batch of one field is
/// that field itself; of several, a tuple.
enum DataBindings {
    @discardableResult
    static func register(in interpreter: Interpreter) -> HostType {
        let dataset = interpreter.defineType("Dataset", for: ScriptDataset.self)
        dataset.initializer("init()") { () -> Value in
            throw HostError("'Dataset' is a protocol: declare a class that adopts it (class Samples: Dataset { var count: Int { … }; subscript(_ index: Int) -> … })")
        }
        dataset.subclassable(makeBase: { [unowned interpreter] instance in ScriptDataset(instance: instance, interpreter: interpreter) })
        dataset.property("count") { (value: Value) -> Int in
            let data = try self.dataset(value)
            if let script = data as? ScriptDataset { throw script.missing("var count: Int { get }") }
            return data.count
        }
        dataset.subscripts(get: { value, indices in
            let data = try self.dataset(value)
            if let script = data as? ScriptDataset { throw script.missing("subscript(_ index: Int)") }
            guard indices.count == 1, case .int(let index) = indices[0].unwrapped else {
                throw HostError("a Dataset is indexed by one Int")
            }
            return self.value(of: try data.sample(checked: index))
        })

        let tensorDataset = interpreter.defineType("TensorDataset", for: TensorDataset.self, inherits: dataset)
        tensorDataset.initializer("init(_ tensors: Tensor...)") { (a: Arguments) -> Value in
            try TensorDataset(try a.get(0, as: [Tensor].self)).scriptValue
        }
        tensorDataset.property("tensors") { (d: TensorDataset) in d.tensors }

        let subset = interpreter.defineType("Subset", for: Subset.self, inherits: dataset)
        subset.initializer("init(_ dataset: Any, _ indices: [Int])") { (a: Arguments) -> Value in
            try Subset(try self.dataset(a[0]), indices: try a.get(1)).scriptValue
        }
        subset.property("indices") { (s: Subset) in s.indices }
        subset.property("dataset") { (s: Subset) in self.scriptValue(of: s.dataset) }

        interpreter.defineFunction("randomSplit(_ dataset: Any, _ lengths: [Any], generator: Any? = nil)") { (a: Arguments) -> Value in
            let data = try self.dataset(a[0])
            let generator = try self.generator(a[2]) ?? .default
            guard case .array(let values) = a[1].unwrapped else { throw ConversionError(expected: "[Int] or [Double]", value: a[1]) }
            let subsets: [Subset]
            if values.allSatisfy({ if case .int = $0.unwrapped { return true } else { return false } }) {
                subsets = try randomSplit(data, lengths: try values.map { try Int.fromScript($0.unwrapped) }, generator: generator)
            } else {
                subsets = try randomSplit(data, fractions: try values.map { try Double.fromScript($0.unwrapped) }, generator: generator)
            }
            return .array(subsets.map(\.scriptValue))
        }

        let loader = interpreter.defineType("DataLoader", for: DataLoader.self)
        loader.initializer("init(_ dataset: Any, batchSize: Int = 1, shuffle: Bool = false, dropLast: Bool = false, generator: Any? = nil)") { (a: Arguments) -> Value in
            let data = try self.dataset(a[0])
            if let script = data as? ScriptDataset { _ = try script.checkedCount() }
            return try DataLoader(data, batchSize: try a.get(1), shuffle: try a.get(2), dropLast: try a.get(3),
                                  generator: try self.generator(a[4])).scriptValue
        }
        loader.property("count") { (l: DataLoader) in l.count }
        loader.property("batchSize") { (l: DataLoader) in l.batchSize }
        loader.property("dataset") { (l: DataLoader) in self.scriptValue(of: l.dataset) }
        loader.iterable { value in
            var iterator = try DataLoader.fromScript(value).makeIterator()
            return { try iterator.next().map(self.value(ofBatch:)) }
        }
        loader.method("makeIterator()") { (l: DataLoader) -> Value in
            LoaderIterator(l.makeIterator()).scriptValue
        }
        let iterator = interpreter.defineType("DataLoader.Iterator", for: LoaderIterator.self)
        iterator.method("next()") { (a: Arguments) -> Value in
            let it = try LoaderIterator.fromScript(a.receiver ?? .nil)
            guard let batch = try it.iterator.next() else { return .nil }
            return .some(self.value(ofBatch: batch))
        }
        loader.method("enumerated()") { (l: DataLoader) -> Value in
            EnumeratedLoader(loader: l).scriptValue
        }
        let enumerated = interpreter.defineType("EnumeratedSequence<DataLoader>", for: EnumeratedLoader.self)
        enumerated.iterable { value in
            var iterator = try EnumeratedLoader.fromScript(value).loader.makeIterator()
            var offset = 0
            return {
                guard let batch = try iterator.next() else { return nil }
                defer { offset += 1 }
                return .tuple(Tuple([.int(offset), self.value(ofBatch: batch)], labels: ["offset", "element"]))
            }
        }
        return dataset
    }

    /// The engine dataset of a cell value: a host dataset or a cell class adopting `Dataset`.
    static func dataset(_ value: Value) throws -> Dataset {
        guard let data = value.hostObject as? Dataset else { throw ConversionError(expected: "Dataset", value: value) }
        return data
    }

    /// A cell value for an engine dataset (a cell class's instance for its base).
    static func scriptValue(of dataset: Dataset) -> Value {
        if let base = dataset as? ScriptSubclassBase, let instance = base.scriptInstance { return .instance(instance) }
        return .host(dataset)
    }

    /// A `Generator` argument, or nil.
    static func generator(_ value: Value) throws -> Generator? {
        if value.unwrapped.isNil { return nil }
        return try Generator.fromScript(value.unwrapped)
    }

    /// The fields of a sample returned by a cell class's subscript: a tuple or an
    /// array of fields, or one field (a tensor or a number).
    static func sample(from value: Value, of className: String) throws -> [SampleValue] {
        func field(_ value: Value) throws -> SampleValue { try DataBindings.field(value, of: "'\(className)' subscript", what: "returned") }
        switch value.unwrapped {
        case .tuple(let tuple): return try tuple.elements.map(field)
        case .array(let elements): return try elements.map(field)
        default: return [try field(value)]
        }
    }

    /// One field of a sample: a number or a tensor; `source` and `what` name what
    /// gave something else in the error.
    static func field(_ value: Value, of source: String, what: String) throws -> SampleValue {
        switch value.unwrapped {
        case .int(let i): return .int(i)
        case .double(let d): return .double(d)
        default:
            guard let tensor = EngineValues.tensor(in: value) else {
                throw HostError("\(source) \(what) a '\(ModuleBindings.pythonTypeName(of: value))'; a sample holds tensors and numbers")
            }
            return .tensor(tensor)
        }
    }

    /// A sample as a cell value: its only field, or a tuple of them.
    static func value(of sample: [SampleValue]) -> Value {
        let fields = sample.map { field -> Value in
            switch field {
            case .tensor(let tensor): return .host(tensor)
            case .int(let i): return .int(i)
            case .double(let d): return .double(d)
            }
        }
        return fields.count == 1 ? fields[0] : .tuple(Tuple(fields))
    }

    /// A batch as a cell value: its only tensor, or a tuple of them.
    static func value(ofBatch batch: [Tensor]) -> Value {
        batch.count == 1 ? .host(batch[0]) : .tuple(Tuple(batch.map { .host($0) }))
    }
}

/// `loader.makeIterator()`: one pass over a loader, read by `next()` (Python's
/// `next(iter(loader))`), which gives nil at the end.
final class LoaderIterator: ScriptObject {
    var iterator: DataLoader.Iterator
    init(_ iterator: DataLoader.Iterator) { self.iterator = iterator }
}

/// `loader.enumerated()`: the loader's batches numbered from 0, read lazily.
final class EnumeratedLoader: ScriptObject {
    let loader: DataLoader
    init(loader: DataLoader) { self.loader = loader }
}
