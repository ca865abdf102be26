/// An expression node. Every node keeps the location of its first token (for a
/// binary operator, the operator's location, where Swift points its diagnostics).
public final class Expr {
    /// What the expression is.
    public indirect enum Kind {
        /// A constant: an integer, a double, a bool, a string without
        /// interpolation, `nil`, or `()`.
        case literal(Value)
        /// A string with `\(…)` interpolations.
        case interpolation([InterpolationSegment])
        /// A name: a variable, a function, a type, `self`, `$0`.
        case variable(VariableReference)
        /// `[a, b, c]`.
        case array([Expr])
        /// `[k: v, …]` (and `[:]`).
        case dictionary([(key: Expr, value: Expr)])
        /// `[T]()` or `[K: V]()`.
        case emptyCollection(isDictionary: Bool)
        /// `(a, b)` or `(x: 1, y: 2)`.
        case tuple([Expr], labels: [String?])
        /// `{ x in … }`.
        case closure(FunctionDecl)
        /// `-x`, `!x`, `+x`.
        case prefix(PrefixOperator, Expr)
        /// `a + b`, `a == b`, …
        case binary(BinaryOperator, Expr, Expr)
        /// `a && b`.
        case and(Expr, Expr)
        /// `a || b`.
        case or(Expr, Expr)
        /// `c ? a : b`.
        case ternary(Expr, Expr, Expr)
        /// `a ?? b`.
        case nilCoalescing(Expr, Expr)
        /// `a..<b`, `a...b`, `..<b`, `a...`, `...`.
        case range(Expr?, Expr?, isClosed: Bool)
        /// `f(x, label: y)`, including trailing closures.
        case call(Expr, [Argument])
        /// `a.name`.
        case member(Expr, String)
        /// `t.0`.
        case tupleElement(Expr, Int)
        /// `a[i, j]`.
        case `subscript`(Expr, [Argument])
        /// `a!`.
        case forceUnwrap(Expr)
        /// `a?` inside an optional chain: a nil here makes the whole chain nil.
        case optionalLink(Expr)
        /// The whole of an optional chain such as `a?.b.c`.
        case optionalChain(Expr)
        /// `super.name` (including `super.init`).
        case superMember(SuperReference)
        /// `try e`, `try? e`, `try! e`.
        case `try`(Expr, TryKind)
        /// `e as T`, `e as? T`, `e as! T`, `e is T`.
        case cast(Expr, TypeAnnotation, CastKind)
        /// `.name`: a static member of the type the context expects (`.float64`).
        case implicitMember(String)
    }

    /// Whether the node is an implicit member `.name` (or a call of one), which
    /// needs an expected type from its context.
    var isImplicitMember: Bool {
        switch kind {
        case .implicitMember: return true
        case .call(let callee, _): return callee.isImplicitMember
        default: return false
        }
    }

    /// What the expression is.
    public let kind: Kind
    /// Where the expression starts (for operators: where the operator is).
    public let location: SourceLocation
    /// The height of the tree under this node, bounded by the parser so that
    /// walking the tree cannot exhaust the stack.
    let height: Int

    // The operands of the common kinds again, as stored constants. Matching an
    // enum payload copies (retains and later releases) every operand it binds;
    // reading a stored constant of the node borrows it. The interpreter's hot
    // paths read these and bind only the plain values of `kind` (operators, flags).

    /// The left operand of a binary operator, `&&`, `||` or `??`; the operand of a
    /// prefix operator, `!`, `?`, `try` or a cast; the callee of a call; the base
    /// of a member, tuple element or subscript.
    let first: Expr?
    /// The right operand of a binary operator, `&&`, `||` or `??`.
    let second: Expr?
    /// The name of a `.variable`.
    let reference: VariableReference?
    /// The arguments of a call or subscript (empty for other kinds).
    let arguments: [Argument]
    /// The name of a `.member`.
    let memberName: String?
    /// Whether a `.member` names a mutating method of the builtin types
    /// (`append`, …), so that a call to it changes its base in place.
    let namesMutatingMethod: Bool

    /// For a binary operator: whether an operand is an implicit member (`x == .red`).
    let hasImplicitMemberOperand: Bool

    /// For a `.member`: the host methods or property found for the last receiver
    /// (see `Interpreter.cachedMember`).
    var memberCache: MemberCache?

    init(_ kind: Kind, at location: SourceLocation) {
        self.kind = kind
        self.location = location
        self.height = 1 + Expr.childrenHeight(kind)
        var first: Expr?, second: Expr?, reference: VariableReference?, arguments: [Argument] = [], memberName: String?
        switch kind {
        case .variable(let r): reference = r
        case .binary(_, let a, let b), .and(let a, let b), .or(let a, let b), .nilCoalescing(let a, let b):
            first = a
            second = b
        case .prefix(_, let e), .tupleElement(let e, _), .forceUnwrap(let e), .optionalLink(let e),
             .optionalChain(let e), .try(let e, _), .cast(let e, _, _):
            first = e
        case .member(let e, let name):
            first = e
            memberName = name
        case .call(let e, let a), .subscript(let e, let a):
            first = e
            arguments = a
        default: break
        }
        self.first = first
        self.second = second
        self.reference = reference
        self.arguments = arguments
        self.memberName = memberName
        namesMutatingMethod = memberName.map(BuiltinTypes.mutatingMethodNames.contains) ?? false
        if case .binary = kind {
            hasImplicitMemberOperand = first!.isImplicitMember || second!.isImplicitMember
        } else {
            hasImplicitMemberOperand = false
        }
    }

