import Foundation

/// A callable value: a function or closure declared in a cell (with the
/// environment it captured), a set of methods overloaded by labels, or host
/// functions. A method value carries its receiver.
public final class Function {
    enum Body {
        /// Declared in a cell; several declarations are overloads told apart by labels.
        case script([FunctionDecl], Environment?)
        /// Registered by the host; several are overloads told apart by labels.
        case native([NativeFunction])
    }

    let body: Body
    /// `self` for a method value.
    let receiver: Value?
    /// For a method: the class declaring it (so `super` starts above it).
    let owner: ScriptClass?
    /// The function's name, for messages.
    public let name: String
    /// The declaration, when the body is a single declared function (no
    /// overloads), and the environment it captured: `body`'s payload as stored
    /// constants, which calls borrow instead of copying (see `Expr.first`).
    let declaration: FunctionDecl?
    let closure: Environment?

    init(name: String, body: Body, receiver: Value? = nil, owner: ScriptClass? = nil) {
        self.name = name
        self.body = body
        self.receiver = receiver
        self.owner = owner
        if case .script(let decls, let closure) = body, decls.count == 1 {
            declaration = decls[0]
            self.closure = closure
        } else {
            declaration = nil
            closure = nil
        }
    }
}

/// A function implemented by the host, with a Swift-style parameter list.
public struct NativeFunction {
    /// The function's name (`init` for an initializer).
    public var name: String { storage.name }
    /// The parameters, in order.
    public var parameters: [NativeParameter] { storage.parameters }
    /// The implementation; it gets the bound arguments.
    public var body: (Arguments) throws -> Value { storage.body }
    /// The parameters' names, in order (what `Arguments` gets).
    var parameterNames: [String] { storage.parameterNames }
    /// How each parameter's declared type converts its argument, in order.
    var conversions: [Conversion] { storage.conversions }
    /// Whether arguments whose labels match bind to the parameters one to one, in
    /// order: no parameter has a default value or is variadic.
    var bindsArgumentsInOrder: Bool { storage.bindsArgumentsInOrder }

    /// The function's parts, shared by its copies: copying a function is one
    /// retain, not one per part.
    private final class Storage {
        let name: String
        let parameters: [NativeParameter]
        let body: (Arguments) throws -> Value
        let parameterNames: [String]
        let conversions: [Conversion]
        let bindsArgumentsInOrder: Bool

        init(name: String, parameters: [NativeParameter], body: @escaping (Arguments) throws -> Value) {
            self.name = name
            self.parameters = parameters
            self.body = body
            parameterNames = parameters.map(\.name)
            conversions = parameters.map { Conversion($0.type) }
            bindsArgumentsInOrder = parameters.allSatisfy { $0.defaultValue == nil && !$0.isVariadic }
        }
    }

    private let storage: Storage

    /// Creates a native function from a signature such as
    /// `"sum(dim: Int? = nil, keepDim: Bool = false)"`: Swift's parameter syntax
    /// (labels, `_`, types, default values, `Type...` for variadics). Defaults
    /// must be literals. An invalid signature is a programming error of the host.
    public init(_ signature: String, _ body: @escaping (Arguments) throws -> Value) {
        let (name, parameters) = NativeFunction.parseSignature(signature)
        storage = Storage(name: name, parameters: parameters, body: body)
    }

    /// A native function with the given parameters.
    init(name: String, parameters: [NativeParameter], _ body: @escaping (Arguments) throws -> Value) {
        storage = Storage(name: name, parameters: parameters, body: body)
    }

    /// Runs the implementation.
    @inline(__always)
    func call(_ arguments: Arguments) throws -> Value {
        try storage.body(arguments)
    }

    /// Whether call-site arguments bind to the parameters one to one, in order,
    /// as `Interpreter.bindArguments` would bind them.
    func bindsInOrder(_ arguments: [CallArgument]) -> Bool {
        guard bindsArgumentsInOrder, arguments.count == parameters.count else { return false }
        for k in arguments.indices where !arguments[k].isTrailingClosure && arguments[k].label != parameters[k].label {
            return false
        }
        return true
    }

