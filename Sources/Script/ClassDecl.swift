/// A `class` declaration.
public final class ClassDecl {
    /// The class name.
    public let name: String
    /// The superclass (a script class or a host type), if any.
    public let superclassName: String?
    /// Stored properties, in declaration order.
    public let properties: [PropertyDecl]
    /// Instance methods (including `callAsFunction`), type methods and computed
    /// properties' getters.
    public let methods: [FunctionDecl]
    /// Initializers.
    public let initializers: [FunctionDecl]
    /// Computed properties: getters with no parameters.
    public let computedProperties: [FunctionDecl]
    /// Where it is declared.
    public let location: SourceLocation
    /// The name under which the class is declared.
    let binding: Binding
    /// The class created the last time the declaration ran.
    var runtimeClass: ScriptClass?

    init(name: String, superclassName: String?, properties: [PropertyDecl], methods: [FunctionDecl],
         initializers: [FunctionDecl], computedProperties: [FunctionDecl], at location: SourceLocation) {
        self.name = name
        self.superclassName = superclassName
        self.properties = properties
        self.methods = methods
        self.initializers = initializers
        self.computedProperties = computedProperties
        self.location = location
        self.binding = Binding(name, isConstant: true, at: location)
    }
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
}
