/// An iterator over a sequence as cells see it: what `array.makeIterator()`
/// gives (`IndexingIterator`) and what `AnyIterator { … }` wraps. Its `next()`
/// gives the elements one at a time, then nil; `for … in` over it consumes it,
/// so a cell class's `makeIterator()` may return one.
class ScriptIterator {
    private let step: () throws -> Value?
    private var finished = false

    init(_ step: @escaping () throws -> Value?) { self.step = step }

    /// An iterator over the elements of an array (a copy: later changes to the
    /// array do not show, as in Swift).
    convenience init(elements: [Value]) {
        var index = 0
        self.init {
            guard index < elements.count else { return nil }
            defer { index += 1 }
            return elements[index]
        }
    }

    /// The next element, or nil once the iterator is exhausted (and ever after).
    func next() throws -> Value? {
        if finished { return nil }
        guard let value = try step() else {
            finished = true
            return nil
        }
        return value
    }
}

/// `AnyIterator { … }`: an iterator whose `next()` calls a closure.
final class ScriptAnyIterator: ScriptIterator {}

extension Interpreter {
    func registerIterators() {
        let indexing = defineType("IndexingIterator", for: ScriptIterator.self)
        let any = defineType("AnyIterator", for: ScriptAnyIterator.self, inherits: indexing)
        func iterator(_ value: Value?) throws -> ScriptIterator {
            guard case .host(let it as ScriptIterator)? = value else { throw HostError("expected an iterator") }
            return it
        }
        indexing.method("next()") { a in try iterator(a.receiver).next() ?? .nil }
        indexing.iterable { value in
            let it = try iterator(value)
            return { try it.next() }
        }
        indexing.describe { value in
            if case .host(let it as ScriptIterator) = value, it is ScriptAnyIterator { return "AnyIterator" }
            return "IndexingIterator"
        }
        any.initializer("init(_ body: Any)") { [unowned self] a in
            let body = a[0]
            let location = a.location
            return .host(ScriptAnyIterator {
                let value = try self.callValue(body, [], at: location)
                switch value {
                case .nil: return nil
                case .some(let wrapped): return wrapped
                default: return value
                }
            })
        }
    }
}