    /// The Swift-style name with labels, such as `sum(dim:keepDim:)`.
    public var signatureName: String {
        "\(name)(\(parameters.map { "\($0.label ?? "_"):" }.joined()))"
    }

    /// Parsed signatures, shared by every interpreter (each registers the same ones).
    private static let signatureCache = SignatureCache()

    static func parseSignature(_ signature: String) -> (String, [NativeParameter]) {
        if let cached = signatureCache[signature] { return cached }
        let parsed = parseSignatureText(signature)
        signatureCache[signature] = parsed
        return parsed
    }

    private static func parseSignatureText(_ signature: String) -> (String, [NativeParameter]) {
        var text = signature.trimmingSpaces
        var name = "callAsFunction"
        if text.hasPrefix("(") {
            text = "f" + text
        } else if let paren = text.firstIndex(of: "(") {
            name = String(text[..<paren])
            text = "f" + text[paren...]
        } else {
            preconditionFailure("invalid native signature '\(signature)': expected a parameter list")
        }
        do {
            let program = try Parser.parse("func \(text) {}")
            guard program.statements.count == 1, case .function(let decl) = program.statements[0].kind else {
                preconditionFailure("invalid native signature '\(signature)'")
            }
            let parameters = decl.parameters.map { parameter -> NativeParameter in
                var defaultValue: Value?
                if let expr = parameter.defaultValue {
                    guard let constant = ConstantEvaluator.value(of: expr) else {
                        preconditionFailure("invalid native signature '\(signature)': default values must be literals")
                    }
                    defaultValue = constant
                }
                return NativeParameter(label: parameter.label, name: parameter.name, type: parameter.type,
                                       defaultValue: defaultValue, isVariadic: parameter.isVariadic)
            }
            return (name, parameters)
        } catch {
            preconditionFailure("invalid native signature '\(signature)': \(error)")
        }
    }
}

/// A thread-safe cache of parsed native signatures.
final class SignatureCache: @unchecked Sendable {
    private let lock = NSLock()
    private var parsed: [String: (String, [NativeParameter])] = [:]

    subscript(signature: String) -> (String, [NativeParameter])? {
        get { lock.withLock { parsed[signature] } }
        set { lock.withLock { parsed[signature] = newValue } }
    }
}

/// A parameter of a host function.
public struct NativeParameter {
    /// The argument label, or nil for `_`.
    public var label: String?
    /// The parameter's name (how `Arguments` finds it).
    public var name: String
    /// The declared type: numbers are converted to it (`Int` to `Double`) and
    /// values stored in an optional are wrapped.
    public var type: TypeAnnotation?
    /// The default value, if the argument may be omitted.
    public var defaultValue: Value?
    /// Whether it takes any number of arguments, passed as an array.
    public var isVariadic: Bool
}

/// Literal values in host signatures' default values.
enum ConstantEvaluator {
    static func value(of expr: Expr) -> Value? {
        switch expr.kind {
        case .literal(let value): return value
        case .array(let elements):
            var values: [Value] = []
            for element in elements {
                guard let value = value(of: element) else { return nil }
                values.append(value)
            }
            return .array(values)
        case .emptyCollection(let isDictionary):
            return isDictionary ? .dictionary(ScriptDictionary()) : .array([])
        case .dictionary(let pairs) where pairs.isEmpty:
            return .dictionary(ScriptDictionary())
        case .tuple(let elements, let labels):
            var values: [Value] = []
            for element in elements {
                guard let value = value(of: element) else { return nil }
                values.append(value)
            }
            return .tuple(Tuple(values, labels: labels))
        default: return nil
        }
    }
}

extension String {
    /// The string without leading and trailing spaces and line breaks.
    var trimmingSpaces: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}
