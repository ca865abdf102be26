/// A pass over a parsed cell that gives every local name its environment slot
/// (so the interpreter finds variables by index, not by name) and reports what
/// Swift reports before running anything: unknown names, redeclarations,
/// assignments to constants, `break` outside a loop, `self` outside a method.
struct Resolver {
    /// One local scope; at run time, one `Environment`.
    final class Scope {
        struct Entry {
            var slot: Int
            var isConstant: Bool
            /// Parameters, loop variables and optional bindings may be shadowed
            /// by a declaration in the same scope (`var x = x`).
            var isShadowable: Bool
        }
        var names: [String: Entry] = [:]
        /// The static types of the scope's variables that have one.
        var types: [String: StaticType] = [:]
        var count = 0

        func declare(_ name: String, isConstant: Bool, isShadowable: Bool) -> Int {
            let slot = count
            count += 1
            names[name] = Entry(slot: slot, isConstant: isConstant, isShadowable: isShadowable)
            return slot
        }
    }

    /// What encloses the code being resolved.
    struct Context {
        var function: FunctionDecl?
        var loopDepth = 0
        /// The labels of the enclosing labeled statements, and of those that are loops.
        var labels: Set<String> = []
        var loopLabels: Set<String> = []
        /// How many `switch` statements enclose the code (`break` leaves one).
        var switchDepth = 0
    }

    let knownGlobal: (String) -> Bool
    let globalNames: () -> [String]
    /// Whether a name is a protocol (not a superclass) in an inheritance clause.
    var isProtocol: (String) -> Bool = { Interpreter.standardProtocols.contains($0) }
    /// Whether a name is a struct declared by a cell (for its extensions).
    var isStructName: (String) -> Bool = { _ in false }
    var scopes: [Scope] = []
    var context = Context()
    /// The classes whose methods enclose the code, innermost last.
    var classes: [ClassDecl] = []
    /// Names declared at the top level of the cell (usable before their
    /// declaration inside functions).
    var topLevelNames: Set<String> = []
    /// The functions declared at the top level of the cell, by name (for the
    /// static check of their calls' arguments).
    var topLevelFunctions: [String: [FunctionDecl]] = [:]
    /// Names already declared at the top level while resolving, for redeclarations.
    var declaredAtTopLevel: Set<String> = []

    /// The names the declaration being resolved declares (never suggested for
    /// a misspelt name in its own initial value).
    var namesBeingDeclared: Set<String> = []
    /// For a name an earlier cell would have declared had it not failed: the
    /// note saying so.
    var failedDeclaration: (String) -> String? = { _ in nil }

    /// The static types of the variables the cell declared so far at its top level.
    var topLevelTypes: [String: StaticType] = [:]
    /// The static type of a variable declared by an earlier cell, if known.
    var globalType: (String) -> StaticType? = { _ in nil }

    /// The static type of a name as the code being resolved sees it.
    func staticType(ofName name: String) -> StaticType? {
        for scope in scopes.reversed() where scope.names[name] != nil { return scope.types[name] }
        if !classes.isEmpty && mayBeImplicitMember(name) { return nil }
        if topLevelNames.contains(name) { return topLevelTypes[name] }
        return globalType(name)
    }

    /// Records the static type of a declared variable (none when unknown).
    private mutating func recordType(of decl: VariableDecl) {
        guard case .binding(let binding) = decl.pattern else { return }
        let type = StaticType(decl.type ?? binding.type) ?? (decl.type == nil && binding.type == nil ? decl.initializer.flatMap(staticType(of:)) : nil)
        if let scope = scopes.last { scope.types[binding.name] = type } else { topLevelTypes[binding.name] = type }
    }

    init(knownGlobal: @escaping (String) -> Bool, globalNames: @escaping () -> [String]) {
        self.knownGlobal = knownGlobal
        self.globalNames = globalNames
    }

    /// Resolves a whole cell.
    mutating func resolveProgram(_ program: Block) throws {
        for statement in program.statements {
            switch statement.kind {
            case .variable(let decl): topLevelNames.formUnion(decl.pattern.bindings.map(\.name))
            case .function(let decl):
                topLevelNames.insert(decl.name)
                topLevelFunctions[decl.name, default: []].append(decl)
            case .class(let decl) where decl.kind != .extension: topLevelNames.insert(decl.name)
            case .protocol(let decl): topLevelNames.insert(decl.name)
            case .guard(let conditions, _): topLevelNames.formUnion(bindingNames(conditions))
            default: break
            }
        }
        program.needsEnvironment = false
        for statement in program.statements { try resolve(statement) }
    }

