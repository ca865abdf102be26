import Foundation
import Script

/// A small host for the tests: fake engine types that exercise every extension
/// point of the interpreter without tensors.

/// A vector of doubles, with arithmetic operators, a subscript and properties.
class Vector: ScriptObject, CustomStringConvertible {
    static var scriptTypeName: String { "Vector" }
    var elements: [Double]
    var label = ""

    init(_ elements: [Double]) { self.elements = elements }

    var description: String { "Vector(\(elements))" }

    func combined(with other: Vector, _ op: (Double, Double) -> Double) throws -> Vector {
        guard other.elements.count == elements.count else {
            throw HostError("size mismatch: \(elements.count) vs \(other.elements.count)")
        }
        return Vector(zip(elements, other.elements).map(op))
    }
}

/// A counter with a method that returns nothing and a call-as-function.
final class Counter: ScriptObject {
    var value = 0
}

/// A module-like type: cell classes may subclass it; it records the children
/// assigned to its instances' stored properties, in order.
class Layer: ScriptObject, ScriptSubclassBase, CustomStringConvertible {
    static var scriptTypeName: String { "Layer" }
    let name: String
    var children: [(String, Value)] = []
    var scriptInstance: ScriptInstance?

    init(name: String) { self.name = name }

    var description: String {
        children.isEmpty ? "\(name)()" : "\(name)(\(children.map(\.0).joined(separator: ", ")))"
    }

    /// Runs the layer: a script subclass's `callAsFunction`, or the layer's own.
    func forward(_ x: Value) throws -> Value {
        if let scriptInstance { return try scriptInstance.call("callAsFunction", [x]) }
        return x
    }
}

/// A layer that scales vectors.
final class Scale: Layer {
    let factor: Double
    init(_ factor: Double) {
        self.factor = factor
        super.init(name: "Scale")
    }

    override func forward(_ x: Value) throws -> Value {
        let vector = try Vector.fromScript(x)
        return .host(Vector(vector.elements.map { $0 * factor }))
    }
}

enum TestHost {
    /// Whether `noGrad` is running its body.
    nonisolated(unsafe) static var insideNoGrad = false

