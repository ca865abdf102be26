import Synchronization

/// A type provided by the host (for example `Tensor` or `Linear`), registered
/// with `Interpreter.defineType(_:for:inherits:)`. Its builder methods add
/// initializers, type members, methods, properties, subscripts, operators,
/// printing and subclassing by cell classes; typed variants live in
/// `HostType+Typed.swift`.
///
/// Members are looked up on the type, then on its `parent` (so a `Linear`
/// registered with `inherits: module` gets `Module`'s methods).
public final class HostType {
    /// The type's name in cells.
    public let name: String
    /// The Swift class whose objects have this type, if any.
    public let swiftClass: AnyClass?
    /// The host type this one inherits members from.
    public let parent: HostType?

    var initializers: [NativeFunction] = []
    var staticMethods: [String: [NativeFunction]] = [:]
    var staticProperties: [String: () throws -> Value] = [:]
    var methods: [String: [NativeFunction]] = [:] {
        didSet { HostType.memberChanges.add(1, ordering: .relaxed) }
    }
    var properties: [String: (get: (Value) throws -> Value, set: ((Value, Value) throws -> Void)?)] = [:] {
        didSet { HostType.memberChanges.add(1, ordering: .relaxed) }
    }
    var binaryOperators: [String: [(Value, Value) throws -> Value?]] = [:]
    var prefixOperators: [String: [(Value) throws -> Value?]] = [:]
    var inPlaceOperators: [String: [(Value, Value) throws -> Bool]] = [:]
    var subscriptGetter: ((Value, [Value]) throws -> Value)?
    var subscriptSetter: ((Value, [Value], Value) throws -> Void)?
    var dynamicMemberNames: ((Value) -> [String])?
    var dynamicMemberGetter: ((Value, String) throws -> Value?)?
    var dynamicMemberSetter: ((Value, String, Value) throws -> Bool)?
    var describer: ((Value) -> String)?
    /// Whether cells may name this type's static properties with a leading dot
    /// where the type is not spelt out (`x.to(.float64)`): see `implicitMembers`.
    var allowsImplicitMembers = false
    var iteratorMaker: ((Value) throws -> () throws -> Value?)?
    var makeSubclassBase: ((ScriptInstance) throws -> AnyObject)?
    var subclassPropertyDidChange: ((ScriptInstance, String, Value) throws -> Void)?

    /// Counts changes to any host type's methods and properties (and to which
    /// type a class has), so that member expressions can cache what they found.
    static let memberChanges = Atomic<Int>(0)

    init(name: String, swiftClass: AnyClass?, parent: HostType?) {
        self.name = name
        self.swiftClass = swiftClass
        self.parent = parent
    }

    /// This type and its ancestors, nearest first.
    private(set) lazy var lineage: [HostType] = [self] + (parent?.lineage ?? [])

    /// Drops every member and the lineage (see `Interpreter.close()`): the
    /// members' closures often hold the type or its interpreter's other types,
    /// and the lineage holds the type itself.
    func removeAllMembers() {
        initializers = []
        staticMethods = [:]
        staticProperties = [:]
        methods = [:]
        properties = [:]
        binaryOperators = [:]
        prefixOperators = [:]
        inPlaceOperators = [:]
        subscriptGetter = nil
        subscriptSetter = nil
        dynamicMemberNames = nil
        dynamicMemberGetter = nil
        dynamicMemberSetter = nil
        describer = nil
        iteratorMaker = nil
        makeSubclassBase = nil
        subclassPropertyDidChange = nil
        lineage = []
    }

    // MARK: Registration (raw values)

    /// Adds an initializer: `Tensor(_:requiresGrad:)` is
    /// `initializer("init(_ data: Value, requiresGrad: Bool = false)") { args in … }`.
    /// Overloads are told apart by labels.
    public func initializer(_ signature: String, _ body: @escaping (Arguments) throws -> Value) {
        initializers.append(NativeFunction(signature, body))
    }

    /// Adds a type method: `staticMethod("rand(_ shape: Int...)") { args in … }`.
    public func staticMethod(_ signature: String, _ body: @escaping (Arguments) throws -> Value) {
        let function = NativeFunction(signature, body)
        staticMethods[function.name, default: []].append(function)
    }

    /// Adds a type property such as `Double.pi`.
    public func staticProperty(_ name: String, _ get: @escaping () throws -> Value) {
        staticProperties[name] = get
    }

    /// Adds an instance method; the receiver is `arguments.receiver`.
    /// `method("callAsFunction(_ x: Tensor)")` makes instances callable.
    public func method(_ signature: String, _ body: @escaping (Arguments) throws -> Value) {
        let function = NativeFunction(signature, body)
        methods[function.name, default: []].append(function)
    }

    /// Adds a property, settable when `set` is given.
    public func property(_ name: String, get: @escaping (Value) throws -> Value,
                         set: ((Value, Value) throws -> Void)? = nil) {
        properties[name] = (get, set)
    }

    /// Adds a binary operator used when this type's value is either operand; the
    /// body returns nil when it does not apply to the operands' types (then the
    /// other operand's type is tried). `op` is one of `+ - * / % ** == != < <= > >=`.
    public func binaryOperator(_ op: String, _ body: @escaping (Value, Value) throws -> Value?) {
        binaryOperators[op, default: []].append(body)
    }

    /// Adds a prefix operator (`-` or `!`); nil when it does not apply.
    public func prefixOperator(_ op: String, _ body: @escaping (Value) throws -> Value?) {
        prefixOperators[op, default: []].append(body)
    }