    private func bindingNames(_ conditions: [Condition]) -> [String] {
        conditions.flatMap { condition -> [String] in
            if case .optionalBinding(let pattern, _) = condition { return pattern.bindings.map(\.name) }
            if case .casePattern(let pattern, _) = condition { return pattern.bindings.map(\.name) }
            return []
        }
    }

    // MARK: Scopes

    /// Whether a block declares names directly (so it needs its own environment).
    private func declaresNames(_ block: Block) -> Bool {
        block.statements.contains { statement in
            switch statement.kind {
            case .variable, .function, .class, .protocol: return true
            case .guard(let conditions, _): return !bindingNames(conditions).isEmpty
            default: return false
            }
        }
    }

    /// Declares `binding` in the innermost scope (or as a global at the top level).
    private mutating func declare(_ binding: Binding, isShadowable: Bool = false) throws {
        guard let scope = scopes.last else {
            if declaredAtTopLevel.contains(binding.name) {
                throw ScriptError(location: binding.location, message: "invalid redeclaration of '\(binding.name)'")
            }
            declaredAtTopLevel.insert(binding.name)
            binding.storage = .global
            return
        }
        if let existing = scope.names[binding.name], !existing.isShadowable {
            throw ScriptError(location: binding.location, message: "invalid redeclaration of '\(binding.name)'")
        }
        binding.storage = .local(scope.declare(binding.name, isConstant: binding.isConstant, isShadowable: isShadowable))
    }

    private mutating func declare(_ pattern: Pattern, isShadowable: Bool = false) throws {
        for binding in pattern.bindings { try declare(binding, isShadowable: isShadowable) }
    }

    /// Resolves a block's statements in a new scope if it declares names (or
    /// when `bindings` must be declared in it first).
    private mutating func resolveBlock(_ block: Block, declaring bindings: [Pattern] = [], forceScope: Bool = false) throws {
        let needsScope = forceScope || !bindings.flatMap(\.bindings).isEmpty || declaresNames(block)
        block.needsEnvironment = needsScope
        if needsScope { scopes.append(Scope()) }
        for pattern in bindings { try declare(pattern, isShadowable: true) }
        for statement in block.statements { try resolve(statement) }
        if needsScope { block.slotCount = scopes.removeLast().count }
    }

    /// Finds a local: how many environments up, which slot, whether constant.
    private func lookupLocal(_ name: String) -> (depth: Int, entry: Scope.Entry)? {
        for (depth, scope) in scopes.reversed().enumerated() {
            if let entry = scope.names[name] { return (depth, entry) }
        }
        return nil
    }

    // MARK: Statements

    private mutating func resolve(_ statement: Stmt) throws {
        guard let label = statement.label else { return try resolveUnlabeled(statement) }
        let saved = (context.labels, context.loopLabels)
        context.labels.insert(label)
        switch statement.kind {
        case .forIn, .forCase, .while, .repeat: context.loopLabels.insert(label)
        default: break
        }
        defer { (context.labels, context.loopLabels) = saved }
        try resolveUnlabeled(statement)
    }