    private static func childrenHeight(_ kind: Kind) -> Int {
        func h(_ e: Expr?) -> Int { e?.height ?? 0 }
        switch kind {
        case .literal, .variable, .emptyCollection, .superMember, .closure, .implicitMember: return 0
        case .interpolation(let segments):
            return segments.map { if case .expression(let e) = $0 { return e.height }; return 0 }.max() ?? 0
        case .array(let elements), .tuple(let elements, _): return elements.map(\.height).max() ?? 0
        case .dictionary(let pairs): return pairs.map { max($0.key.height, $0.value.height) }.max() ?? 0
        case .prefix(_, let e), .member(let e, _), .tupleElement(let e, _), .forceUnwrap(let e),
             .optionalLink(let e), .optionalChain(let e), .try(let e, _), .cast(let e, _, _):
            return e.height
        case .binary(_, let a, let b), .and(let a, let b), .or(let a, let b), .nilCoalescing(let a, let b):
            return max(a.height, b.height)
        case .ternary(let a, let b, let c): return max(a.height, b.height, c.height)
        case .range(let a, let b, _): return max(h(a), h(b))
        case .call(let e, let arguments), .subscript(let e, let arguments):
            return max(e.height, arguments.map(\.value.height).max() ?? 0)
        }
    }
}

/// The member a `.member` expression found for a receiver: valid while the
/// receiver's kind (the class of a host object, or a builtin type), the
/// interpreter and every host type's members stay the same.
struct MemberCache {
    /// What a member is.
    enum Member {
        case methods([NativeFunction])
        case property((Value) throws -> Value)
    }

    var receiverKind: ObjectIdentifier
    var interpreter: ObjectIdentifier
    var memberChanges: Int
    var member: Member
}

/// A piece of an interpolated string.
public enum InterpolationSegment {
    case text(String)
    case expression(Expr)
}

/// An argument at a call site: `label: value` or just `value`.
public struct Argument {
    /// The label, or nil for an unlabeled argument.
    public var label: String?
    /// The argument's expression.
    public var value: Expr
    /// Where the argument (its label, if any) starts.
    public var location: SourceLocation
    /// Whether it is a trailing closure (which may fill a labeled parameter).
    public var isTrailingClosure = false
    /// Whether it is written `&value`, for an `inout` parameter.
    public var isInout = false
}

/// A prefix operator.
public enum PrefixOperator: String {
    case minus = "-"
    case plus = "+"
    case not = "!"
    /// `~x`: the bits of an integer inverted.
    case bitwiseNot = "~"
}

/// A binary operator other than the short-circuiting, range and nil-coalescing ones.
public enum BinaryOperator: String, CaseIterable {
    case add = "+"
    case subtract = "-"
    case multiply = "*"
    case divide = "/"
    case remainder = "%"
    case power = "**"
    case bitwiseAnd = "&"
    case bitwiseOr = "|"
    case bitwiseXor = "^"
    case shiftLeft = "<<"
    case shiftRight = ">>"
    case equal = "=="
    case notEqual = "!="
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="
    case identical = "==="
    case notIdentical = "!=="
}

/// The form of a `try`.
public enum TryKind {
    /// `try`: errors propagate.
    case plain
    /// `try?`: an error gives nil.
    case optional
    /// `try!`: errors propagate (a cell has no way to catch them anyway).
    case forced
}

/// The form of a cast.
public enum CastKind {
    /// `as`: a conversion Swift would allow statically (numbers, optionals).
    case coerce
    /// `as?`: nil when the value is not of the type.
    case conditional
    /// `as!`: an error when the value is not of the type.
    case forced
    /// `is`: whether the value is of the type.
    case check
}

/// A use of a name, with what the resolver found it refers to. The interpreter
/// caches a global's storage here after the first lookup.
public final class VariableReference {
    /// How a name is found at run time.
    enum Binding {
        /// Not resolved yet.
        case unresolved
        /// A local: `depth` environments up the chain, slot `slot`.
        case local(depth: Int, slot: Int)
        /// A top-level name (a global, a builtin or a host name).
        case global
        /// Inside a method, a name that is not a local: a member of `self` if it
        /// has one (self is in the given local slot), else a global.
        case implicitMember(selfDepth: Int, selfSlot: Int)
    }

    /// The name as written.
    public let name: String
    /// Where the name is.
    public let location: SourceLocation
    var binding: Binding = .unresolved
    /// For a local: whether it is a constant.
    var isConstant = false
    /// The global this name was last found in, valid while the interpreter's
    /// global generation equals `cacheGeneration`.
    var cachedGlobal: GlobalSlot?
    var cacheGeneration = -1

    init(_ name: String, at location: SourceLocation) {
        self.name = name
        self.location = location
    }
}

/// A `super.name` reference, with where the resolver found `self` and the class
/// whose method contains it.
public final class SuperReference {
    /// The member name.
    public let name: String
    var selfDepth = 0
    var selfSlot = 0
    var classDecl: ClassDecl?

    init(_ name: String) { self.name = name }
}
