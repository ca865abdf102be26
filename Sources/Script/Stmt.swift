/// A statement node, with the location of its first token.
public final class Stmt {
    /// What the statement is.
    public enum Kind {
        /// An expression evaluated for its effects.
        case expression(Expr)
        /// `let`/`var` with a pattern, an optional type and an optional initial value.
        case variable(VariableDecl)
        /// `func name(…) { … }`.
        case function(FunctionDecl)
        /// `class Name: Super { … }` or `extension Name { … }`.
        case `class`(ClassDecl)
        /// `protocol Name { … }`.
        case `protocol`(ProtocolDecl)
        /// `target = value` or `target op= value`.
        case assignment(Expr, BinaryOperator?, Expr)
        /// `if conditions { … } else …`; an `else if` is an else block holding one `if`.
        case `if`([Condition], Block, Block?)
        /// `guard conditions else { … }`.
        case `guard`([Condition], Block)
        /// `for pattern in sequence where condition { … }`; the pattern's names
        /// live in the body's scope.
        case forIn(Pattern, Expr, Expr?, Block)
        /// `while conditions { … }`.
        case `while`([Condition], Block)
        /// `repeat { … } while condition`.
        case `repeat`(Block, Expr)
        /// `break`.
        case `break`
        /// `continue`.
        case `continue`
        /// `return` or `return value`.
        case `return`(Expr?)
        /// `do { … }`.
        case `do`(Block)
        /// `import Module`: accepted and ignored.
        case `import`
        /// `switch subject { case …: … default: … }`.
        case `switch`(Expr, [SwitchCase])
        /// `for case pattern in sequence where condition { … }`.
        case forCase(CasePattern, Expr, Expr?, Block)
        /// `break label`.
        case labeledBreak(String)
        /// `continue label`.
        case labeledContinue(String)
        /// `throw error`.
        case `throw`(Expr)
        /// `defer { … }`: runs when the enclosing block exits.
        case `defer`(Block)
        /// `do { … } catch pattern { … } …`.
        case doCatch(Block, [CatchClause])
    }

    /// What the statement is.
    public let kind: Kind
    /// Where the statement starts.
    public let location: SourceLocation

    // The operands of the common kinds again, as stored constants, for the
    // interpreter's hot paths (see `Expr.first`).

    /// The expression of an expression statement or `return`; the value of an
    /// assignment; the sequence of a `for` loop.
    let expression: Expr?
    /// The target of an assignment.
    let target: Expr?
    /// The condition of an `if` or `while` whose only condition is a Boolean
    /// expression.
    let condition: Expr?
    /// The then-block of an `if`; the body of a loop.
    let body: Block?
    /// The else-block of an `if`.
    let elseBlock: Block?
    /// The declaration of a `let` or `var`.
    let declaration: VariableDecl?
    /// For a loop: its label (`outer: for …`), the target of `break outer`.
    var label: String?
    /// For an expression statement: whether its value is discarded on purpose
    /// (`_ = f()`), so that a cell ending with it shows nothing.
    var discardsValue = false

    init(_ kind: Kind, at location: SourceLocation) {
        self.kind = kind
        self.location = location
        var expression: Expr?, target: Expr?, condition: Expr?, body: Block?, elseBlock: Block?
        var declaration: VariableDecl?
        func single(_ conditions: [Condition]) -> Expr? {
            if conditions.count == 1, case .expression(let e) = conditions[0] { return e }
            return nil
        }
        switch kind {
        case .expression(let e): expression = e
        case .return(let e): expression = e
        case .assignment(let t, _, let e):
            target = t
            expression = e
        case .if(let conditions, let then, let otherwise):
            condition = single(conditions)
            body = then
            elseBlock = otherwise
        case .while(let conditions, let block):
            condition = single(conditions)
            body = block
        case .forIn(_, let sequence, _, let block):
            expression = sequence
            body = block
        case .variable(let decl):
            declaration = decl
        default: break
        }
        self.declaration = declaration
        self.expression = expression
        self.target = target
        self.condition = condition
        self.body = body
        self.elseBlock = elseBlock
    }
}

/// A braced list of statements, with the size of the environment it needs
/// (filled in by the resolver).
public final class Block {
    /// The statements.
    public let statements: [Stmt]
    /// Where the block starts.
    public let location: SourceLocation
    /// How many local slots the block's scope has.
    var slotCount = 0
    /// Whether running the block creates an environment (it declares names).
    var needsEnvironment = false

    init(_ statements: [Stmt], at location: SourceLocation) {
        self.statements = statements
        self.location = location
    }
}

/// One condition of an `if`, `guard` or `while`.
public enum Condition {
    /// A Boolean expression.
    case expression(Expr)
    /// `let x = optional` (or `var`), `if let x` shorthand included.
    case optionalBinding(Pattern, Expr)
    /// `case pattern = value`.
    case casePattern(CasePattern, Expr)
}

/// A `let` or `var` declaration.
public final class VariableDecl {
    /// The names being declared.
    public let pattern: Pattern
    /// The annotated type, if any.
    public let type: TypeAnnotation?
    /// The initial value, if any.
    public let initializer: Expr?

    /// The one name declared, when the pattern is a single name and no type is
    /// annotated: the initial value goes straight to its storage.
    let untypedName: Binding?

    init(pattern: Pattern, type: TypeAnnotation?, initializer: Expr?) {
        self.pattern = pattern
        self.type = type
        self.initializer = initializer
        if type == nil, case .binding(let binding) = pattern, binding.type == nil {
            untypedName = binding
        } else {
            untypedName = nil
        }
    }
}

/// The left-hand side of a declaration or a `for` loop: `x`, `_` or `(a, b)`.
public indirect enum Pattern {
    case binding(Binding)
    case wildcard
    case tuple([Pattern])

    /// Every name the pattern declares.
    var bindings: [Binding] {
        switch self {
        case .binding(let b): return [b]
        case .wildcard: return []
        case .tuple(let elements): return elements.flatMap(\.bindings)
        }
    }
}

/// A declared name (a variable, a constant, a parameter, a function or a class),
/// with where the resolver put it.
public final class Binding {
    /// Where a declared name is stored.
    enum Storage {
        case unresolved
        /// A slot of the current environment.
        case local(Int)
        /// A top-level name, stored in the interpreter's globals.
        case global
    }

    /// The name.
    public let name: String
    /// Whether it is a constant.
    public let isConstant: Bool
    /// Its annotated type, if any.
    public let type: TypeAnnotation?
    /// Where it is declared.
    public let location: SourceLocation
    var storage: Storage = .unresolved

    init(_ name: String, isConstant: Bool, type: TypeAnnotation? = nil, at location: SourceLocation) {
        self.name = name
        self.isConstant = isConstant
        self.type = type
        self.location = location
    }
}