    private mutating func resolveUnlabeled(_ statement: Stmt) throws {
        switch statement.kind {
        case .expression(let expr):
            try resolve(expr)
        case .variable(let decl):
            // A name is never suggested for a use in its own declaration.
            let saved = namesBeingDeclared
            namesBeingDeclared.formUnion(decl.pattern.bindings.map(\.name))
            defer { namesBeingDeclared = saved }
            if let initializer = decl.initializer {
                try resolve(initializer)
                try checkConversion(initializer, to: decl.type, context: "specified type")
            }
            try declare(decl.pattern)
            recordType(of: decl)
        case .function(let decl):
            if let binding = decl.binding { try declare(binding) }
            try resolveFunction(decl)
        case .class(let decl):
            if decl.kind != .extension { try declare(decl.binding) }
            try resolveClass(decl)
        case .protocol(let decl):
            try declare(decl.binding)
        case .assignment(let target, let op, let value):
            try resolve(value)
            try resolve(target)
            try checkAssignment(target, op, value, at: statement.location)
            // `p -= x` on a constant holding a tensor changes the tensor in place;
            // whether it does is known at run time.
            if op == nil, case .variable(let reference) = target.kind, case .local = reference.binding, reference.isConstant {
                throw ScriptError(location: target.location,
                                  message: "cannot assign to value: '\(reference.name)' is a 'let' constant")
            }
        case .if(let conditions, let then, let elseBlock):
            // The conditions' bindings live in the then-block's scope.
            let patterns = try resolveConditionsOpeningScope(conditions, block: then)
            for statement in then.statements { try resolve(statement) }
            if then.needsEnvironment { then.slotCount = scopes.removeLast().count }
            _ = patterns
            if let elseBlock { try resolveBlock(elseBlock) }
        case .guard(let conditions, let elseBlock):
            for condition in conditions {
                switch condition {
                case .expression(let e): try resolve(e)
                case .optionalBinding(_, let e): try resolve(e)
                case .casePattern(let pattern, let e):
                    try resolve(e)
                    for p in pattern.expressions { try resolve(p) }
                }
            }
            try resolveBlock(elseBlock)
            for condition in conditions {
                if case .optionalBinding(let pattern, _) = condition { try declare(pattern, isShadowable: true) }
                if case .casePattern(let pattern, _) = condition {
                    for binding in pattern.bindings { try declare(binding, isShadowable: true) }
                }
            }
        case .forIn(let pattern, let sequence, let condition, let body):
            try resolve(sequence)
            body.needsEnvironment = true
            scopes.append(Scope())
            try declare(pattern, isShadowable: true)
            if let condition { try resolve(condition) }
            context.loopDepth += 1
            for statement in body.statements { try resolve(statement) }
            context.loopDepth -= 1
            body.slotCount = scopes.removeLast().count
        case .while(let conditions, let body):
            _ = try resolveConditionsOpeningScope(conditions, block: body)
            context.loopDepth += 1
            for statement in body.statements { try resolve(statement) }
            context.loopDepth -= 1
            if body.needsEnvironment { body.slotCount = scopes.removeLast().count }
        case .repeat(let body, let condition):
            context.loopDepth += 1
            try resolveBlock(body)
            context.loopDepth -= 1
            try resolve(condition)
        case .break:
            if context.loopDepth == 0 && context.switchDepth == 0 { throw ScriptError(location: statement.location, message: "'break' is only allowed inside a loop") }
        case .continue:
            if context.loopDepth == 0 { throw ScriptError(location: statement.location, message: "'continue' is only allowed inside a loop") }
        case .return(let value):
            if context.function == nil {
                throw ScriptError(location: statement.location, message: "return invalid outside of a func")
            }
            if let value {
                try resolve(value)
                if let function = context.function, function.kind != .initializer {
                    try checkConversion(value, to: function.resultType, context: "return type")
                }
            }
        case .do(let block):
            try resolveBlock(block)
        case .import:
            break
        case .switch(let subject, let cases):
            try resolve(subject)
            context.switchDepth += 1
            defer { context.switchDepth -= 1 }
            for switchCase in cases {
                try resolveCaseBody(switchCase.patterns, guardExpression: switchCase.guardExpression, switchCase.body)
            }
        case .forCase(let pattern, let sequence, let condition, let body):
            try resolve(sequence)
            context.loopDepth += 1
            try resolveCaseBody([pattern], guardExpression: condition, body)
            context.loopDepth -= 1
        case .labeledBreak(let label), .labeledContinue(let label):
            guard context.labels.contains(label) else {
                throw ScriptError(location: statement.location, message: "cannot find label '\(label)' in scope")
            }
            if case .labeledContinue = statement.kind, !context.loopLabels.contains(label) {
                throw ScriptError(location: statement.location, message: "'continue' label '\(label)' does not denote a loop")
            }
        case .throw(let value):
            try resolve(value)
        case .defer(let block):
            if scopes.isEmpty && context.function == nil {
                throw ScriptError(location: statement.location, message: "'defer' at the top level of a cell is not supported; use it inside a function or block")
            }
            let saved = context
            context.loopDepth = 0
            context.switchDepth = 0
            context.labels = []
            context.loopLabels = []
            try resolveBlock(block)
            context = saved
        case .doCatch(let body, let clauses):
            try resolveBlock(body)
            for clause in clauses {
                if let pattern = clause.pattern {
                    try resolveCaseBody([pattern], guardExpression: clause.guardExpression, clause.body)
                } else {
                    clause.body.needsEnvironment = true
                    scopes.append(Scope())
                    try declare(clause.errorBinding, isShadowable: true)
                    if let guardExpression = clause.guardExpression { try resolve(guardExpression) }
                    for statement in clause.body.statements { try resolve(statement) }
                    clause.body.slotCount = scopes.removeLast().count
                }
            }
        }
    }