    static func register(in interpreter: Interpreter) {
        let vector = interpreter.defineType("Vector", for: Vector.self)
        vector.initializer("init(_ elements: [Double])") { (elements: [Double]) in Vector(elements) }
        vector.initializer("init(repeating value: Double, count: Int)") { (value: Double, count: Int) -> Vector in
            guard count >= 0 else { throw HostError("negative count") }
            return Vector(Array(repeating: value, count: count))
        }
        vector.staticMethod("zeros(_ count: Int)") { (count: Int) in Vector(Array(repeating: 0, count: max(0, count))) }
        vector.staticProperty("unitX") { Vector([1, 0]) }
        vector.method("sum()") { (v: Vector) in v.elements.reduce(0, +) }
        vector.method("scaled(by factor: Double = 2)") { (v: Vector, f: Double) in Vector(v.elements.map { $0 * f }) }
        vector.method("dot(_ other: Vector)") { (v: Vector, w: Vector) in try v.combined(with: w, *).elements.reduce(0, +) }
        vector.method("fill(_ value: Double)") { (v: Vector, x: Double) in v.elements = v.elements.map { _ in x } }
        vector.method("apply(_ transform: Any)") { (a: Arguments) -> Value in
            let v = try a.receiver(as: Vector.self)
            return .host(Vector(try v.elements.map { try Double.fromScript(try a.interpreter.call(a[0], [.double($0)])) }))
        }
        vector.property("count") { (v: Vector) in v.elements.count }
        vector.property("label", get: { (v: Vector) in v.label }, set: { (v: Vector, s: String) in v.label = s })
        vector.property("maybeFirst") { (v: Vector) -> Double? in v.elements.first }
        vector.subscripts(get: { receiver, indices in
            let v = try Vector.fromScript(receiver)
            guard indices.count == 1 else { throw HostError("Vector takes one index, got \(indices.count)") }
            switch indices[0] {
            case .int(let i):
                guard i >= 0 && i < v.elements.count else { throw HostError("index \(i) is out of bounds for size \(v.elements.count)") }
                return .double(v.elements[i])
            case .range(let r):
                let lower = r.lower ?? 0, upper = r.end ?? v.elements.count
                guard lower >= 0, upper <= v.elements.count, lower <= upper else { throw HostError("range out of bounds") }
                return .host(Vector(Array(v.elements[lower..<upper])))
            default:
                throw HostError("unsupported index")
            }
        }, set: { receiver, indices, value in
            let v = try Vector.fromScript(receiver)
            guard indices.count == 1, case .int(let i) = indices[0], i >= 0, i < v.elements.count else {
                throw HostError("bad index")
            }
            v.elements[i] = try Double.fromScript(value)
        })
        vector.binaryOperator("+") { (a: Vector, b: Vector) in try a.combined(with: b, +) }
        vector.binaryOperator("-") { (a: Vector, b: Vector) in try a.combined(with: b, -) }
        vector.binaryOperator("*") { (a: Vector, b: Vector) in try a.combined(with: b, *) }
        vector.binaryOperator("*") { (a: Vector, b: Double) in Vector(a.elements.map { $0 * b }) }
        vector.binaryOperator("*") { (a: Double, b: Vector) in Vector(b.elements.map { a * $0 }) }
        vector.binaryOperator("+") { (a: Vector, b: Double) in Vector(a.elements.map { $0 + b }) }
        vector.binaryOperator("**") { (a: Vector, b: Double) in Vector(a.elements.map { pow($0, b) }) }
        vector.binaryOperator("==") { (a: Vector, b: Vector) in try a.combined(with: b) { $0 == $1 ? 1 : 0 } }
        vector.prefixOperator("-") { (a: Vector) in Vector(a.elements.map { -$0 }) }
        vector.inPlaceOperator("+=") { (a: Vector, b: Vector) in a.elements = try a.combined(with: b, +).elements }
        vector.inPlaceOperator("+=") { (a: Vector, b: Double) in a.elements = a.elements.map { $0 + b } }

        let counter = interpreter.defineType("Counter", for: Counter.self)
        counter.initializer("init()") { Counter() }
        counter.method("increment(by amount: Int = 1)") { (c: Counter, n: Int) in c.value += n }
        counter.method("callAsFunction()") { (c: Counter) in c.value }
        counter.property("value") { (c: Counter) in c.value }

        let layer = interpreter.defineType("Layer", for: Layer.self)
        layer.initializer("init(name: String)") { (name: String) in Layer(name: name) }
        layer.method("callAsFunction(_ x: Any)") { (l: Layer, x: Value) in try l.forward(x) }
        layer.method("childNames()") { (l: Layer) in l.children.map(\.0) }
        layer.method("run(_ x: Any)") { (l: Layer, x: Value) in try l.forward(x) }
        layer.property("name") { (l: Layer) in l.name }
        layer.dynamicMembers(names: { value in (try? Layer.fromScript(value))?.children.map(\.0) ?? [] },
                             get: { value, name in
                                 try Layer.fromScript(value).children.first { $0.0 == name }?.1
                             },
                             set: { value, name, newValue in
                                 let l = try Layer.fromScript(value)
                                 guard let index = l.children.firstIndex(where: { $0.0 == name }) else { return false }
                                 l.children[index].1 = newValue
                                 return true
                             })
        layer.subclassable(makeBase: { instance in
            let base = Layer(name: instance.className)
            base.scriptInstance = instance
            return base
        }, propertyDidChange: { instance, name, value in
            guard let base = instance.hostBase as? Layer, value.hostObject is Layer else { return }
            if let index = base.children.firstIndex(where: { $0.0 == name }) {
                base.children[index].1 = value
            } else {
                base.children.append((name, value))
            }
        })
        let scale = interpreter.defineType("Scale", for: Scale.self, inherits: layer)
        scale.initializer("init(_ factor: Double)") { (f: Double) in Scale(f) }
        scale.property("factor") { (s: Scale) in s.factor }

        interpreter.defineFunction("noGrad(_ body: Any)") { (body: Value) -> Value in
            insideNoGrad = true
            defer { insideNoGrad = false }
            return try interpreter.call(body, [])
        }
        interpreter.defineFunction("isGradEnabled()") { () -> Bool in !insideNoGrad }
        interpreter.defineFunction("hostFailure(_ message: String)") { (message: String) -> Int in
            throw HostError(message)
        }
        interpreter.defineFunction("sumAll(_ values: Double...)") { (values: [Double]) in values.reduce(0, +) }
        interpreter.defineFunction("pick(a: Int)") { (a: Int) in "a=\(a)" }
        interpreter.defineFunction("pick(b: Int)") { (b: Int) in "b=\(b)" }
        interpreter.defineFunction("makeVector(size: Int = 2, value: Double = 1)") { (n: Int, v: Double) in
            Vector(Array(repeating: v, count: max(0, n)))
        }
        interpreter.defineFunction("maybeVector(_ present: Bool)") { (present: Bool) -> Vector? in present ? Vector([1]) : nil }
        interpreter.defineFunction("picture(_ svg: String)") { (svg: String) in interpreter.display(svg: svg) }
        interpreter.defineFunction("callTwice(_ body: Any)") { (a: Arguments) -> Value in
            _ = try a.interpreter.call(a[0], [.int(1)])
            return try a.interpreter.call(a[0], [.int(2)])
        }
    }
}

