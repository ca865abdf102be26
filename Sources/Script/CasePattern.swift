/// A pattern of a `switch` case, an `if case`, a `for case` or a `catch`:
/// Swift's patterns, matched against a value at run time.
public indirect enum CasePattern {
    /// `_`.
    case wildcard
    /// `let x` or `var x` (or a name inside `let (x, y)`).
    case binding(Binding)
    /// A value compared with `==`, or a range that must contain the value.
    case expression(Expr)
    /// `(p, q)`.
    case tuple([CasePattern], labels: [String?])
    /// `.name`, `.name(p, label: q)` or `Type.name(…)`: an enum case and its
    /// associated values. With a type, a name that is not a case is a value
    /// (`Double.pi`), compared with `==`.
    case enumCase(type: String?, name: String, arguments: [(label: String?, pattern: CasePattern)]?, location: SourceLocation)
    /// `p?`: an optional holding a value that matches `p`.
    case optional(CasePattern)
    /// `is T`.
    case typeCheck(TypeAnnotation)
    /// `p as T`: a value of type `T` that matches `p`.
    case cast(CasePattern, TypeAnnotation)

    /// Every name the pattern binds, in order.
    var bindings: [Binding] {
        switch self {
        case .wildcard, .expression, .typeCheck: return []
        case .binding(let b): return [b]
        case .tuple(let elements, _): return elements.flatMap(\.bindings)
        case .enumCase(_, _, let arguments, _): return (arguments ?? []).flatMap(\.pattern.bindings)
        case .optional(let p), .cast(let p, _): return p.bindings
        }
    }

    /// The expressions inside the pattern, for the resolver.
    var expressions: [Expr] {
        switch self {
        case .wildcard, .binding, .typeCheck: return []
        case .expression(let e): return [e]
        case .tuple(let elements, _): return elements.flatMap(\.expressions)
        case .enumCase(_, _, let arguments, _): return (arguments ?? []).flatMap(\.pattern.expressions)
        case .optional(let p), .cast(let p, _): return p.expressions
        }
    }
}

/// One `case …:` (or `default:`) of a `switch`.
public final class SwitchCase {
    /// The patterns (empty for `default`).
    public let patterns: [CasePattern]
    /// The `where` condition, if any.
    public let guardExpression: Expr?
    /// The statements.
    public let body: Block
    /// Where the case starts.
    public let location: SourceLocation

    init(patterns: [CasePattern], guardExpression: Expr?, body: Block, at location: SourceLocation) {
        self.patterns = patterns
        self.guardExpression = guardExpression
        self.body = body
        self.location = location
    }

    /// Whether it is `default:`.
    public var isDefault: Bool { patterns.isEmpty }
}

/// One `catch` clause of a `do` statement.
public final class CatchClause {
    /// The pattern the error must match (nil: any error, bound to `error`).
    public let pattern: CasePattern?
    /// The `where` condition, if any.
    public let guardExpression: Expr?
    /// The statements.
    public let body: Block
    /// The implicit `error` constant of a clause without a pattern.
    let errorBinding: Binding

    init(pattern: CasePattern?, guardExpression: Expr?, body: Block, at location: SourceLocation) {
        self.pattern = pattern
        self.guardExpression = guardExpression
        self.body = body
        self.errorBinding = Binding("error", isConstant: true, at: location)
    }
}

/// An enum case declaration: `case circle(radius: Double)` or `case red = 1`.
public struct EnumCaseDecl {
    /// The case name.
    public var name: String
    /// The associated values' labels (nil for an unlabeled one); nil when the
    /// case has no associated values.
    public var parameters: [String?]?
    /// The associated values' types, in order.
    public var parameterTypes: [TypeAnnotation] = []
    /// The raw value as written, if any.
    public var rawValue: Expr?
    /// Where it is declared.
    public var location: SourceLocation
}