    /// Resolves a case body in a scope of its own, where the patterns' names are
    /// declared (every pattern of one case binds the same names, to the same slots).
    private mutating func resolveCaseBody(_ patterns: [CasePattern], guardExpression: Expr?, _ body: Block) throws {
        for pattern in patterns { for e in pattern.expressions { try resolve(e) } }
        body.needsEnvironment = true
        let scope = Scope()
        scopes.append(scope)
        if let first = patterns.first {
            for binding in first.bindings { try declare(binding, isShadowable: true) }
            let names = Set(first.bindings.map(\.name))
            for other in patterns.dropFirst() {
                let otherNames = Set(other.bindings.map(\.name))
                if otherNames != names, let missing = names.symmetricDifference(otherNames).sorted().first {
                    let binding = (first.bindings + other.bindings).first { $0.name == missing }!
                    throw ScriptError(location: binding.location, message: "'\(missing)' must be bound in every pattern")
                }
                for binding in other.bindings { binding.storage = .local(scope.names[binding.name]!.slot) }
            }
        }
        if let guardExpression { try resolve(guardExpression) }
        for statement in body.statements { try resolve(statement) }
        body.slotCount = scopes.removeLast().count
    }

    /// Resolves `if`/`while` conditions; opens the block's scope (when the block
    /// or the conditions declare names), in which bindings are declared as they
    /// appear. The caller resolves the block's statements and closes the scope.
    private mutating func resolveConditionsOpeningScope(_ conditions: [Condition], block: Block) throws -> [Pattern] {
        let patterns = conditions.compactMap { condition -> Pattern? in
            if case .optionalBinding(let pattern, _) = condition { return pattern }
            return nil
        }
        let hasCasePatterns = conditions.contains { if case .casePattern = $0 { return true }; return false }
        block.needsEnvironment = !patterns.isEmpty || hasCasePatterns || declaresNames(block)
        if block.needsEnvironment { scopes.append(Scope()) }
        for condition in conditions {
            switch condition {
            case .expression(let e): try resolve(e)
            case .optionalBinding(let pattern, let e):
                try resolve(e)
                try declare(pattern, isShadowable: true)
            case .casePattern(let pattern, let e):
                try resolve(e)
                for p in pattern.expressions { try resolve(p) }
                for binding in pattern.bindings { try declare(binding, isShadowable: true) }
            }
        }
        return patterns
    }

    // MARK: Functions and classes

    private mutating func resolveFunction(_ decl: FunctionDecl) throws {
        for parameter in decl.parameters {
            if let defaultValue = parameter.defaultValue { try resolve(defaultValue) }
        }
        let savedContext = context
        context = Context(function: decl, loopDepth: 0)   // labels do not reach into functions
        let scope = Scope()
        scopes.append(scope)
        if decl.hasSelf { _ = scope.declare("self", isConstant: !decl.hasMutableSelf, isShadowable: false) }
        for k in 0..<decl.implicitParameterCount {
            _ = scope.declare("$\(k)", isConstant: true, isShadowable: false)
        }
        for parameter in decl.parameters {
            if parameter.name == "_" {
                scope.count += 1
                continue
            }
            if let existing = scope.names[parameter.name], !existing.isShadowable || parameter.name == "self" {
                throw ScriptError(location: parameter.location, message: "invalid redeclaration of '\(parameter.name)'")
            }
            _ = scope.declare(parameter.name, isConstant: !parameter.isInout, isShadowable: true)
        }
        decl.body.needsEnvironment = false
        for statement in decl.body.statements { try resolve(statement) }
        decl.slotCount = scopes.removeLast().count
        context = savedContext
    }

    private mutating func resolveClass(_ decl: ClassDecl) throws {
        var seen: Set<String> = []
        for property in decl.properties {
            if let initializer = property.initializer { try resolve(initializer) }
            if !seen.insert(property.name).inserted {
                throw ScriptError(location: property.location, message: "invalid redeclaration of '\(property.name)'")
            }
        }
        for computed in decl.computedProperties where !seen.insert(computed.name).inserted {
            throw ScriptError(location: computed.location, message: "invalid redeclaration of '\(computed.name)'")
        }
        classes.append(decl)
        defer { classes.removeLast() }
        // In a struct, initializers, setters and observers change `self`, as
        // `mutating` methods do.
        let isStruct = decl.kind == .struct || (decl.kind == .extension && isStructName(decl.name))
        for method in decl.methods where method.isMutating { method.hasMutableSelf = true }
        if isStruct {
            for function in decl.initializers + decl.computedSetters + decl.subscriptSetters
                + decl.properties.flatMap({ [$0.willSet, $0.didSet].compactMap { $0 } }) {
                function.hasMutableSelf = true
            }
        }
        for method in decl.allFunctions {
            try resolveFunction(method)
        }
    }

