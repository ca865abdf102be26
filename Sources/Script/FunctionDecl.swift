/// A function, method, initializer, computed property or closure.
public final class FunctionDecl {
    /// What sort of function it is.
    public enum Kind {
        case function
        case method
        case initializer
        case closure
    }

    /// The function's name (`init` for an initializer, `closure` for a closure).
    public let name: String
    /// What sort of function it is.
    public let kind: Kind
    /// Its parameters.
    public let parameters: [ParameterDecl]
    /// Its declared result type, if any.
    public let resultType: TypeAnnotation?
    /// Its body.
    public let body: Block
    /// Where it is declared.
    public let location: SourceLocation
    /// Whether it is declared `static` (a type method).
    public let isStatic: Bool
    /// The name under which the function itself is declared (nil for closures).
    let binding: Binding?
    /// Whether it is a `mutating` method.
    var isMutating = false
    /// For a closure without a parameter list: how many `$N` parameters it uses.
    var implicitParameterCount = 0
    /// Total local slots of the function's own environment (self, parameters and
    /// the body's top-level locals), filled in by the resolver.
    var slotCount = 0
    /// How each parameter's declared type converts its argument, in order.
    let parameterConversions: [Conversion]
    /// How the declared result type converts the result (none for initializers).
    let resultConversion: Conversion
    /// Whether arguments whose labels match bind to the parameters one to one, in
    /// order: no parameter has a default value or is variadic, and a closure's
    /// arguments are not spread from one tuple.
    let bindsArgumentsInOrder: Bool
    /// Whether a parameter is `inout` (its final value goes back to the caller).
    let hasInoutParameters: Bool
    /// Whether `self` may change in the body: a `mutating` method, or an
    /// initializer, setter or observer of a struct (set by the resolver).
    var hasMutableSelf = false
    /// An emptied environment of a call that nothing kept (no closure captured
    /// it), for the next call to reuse instead of allocating one.
    var spareEnvironment: Environment?
    /// Whether the function has a `self` in slot 0.
    var hasSelf: Bool { kind == .method || kind == .initializer }
    /// The body's expression, when the body is a single expression whose value
    /// is the result.
    let singleExpression: Expr?

    init(name: String, kind: Kind, parameters: [ParameterDecl], resultType: TypeAnnotation?, body: Block,
         at location: SourceLocation, isStatic: Bool = false, binding: Binding? = nil) {
        self.name = name
        self.kind = kind
        self.parameters = parameters
        self.resultType = resultType
        self.body = body
        self.location = location
        self.isStatic = isStatic
        self.binding = binding
        parameterConversions = parameters.map { parameter in
            Conversion(parameter.type.map { parameter.isVariadic ? .array($0) : $0 })
        }
        resultConversion = Conversion(kind == .initializer ? nil : resultType)
        bindsArgumentsInOrder = parameters.allSatisfy { $0.defaultValue == nil && !$0.isVariadic && !$0.isInout }
        hasInoutParameters = parameters.contains(where: \.isInout)
        if body.statements.count == 1, case .expression(let expression) = body.statements[0].kind {
            singleExpression = expression
        } else {
            singleExpression = nil
        }
    }

    /// The Swift-style name with labels, such as `train(lr:epochs:)`.
    public var signatureName: String {
        "\(name)(\(parameters.map { "\($0.label ?? "_"):" }.joined()))"
    }
}

/// A parameter of a declared function: `label name: Type = default`.
public struct ParameterDecl {
    /// The argument label, or nil for `_` (closures have no labels).
    public var label: String?
    /// The parameter's name inside the body.
    public var name: String
    /// The annotated type.
    public var type: TypeAnnotation?
    /// The default value, evaluated at each call that omits the argument.
    public var defaultValue: Expr?
    /// Whether it takes any number of arguments (`Type...`), as an array.
    public var isVariadic: Bool
    /// Where it is declared.
    public var location: SourceLocation
    /// Whether it is `inout`: the argument is passed as `&variable`, and the
    /// parameter's final value is stored back into it when the call returns.
    public var isInout = false
}
