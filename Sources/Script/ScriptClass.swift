/// A class declared in a cell, at run time: its declaration, its superclass (a
/// script class or a host type) and the environment its methods capture.
public final class ScriptClass {
    /// The class name.
    public let name: String
    let decl: ClassDecl
    /// The superclass declared in a cell, if any.
    let superclass: ScriptClass?
    /// The nearest host type among the ancestors, if any.
    let hostSuperclass: HostType?
    /// The environment around the declaration.
    let closure: Environment?
    private(set) var methods: [String: [FunctionDecl]] = [:]
    private(set) var staticMethods: [String: [FunctionDecl]] = [:]
    private(set) var computedProperties: [String: FunctionDecl] = [:]
    private(set) var computedSetters: [String: FunctionDecl] = [:]
    private(set) var staticComputedProperties: [String: FunctionDecl] = [:]
    private(set) var subscriptGetters: [FunctionDecl] = []
    private(set) var subscriptSetters: [FunctionDecl] = []
    /// The protocols the class adopts (in its declaration or an extension).
    private(set) var protocols: Set<String> = []
    /// The members added by extensions, by name (for suggestions).
    private(set) var extensionMemberNames: [String] = []
    /// The members `extension P { … }` gave the cells' protocols, consulted
    /// after the class and its ancestors (a protocol's default implementations).
    var protocolExtensions: ProtocolExtensions?
    /// Static stored properties' values.
    var staticValues: [String: Value] = [:]
    /// Whether the type is a `struct`, whose instances are values: copied when
    /// a copy held elsewhere would see a change (see `ScriptInstance.copy`).
    let isStruct: Bool
    /// Whether the type is a struct or an enum (whose `mutating` methods change
    /// the storage they are called on).
    let isValueType: Bool

    init(decl: ClassDecl, superclass: ScriptClass?, hostSuperclass: HostType?, closure: Environment?, protocols: [String]) {
        self.name = decl.name
        self.decl = decl
        self.superclass = superclass
        self.hostSuperclass = hostSuperclass ?? superclass?.hostSuperclass
        self.closure = closure
        self.isStruct = decl.kind == .struct
        self.isValueType = decl.kind == .struct || decl.kind == .enum
        add(decl, protocols: protocols)
    }

    /// Adds the members of a declaration (the class's own, or an extension's).
    func add(_ decl: ClassDecl, protocols: [String]) {
        for method in decl.methods {
            if method.isStatic { staticMethods[method.name, default: []].append(method) }
            else { methods[method.name, default: []].append(method) }
        }
        for getter in decl.computedProperties {
            if getter.isStatic { staticComputedProperties[getter.name] = getter }
            else { computedProperties[getter.name] = getter }
        }
        for setter in decl.computedSetters where !setter.isStatic { computedSetters[setter.name] = setter }
        subscriptGetters += decl.subscripts
        subscriptSetters += decl.subscriptSetters
        self.protocols.formUnion(protocols)
        if decl !== self.decl {
            extensionMemberNames += decl.methods.map(\.name) + decl.computedProperties.map(\.name)
        }
    }

    /// Whether the type declares enum cases (which `.name` may refer to anywhere).
    var hasCases: Bool { !enumCases.isEmpty }
    /// An enum's cases, in order.
    var enumCases: [EnumCaseDecl] { decl.cases }
    /// An enum's raw values by case name (filled in when the enum is declared).
    var rawValues: [String: Value] = [:]
    /// The one value of each case without associated values.
    var caseValues: [String: ScriptInstance] = [:]

    /// Whether the class or an ancestor adopts `name`.
    func conforms(to name: String) -> Bool {
        nearest { $0.protocols.contains(name) ? true : nil } != nil
    }

    /// The subscript getters, from this class or the nearest ancestor declaring some.
    func findSubscripts() -> ([FunctionDecl], ScriptClass)? {
        nearest { $0.subscriptGetters.isEmpty ? nil : $0.subscriptGetters }
    }

    /// The subscript setters, from this class or the nearest ancestor declaring some.
    func findSubscriptSetters() -> ([FunctionDecl], ScriptClass)? {
        nearest { $0.subscriptSetters.isEmpty ? nil : $0.subscriptSetters }
    }

    /// The setter of the computed property `name`, searching ancestors too.
    func findComputedSetter(_ name: String) -> (FunctionDecl, ScriptClass)? {
        nearest { $0.computedSetters[name] }
    }

    /// The static computed property `name`, searching ancestors too.
    func findStaticComputedProperty(_ name: String) -> (FunctionDecl, ScriptClass)? {
        nearest { $0.staticComputedProperties[name] }
    }

    /// The methods named `name`, from this class or the nearest ancestor
    /// declaring them, with the class that declares them.
    func findMethods(_ name: String) -> ([FunctionDecl], ScriptClass)? {
        nearest { $0.methods[name] }
    }

    /// The static methods named `name`, searching ancestors too.
    func findStaticMethods(_ name: String) -> ([FunctionDecl], ScriptClass)? {
        nearest { $0.staticMethods[name] }
    }