    /// Adds an in-place compound assignment (`+=`, `-=`, `*=`, `/=`) that mutates the
    /// left operand instead of assigning a new value to the variable; the body
    /// returns false when it does not apply (then `a = a + b` is used).
    public func inPlaceOperator(_ op: String, _ body: @escaping (Value, Value) throws -> Bool) {
        inPlaceOperators[op, default: []].append(body)
    }

    /// Makes values subscriptable: `x[0, 1]`, `x[0..<2]` (indices arrive as
    /// values: `.int`, `.range`, …).
    public func subscripts(get: @escaping (Value, [Value]) throws -> Value,
                           set: ((Value, [Value], Value) throws -> Void)? = nil) {
        subscriptGetter = get
        subscriptSetter = set
    }

    /// Adds members looked up by name at run time (a module's children): `get`
    /// returns nil for an unknown name, `set` returns false; `names` lists them
    /// for did-you-mean suggestions.
    public func dynamicMembers(names: @escaping (Value) -> [String],
                               get: @escaping (Value, String) throws -> Value?,
                               set: ((Value, String, Value) throws -> Bool)? = nil) {
        dynamicMemberNames = names
        dynamicMemberGetter = get
        dynamicMemberSetter = set
    }

    /// Lets cells write this type's static properties with a leading dot where
    /// no type is known to resolve it (`.float64` for `DType.float64`), as
    /// Swift resolves them against the expected type. Types declared this way
    /// are searched in order of registration; a name two of them share is
    /// ambiguous unless the expected type is known.
    public func implicitMembers() {
        allowsImplicitMembers = true
        HostType.memberChanges.add(1, ordering: .relaxed)
    }

    /// Makes values iterable by `for … in`, one element at a time: `makeIterator`
    /// starts a pass over the value and returns its `next`, which gives nil at the
    /// end. Elements are produced only as the loop asks for them (a data loader
    /// reads and shuffles lazily, as PyTorch's does).
    public func iterable(_ makeIterator: @escaping (Value) throws -> () throws -> Value?) {
        iteratorMaker = makeIterator
    }

    /// Sets how values print (`print`, interpolation, `String(describing:)`).
    /// Without it, a `CustomStringConvertible` object prints its description.
    public func describe(_ body: @escaping (Value) -> String) {
        describer = body
    }

    /// Lets cell classes inherit from this type: `class Net: Module { … }`.
    /// `makeBase` creates the host object behind each new instance (before its
    /// property initializers run); `propertyDidChange` is told about every
    /// assignment to a stored property of the instance, in order (so a module can
    /// register children). Methods the class does not declare, properties it does
    /// not store, and printing fall through to the base object.
    public func subclassable(makeBase: @escaping (ScriptInstance) throws -> AnyObject,
                             propertyDidChange: ((ScriptInstance, String, Value) throws -> Void)? = nil) {
        makeSubclassBase = makeBase
        subclassPropertyDidChange = propertyDidChange
    }

    // MARK: Lookup

    func findMethods(_ name: String) -> [NativeFunction]? {
        var type = self
        while true {
            if let found = type.methods[name] { return found }
            guard let parent = type.parent else { return nil }
            type = parent
        }
    }

    func findProperty(_ name: String) -> (get: (Value) throws -> Value, set: ((Value, Value) throws -> Void)?)? {
        for t in lineage { if let found = t.properties[name] { return found } }
        return nil
    }

    func findStaticMethods(_ name: String) -> [NativeFunction]? {
        for t in lineage { if let found = t.staticMethods[name] { return found } }
        return nil
    }

    func findStaticProperty(_ name: String) -> (() throws -> Value)? {
        for t in lineage { if let found = t.staticProperties[name] { return found } }
        return nil
    }

    var subscriptAccessors: (get: (Value, [Value]) throws -> Value, set: ((Value, [Value], Value) throws -> Void)?)? {
        for t in lineage { if let get = t.subscriptGetter { return (get, t.subscriptSetter) } }
        return nil
    }

    var dynamicMemberAccessors: (names: (Value) -> [String], get: (Value, String) throws -> Value?,
                                 set: ((Value, String, Value) throws -> Bool)?)? {
        for t in lineage {
            if let names = t.dynamicMemberNames, let get = t.dynamicMemberGetter {
                return (names, get, t.dynamicMemberSetter)
            }
        }
        return nil
    }

    var iteration: ((Value) throws -> () throws -> Value?)? {
        for t in lineage { if let make = t.iteratorMaker { return make } }
        return nil
    }

    var description: ((Value) -> String)? {
        for t in lineage { if let d = t.describer { return d } }
        return nil
    }

    var subclassing: (makeBase: (ScriptInstance) throws -> AnyObject, didChange: ((ScriptInstance, String, Value) throws -> Void)?)? {
        for t in lineage { if let make = t.makeSubclassBase { return (make, t.subclassPropertyDidChange) } }
        return nil
    }

    /// Every member name, for did-you-mean suggestions.
    func memberNames(of value: Value?) -> [String] {
        var names: [String] = []
        for t in lineage {
            names += t.methods.keys
            names += t.properties.keys
            if let value, let dynamic = t.dynamicMemberNames { names += dynamic(value) }
        }
        return names
    }

    /// Every static member name, for did-you-mean suggestions.
    var staticMemberNames: [String] {
        lineage.flatMap { Array($0.staticMethods.keys) + Array($0.staticProperties.keys) }
    }
}
