/// A `class`, `struct` or `enum` declaration, or an `extension` of a type (which adds methods,
/// computed properties and subscripts to a cell class or a host type).
public final class ClassDecl {
    /// What the declaration is.
    public enum Kind {
        case `class`
        case `extension`
        case `enum`
        /// A `struct`: a type whose instances are values (copied on assignment).
        case `struct`
    }

    /// The class name (for an extension, the extended type's name).
    public let name: String
    /// Whether it declares a class or extends a type.
    public let kind: Kind
    /// Every name after the `:` in order: the superclass (a script class or a
    /// host type) if the first one is a class, then protocols.
    public let inheritedNames: [String]
    /// Stored properties, in declaration order.
    public let properties: [PropertyDecl]
    /// Instance methods (including `callAsFunction`) and type methods.
    public let methods: [FunctionDecl]
    /// Initializers.
    public let initializers: [FunctionDecl]
    /// Computed properties' getters (no parameters).
    public let computedProperties: [FunctionDecl]
    /// Computed properties' setters, named after their property, with one
    /// parameter (`newValue` unless the setter names it).
    public let computedSetters: [FunctionDecl]
    /// Subscript getters, named `subscript`, with the index parameters.
    public let subscripts: [FunctionDecl]
    /// Subscript setters: the index parameters, then the new value.
    public let subscriptSetters: [FunctionDecl]
    /// An enum's cases, in order.
    public let cases: [EnumCaseDecl]
    /// Where it is declared.
    public let location: SourceLocation
    /// The name under which the class is declared.
    let binding: Binding
    /// The class created the last time the declaration ran.
    var runtimeClass: ScriptClass?

    /// The first inherited name, which may be a superclass.
    public var superclassName: String? { inheritedNames.first }

    init(name: String, kind: Kind = .class, inheritedNames: [String], members: ClassMembers, at location: SourceLocation) {
        self.name = name
        self.kind = kind
        self.inheritedNames = inheritedNames
        self.properties = members.properties
        self.methods = members.methods
        self.initializers = members.initializers
        self.computedProperties = members.computedProperties
        self.computedSetters = members.computedSetters
        self.subscripts = members.subscripts
        self.subscriptSetters = members.subscriptSetters
        self.cases = members.cases
        self.location = location
        self.binding = Binding(name, isConstant: true, at: location)
    }

    /// Every function the declaration contains (each resolved like a method).
    var allFunctions: [FunctionDecl] {
        methods + initializers + computedProperties + computedSetters + subscripts + subscriptSetters
            + properties.flatMap { [$0.willSet, $0.didSet, $0.lazyInitializer].compactMap { $0 } }
    }
}

/// The members of a class body as the parser collects them.
struct ClassMembers {
    var properties: [PropertyDecl] = []
    var methods: [FunctionDecl] = []
    var initializers: [FunctionDecl] = []
    var computedProperties: [FunctionDecl] = []
    var computedSetters: [FunctionDecl] = []
    var subscripts: [FunctionDecl] = []
    var subscriptSetters: [FunctionDecl] = []
    var cases: [EnumCaseDecl] = []
}

/// A stored property: `let name: Type = value` inside a class.
public struct PropertyDecl {
    /// The property's name.
    public var name: String
    /// Whether it is a `let`.
    public var isConstant: Bool
    /// The annotated type, if any.
    public var type: TypeAnnotation?
    /// The initial value, if any (evaluated for each new instance).
    public var initializer: Expr?
    /// Whether it is `static` (one value for the class).
    public var isStatic: Bool
    /// Where it is declared.
    public var location: SourceLocation
    /// The `willSet` observer: a method with one parameter, the new value.
    public var willSet: FunctionDecl?
    /// The `didSet` observer: a method with one parameter, the old value.
    public var didSet: FunctionDecl?
    /// For a `lazy var`: a method computing the initial value, run the first
    /// time the property is read (then `initializer` is nil).
    public var lazyInitializer: FunctionDecl?

    /// Whether the property is `lazy`.
    public var isLazy: Bool { lazyInitializer != nil }
}

/// A `protocol` declaration: a name classes may adopt (its requirements are
/// not checked).
public final class ProtocolDecl {
    /// The protocol's name.
    public let name: String
    /// Where it is declared.
    public let location: SourceLocation
    /// The name under which the protocol is declared.
    let binding: Binding

    init(name: String, at location: SourceLocation) {
        self.name = name
        self.location = location
        self.binding = Binding(name, isConstant: true, at: location)
    }
}