    /// Whether `name`, not a local, may be a member of `self` in the innermost class.
    func mayBeImplicitMember(_ name: String) -> Bool {
        guard let decl = classes.last else { return false }
        if decl.properties.contains(where: { $0.name == name })
            || decl.methods.contains(where: { $0.name == name })
            || decl.computedProperties.contains(where: { $0.name == name }) {
            return true
        }
        // Members inherited from a superclass, or declared by the type an
        // extension extends, are only known at run time.
        return hasSuperclass(decl) && !knownGlobal(name) && !topLevelNames.contains(name)
    }

    /// Whether a class may inherit members (its first inherited name is not a
    /// protocol), or is an extension.
    private func hasSuperclass(_ decl: ClassDecl) -> Bool {
        if decl.kind == .extension { return true }
        guard let first = decl.superclassName else { return false }
        return !isProtocol(first)
    }

    // MARK: Expressions

    private mutating func resolve(_ expr: Expr) throws {
        switch expr.kind {
        case .literal, .emptyCollection, .implicitMember:
            break
        case .interpolation(let segments):
            for case .expression(let e) in segments { try resolve(e) }
        case .variable(let reference):
            try resolve(reference)
        case .array(let elements), .tuple(let elements, _):
            for e in elements { try resolve(e) }
        case .dictionary(let pairs):
            for (k, v) in pairs { try resolve(k); try resolve(v) }
        case .closure(let decl):
            try resolveFunction(decl)
        case .prefix(_, let e), .member(let e, _), .tupleElement(let e, _), .forceUnwrap(let e),
             .optionalLink(let e), .optionalChain(let e), .try(let e, _), .cast(let e, _, _):
            try resolve(e)
        case .binary(_, let a, let b):
            try resolve(a)
            try resolve(b)
            try checkOperands(expr)
        case .and(let a, let b), .or(let a, let b), .nilCoalescing(let a, let b):
            try resolve(a)
            try resolve(b)
        case .ternary(let a, let b, let c):
            try resolve(a)
            try resolve(b)
            try resolve(c)
        case .range(let a, let b, _):
            if let a { try resolve(a) }
            if let b { try resolve(b) }
        case .call(let callee, let arguments):
            try resolve(callee)
            for argument in arguments { try resolve(argument.value) }
            try checkArguments(of: callee, arguments)
        case .subscript(let callee, let arguments):
            try resolve(callee)
            for argument in arguments { try resolve(argument.value) }
        case .superMember(let reference):
            guard let decl = classes.last, let selfEntry = lookupLocal("self") else {
                throw ScriptError(location: expr.location, message: "'super' cannot be used outside of class members")
            }
            guard decl.kind != .extension, hasSuperclass(decl) else {
                throw ScriptError(location: expr.location, message: "'super' members cannot be referenced in a root class")
            }
            reference.selfDepth = selfEntry.depth
            reference.selfSlot = selfEntry.entry.slot
            reference.classDecl = decl
        }
    }

    private mutating func resolve(_ reference: VariableReference) throws {
        if let (depth, entry) = lookupLocal(reference.name) {
            reference.binding = .local(depth: depth, slot: entry.slot)
            reference.isConstant = entry.isConstant
            return
        }
        if reference.name == "self" {
            throw ScriptError(location: reference.location, message: "cannot find 'self' in scope; 'self' is only available in methods")
        }
        if mayBeImplicitMember(reference.name), let selfEntry = lookupLocal("self") {
            reference.binding = .implicitMember(selfDepth: selfEntry.depth, selfSlot: selfEntry.entry.slot)
            // Whether `self` is constant: a struct's members then cannot change.
            reference.isConstant = selfEntry.entry.isConstant
            return
        }
        if knownGlobal(reference.name) || topLevelNames.contains(reference.name) {
            reference.binding = .global
            return
        }
        if let note = failedDeclaration(reference.name) {
            throw ScriptError(location: reference.location, message: "cannot find '\(reference.name)' in scope; \(note)")
        }
        if reference.name == "torch" {
            throw ScriptError(location: reference.location, message: "cannot find 'torch' in scope; cells use the engine's names without the 'torch.' prefix (torch.tensor(x) is Tensor(x), torch.zeros(2, 3) is Tensor.zeros(2, 3))")
        }
        var candidates = Array(topLevelNames) + globalNames()
        for scope in scopes { candidates += scope.names.keys }
        if let decl = classes.last { candidates += decl.properties.map(\.name) + decl.methods.map(\.name) }
        throw ScriptError(location: reference.location,
                          message: "cannot find '\(reference.name)' in scope"
                            + DidYouMean.suggestion(for: reference.name, among: candidates, excluding: namesBeingDeclared))
    }
}