    /// The computed property `name`, searching ancestors too.
    func findComputedProperty(_ name: String) -> (FunctionDecl, ScriptClass)? {
        nearest { $0.computedProperties[name] }
    }

    /// The initializers declared by this class or inherited from the nearest
    /// script ancestor that declares some.
    func findInitializers() -> ([FunctionDecl], ScriptClass)? {
        nearest { $0.decl.initializers.isEmpty ? nil : $0.decl.initializers }
    }

    /// The stored property declaration `name`, searching ancestors too.
    func findStoredProperty(_ name: String) -> PropertyDecl? {
        nearest { $0.decl.properties.first(where: { $0.name == name && !$0.isStatic }) }?.0
    }

    /// The first non-nil `member(c)` for this class and then each ancestor `c`,
    /// with the class that gave it.
    /// Then the same for the extensions of the protocols they adopt.
    @inline(__always)
    private func nearest<Member>(_ member: (ScriptClass) -> Member?) -> (Member, ScriptClass)? {
        var current: ScriptClass? = self
        while let c = current {
            if let found = member(c) { return (found, c) }
            current = c.superclass
        }
        guard let extensions = protocolExtensions, !extensions.byProtocol.isEmpty else { return nil }
        current = self
        while let c = current {
            for name in c.protocols.sorted() {
                if let added = extensions.byProtocol[name], let found = member(added) { return (found, added) }
            }
            current = c.superclass
        }
        return nil
    }

    /// Every member name declared in the class and its script ancestors.
    var memberNames: [String] {
        var names: [String] = []
        var current: ScriptClass? = self
        while let c = current {
            names += c.decl.properties.map(\.name) + c.decl.methods.map(\.name) + c.decl.computedProperties.map(\.name)
                + c.extensionMemberNames
            for name in c.protocols {
                guard let added = protocolExtensions?.byProtocol[name] else { continue }
                names += added.decl.methods.map(\.name) + added.decl.computedProperties.map(\.name) + added.extensionMemberNames
            }
            current = c.superclass
        }
        return names
    }
}

/// The members that cells' `extension P { … }` declarations add to their
/// protocols, by protocol: every type adopting `P` has them unless it declares
/// its own (default implementations).
final class ProtocolExtensions {
    var byProtocol: [String: ScriptClass] = [:]
}

/// An instance of a class declared in a cell: its stored properties and, when the
/// class inherits from a host type, the host's base object.
public final class ScriptInstance {
    /// The instance's class.
    public let scriptClass: ScriptClass
    var fields: [String: Value] = [:]
    /// The host object created for a subclass of a host type (see
    /// `HostType.subclassable(makeBase:propertyDidChange:)`).
    public internal(set) var hostBase: AnyObject?
    weak var interpreter: Interpreter?
    /// True while an initializer runs (constants may be assigned).
    var isInitializing = false
    /// For a value of an enum: its case and associated values.
    var enumCase: EnumCaseValue?

    init(scriptClass: ScriptClass, interpreter: Interpreter) {
        self.scriptClass = scriptClass
        self.interpreter = interpreter
    }

    deinit {
        // A long chain of instances (a linked list) is released without recursion.
        if !fields.isEmpty {
            DeferredRelease.release({ fields = [:] }, orPark: {
                let contents = fields
                fields = [:]
                return contents
            })
        }
    }

    /// The class name.
    public var className: String { scriptClass.name }

    /// Whether the instance is a value of a `struct`. Such an instance is
    /// shared by the copies of the value until one of them changes: a change
    /// goes to a copy of the instance unless the storage being changed holds
    /// the only reference to it (copy on write).
    var isValue: Bool { scriptClass.isValueType }

    /// A new instance with the same stored properties (a struct value's copy).
    func copy() -> ScriptInstance { ScriptInstance(copying: self) }

    private init(copying other: ScriptInstance) {
        scriptClass = other.scriptClass
        interpreter = other.interpreter
        fields = other.fields
        enumCase = other.enumCase
        isInitializing = other.isInitializing
    }

    /// The stored properties and their values, in declaration order.
    var storedProperties: [(name: String, value: Value)] {
        storedPropertyNames.map { ($0, fields[$0] ?? .nil) }
    }

    /// The value of a stored property, if the instance has it.
    public func value(of property: String) -> Value? { fields[property] }

    /// The stored properties' names, in declaration order (superclass first).
    public var storedPropertyNames: [String] {
        var chain: [ScriptClass] = []
        var current: ScriptClass? = scriptClass
        while let c = current { chain.insert(c, at: 0); current = c.superclass }
        return chain.flatMap { $0.decl.properties.filter { !$0.isStatic }.map(\.name) }
    }

    /// Calls a method of the instance (declared in the script, or inherited from
    /// the host type) with unlabeled arguments, e.g. `call("callAsFunction", [x])`.
    public func call(_ method: String, _ arguments: [Value]) throws -> Value {
        guard let interpreter else { throw HostError("the interpreter of '\(className)' no longer exists") }
        return try interpreter.callMethod(method, on: .instance(self), arguments)
    }
}

/// The case of an enum value, with its associated values (labelled as declared).
struct EnumCaseValue {
    var name: String
    var payload: Tuple?
}
