/// Statements and declarations.
extension Parser {
    /// Statements up to `}` (when `closing` is given) or the end of input.
    mutating func parseStatements(until closing: String?) throws -> [Stmt] {
        var statements: [Stmt] = []
        while true {
            while match(";") {}
            if isAtEnd {
                if closing != nil { throw error("expected '}' at end of block") }
                return statements
            }
            if let closing, check(closing) { return statements }
            if closing == nil && check("}") { throw error("extraneous '}' at top level") }
            statements.append(contentsOf: try parseStatement())
            // A statement ends at a line break, a ';', a '}' or the end of input.
            if !(isAtEnd || check(";") || check("}") || current.newlineBefore) {
                throw error("consecutive statements on a line must be separated by ';'")
            }
        }
    }

    /// `{ statements }`.
    mutating func parseBlock(_ context: String) throws -> Block {
        guard check("{") else { throw error("expected '{' \(context)") }
        let open = advance()
        try enterNesting()
        let savedTrailing = allowsTrailingClosure
        allowsTrailingClosure = true
        let statements = try parseStatements(until: "}")
        allowsTrailingClosure = savedTrailing
        leaveNesting()
        try expect("}", "to close block")
        return Block(statements, at: open.location)
    }

    /// The declaration modifiers that change what a declaration means.
    struct Modifiers {
        var isStatic = false
        var isLazy = false
        var isMutating = false
        /// Where `lazy` is, when it was seen.
        var lazyToken: Token?
    }

    /// Skips declaration modifiers and attributes; tells which of those that
    /// matter were seen.
    mutating func parseModifiers() -> Modifiers {
        var modifiers = Modifiers()
        while true {
            if check("@"), case .identifier = peek().kind {
                advance(); advance()
                continue
            }
            if case .keyword(let k) = current.kind {
                switch k {
                case .static: modifiers.isStatic = true; advance(); continue
                case .override, .private, .fileprivate, .public, .internal, .final, .required, .convenience:
                    advance(); continue
                default: break
                }
            }
            if case .identifier(let name) = current.kind, ["open", "mutating", "nonmutating", "lazy", "weak", "unowned", "indirect"].contains(name),
               case .keyword = peek().kind, !peek().newlineBefore {
                if name == "lazy" {
                    modifiers.isLazy = true
                    modifiers.lazyToken = current
                }
                if name == "mutating" { modifiers.isMutating = true }
                advance()
                continue
            }
            return modifiers
        }
    }

    mutating func parseStatement() throws -> [Stmt] {
        let start = current
        let modifiers = parseModifiers()
        if let lazy = modifiers.lazyToken {
            throw error("'lazy' is supported in cells only on a property of a class or struct", at: lazy)
        }
        if case .keyword(let keyword) = current.kind {
            switch keyword {
            case .let, .var: return try parseVariableDeclarations()
            case .func:
                let decl = try parseFunction(kind: .function, isStatic: false)
                return [Stmt(.function(decl), at: decl.location)]
            case .class:
                let decl = try parseClass()
                return [Stmt(.class(decl), at: decl.location)]
            case .extension:
                let decl = try parseClass(kind: .extension)
                return [Stmt(.class(decl), at: decl.location)]
            case .protocol:
                let decl = try parseProtocol()
                return [Stmt(.protocol(decl), at: decl.location)]
            case .enum:
                let decl = try parseClass(kind: .enum)
                return [Stmt(.class(decl), at: decl.location)]
            case .struct:
                let decl = try parseClass(kind: .struct)
                return [Stmt(.class(decl), at: decl.location)]
            case .if: return [try parseIf()]
            case .guard: return [try parseGuard()]
            case .for: return [try parseFor()]
            case .while: return [try parseWhile()]
            case .repeat: return [try parseRepeat()]
            case .break, .continue:
                advance()
                if case .identifier(let label) = current.kind, !current.newlineBefore {
                    advance()
                    return [Stmt(keyword == .break ? .labeledBreak(label) : .labeledContinue(label), at: start.location)]
                }
                return [Stmt(keyword == .break ? .break : .continue, at: start.location)]
            case .return:
                advance()
                if isAtEnd || check("}") || check(";") || current.newlineBefore {
                    return [Stmt(.return(nil), at: start.location)]
                }
                return [Stmt(.return(try parseExpression()), at: start.location)]
            case .do:
                advance()
                let body = try parseBlock("after 'do'")
                if check(.catch) { return [try parseDoCatch(start, body: body)] }
                return [Stmt(.do(body), at: start.location)]
            case .import:
                advance()
                _ = try expectIdentifier("module name in 'import'")
                while match(".") { _ = try expectIdentifier("module name in 'import'") }
                return [Stmt(.import, at: start.location)]
            case .`switch`: return [try parseSwitch()]
            case .`defer`:
                advance()
                return [Stmt(.defer(try parseBlock("after 'defer'")), at: start.location)]
            case .`throw`:
                advance()
                return [Stmt(.throw(try parseExpression()), at: start.location)]
            case .`init`, .`deinit`:
                throw error("'\(keyword.rawValue)' may only be declared inside a class")
            default: break
            }
        }
        if case .identifier(let label) = current.kind, peek().isPunctuation(":"),
           [.for, .while, .repeat, .do, .switch, .if].contains(where: { peek(2).isKeyword($0) }) {
            // `outer: for …`: a label for `break outer` and `continue outer`.
            advance()
            advance()
            let statements = try parseStatement()
            statements.first?.label = label
            return statements
        }
        let expr = try parseExpression()
        if case .punctuation(let p) = current.kind, ["=", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "<<=", ">>="].contains(p) {
            let opToken = advance()
            if p == "=", case .variable(let reference) = expr.kind, reference.name == "_" {
                // `_ = value` evaluates the value and discards it.
                let discarded = Stmt(.expression(try parseExpression()), at: opToken.location)
                discarded.discardsValue = true
                return [discarded]
            }
            try checkAssignable(expr, at: opToken)
            let value = try parseExpression()
            let op: BinaryOperator? = p == "=" ? nil : BinaryOperator(rawValue: String(p.dropLast()))
            return [Stmt(.assignment(expr, op, value), at: opToken.location)]
        }
        return [Stmt(.expression(expr), at: expr.location)]
    }

    func checkAssignable(_ expr: Expr, at token: Token) throws {
        switch expr.kind {
        case .variable, .member, .subscript, .tupleElement, .forceUnwrap, .optionalChain, .superMember: return
        case .tuple(let elements, _):
            for element in elements { try checkAssignable(element, at: token) }
        default:
            throw ScriptError(location: expr.location, message: "cannot assign to this expression")
        }
    }

    /// `let a = 1, b: Int = 2` (one statement per name) or `let (a, b) = t`.
    mutating func parseVariableDeclarations() throws -> [Stmt] {
        let keyword = advance()
        let isConstant = keyword.isKeyword(.let)
        var statements: [Stmt] = []
        repeat {
            let start = current.location
            let (pattern, type) = try parsePatternWithType(isConstant: isConstant)
            var initializer: Expr?
            if match("=") {
                initializer = try parseExpression()
            } else if type == nil {
                throw error("type annotation missing in pattern")
            }
            if check("{") {
                throw error("observers and computed variables outside a type are not supported in cells; "
                    + "make it a property of a class or struct")
            }
            let decl = VariableDecl(pattern: pattern, type: type, initializer: initializer)
            statements.append(Stmt(.variable(decl), at: start))
        } while match(",")
        return statements
    }

    /// `name`, `name: Type`, `_` or `(a, b)`.
    mutating func parsePatternWithType(isConstant: Bool) throws -> (Pattern, TypeAnnotation?) {
        let pattern = try parsePattern(isConstant: isConstant, allowTypes: true)
        if case .binding(let binding) = pattern { return (pattern, binding.type) }
        var type: TypeAnnotation?
        if match(":") { type = try parseType() }
        return (pattern, type)
    }

    mutating func parsePattern(isConstant: Bool, allowTypes: Bool) throws -> Pattern {
        if match("(") {
            try enterNesting()
            defer { leaveNesting() }
            var elements: [Pattern] = []
            if !check(")") {
                repeat {
                    elements.append(try parsePattern(isConstant: isConstant, allowTypes: false))
                } while match(",")
            }
            try expect(")", "in pattern")
            return .tuple(elements)
        }
        if case .identifier("_") = current.kind {
            advance()
            return .wildcard
        }
        if check(.let) || check(.var) {
            // `for var p in …`, `let (a, var b) = …`: the keyword decides.
            let isLet = advance().isKeyword(.let)
            return try parsePattern(isConstant: isLet, allowTypes: allowTypes)
        }
        let (name, location) = try expectIdentifier("pattern")
        var type: TypeAnnotation?
        if allowTypes && match(":") { type = try parseType() }
        return .binding(Binding(name, isConstant: isConstant, type: type, at: location))
    }

    // MARK: Control flow

    /// The comma-separated conditions of `if`, `guard` and `while`.
    mutating func parseConditions() throws -> [Condition] {
        let saved = allowsTrailingClosure
        allowsTrailingClosure = false
        defer { allowsTrailingClosure = saved }
        var conditions: [Condition] = []
        repeat {
            if match(.case) {
                let pattern = try parseCasePattern()
                try expect("=", "after the pattern of a 'case' condition")
                conditions.append(.casePattern(pattern, try parseExpression()))
            } else if check(.let) || check(.var) {
                let isConstant = advance().isKeyword(.let)
                let pattern = try parsePattern(isConstant: isConstant, allowTypes: true)
                if match("=") {
                    conditions.append(.optionalBinding(pattern, try parseExpression()))
                } else if case .binding(let binding) = pattern {
                    // `if let x { … }` shorthand for `if let x = x`.
                    let reference = try make(.variable(VariableReference(binding.name, at: binding.location)), at: binding.location)
                    conditions.append(.optionalBinding(pattern, reference))
                } else {
                    throw error("expected '=' in optional binding")
                }
            } else {
                if check("{") { throw error("expected expression, var, or let in condition") }
                conditions.append(.expression(try parseExpression()))
            }
        } while match(",")
        return conditions
    }

    mutating func parseIf() throws -> Stmt {
        let start = advance()
        try enterNesting()
        defer { leaveNesting() }
        let conditions = try parseConditions()
        let then = try parseBlock("after 'if' condition")
        var elseBlock: Block?
        if match(.else) {
            if check(.if) {
                let nested = try parseIf()
                elseBlock = Block([nested], at: nested.location)
            } else {
                elseBlock = try parseBlock("after 'else'")
            }
        }
        return Stmt(.if(conditions, then, elseBlock), at: start.location)
    }

    mutating func parseGuard() throws -> Stmt {
        let start = advance()
        let conditions = try parseConditions()
        guard match(.else) else { throw error("expected 'else' after 'guard' condition") }
        let body = try parseBlock("after 'guard' 'else'")
        return Stmt(.guard(conditions, body), at: start.location)
    }

    mutating func parseFor() throws -> Stmt {
        let start = advance()
        if match(.case) {
            let pattern = try parseCasePattern()
            guard match(.in) else { throw error("expected 'in' after for-each pattern") }
            let saved = allowsTrailingClosure
            allowsTrailingClosure = false
            let sequence = try parseExpression()
            var condition: Expr?
            if match(.where) { condition = try parseExpression() }
            allowsTrailingClosure = saved
            let body = try parseBlock("to start the body of for-each loop")
            return Stmt(.forCase(pattern, sequence, condition, body), at: start.location)
        }
        let pattern = try parsePattern(isConstant: true, allowTypes: true)
        guard match(.in) else { throw error("expected 'in' after for-each pattern") }
        let saved = allowsTrailingClosure
        allowsTrailingClosure = false
        let sequence = try parseExpression()
        var condition: Expr?
        if match(.where) { condition = try parseExpression() }
        allowsTrailingClosure = saved
        let body = try parseBlock("to start the body of for-each loop")
        return Stmt(.forIn(pattern, sequence, condition, body), at: start.location)
    }

    mutating func parseWhile() throws -> Stmt {
        let start = advance()
        let conditions = try parseConditions()
        let body = try parseBlock("after 'while' condition")
        return Stmt(.while(conditions, body), at: start.location)
    }

    mutating func parseRepeat() throws -> Stmt {
        let start = advance()
        let body = try parseBlock("after 'repeat'")
        guard match(.while) else { throw error("expected 'while' after body of 'repeat' statement") }
        let condition = try parseExpression()
        return Stmt(.repeat(body, condition), at: start.location)
    }

    // MARK: Functions and classes

    /// `func name(parameters) -> Type { body }` (the `func` keyword is current);
    /// for initializers, `init(parameters) { body }`.
    mutating func parseFunction(kind: FunctionDecl.Kind, isStatic: Bool) throws -> FunctionDecl {
        let keyword = advance()
        var name = "init"
        var location = keyword.location
        if kind != .initializer {
            if case .punctuation(let p) = current.kind, p != "(" {
                // `static func == (lhs: T, rhs: T) -> Bool` and the other operators a class may define.
                guard kind == .method, isStatic, BinaryOperator(rawValue: p) != nil else {
                    throw error("operator functions are only supported as 'static func' members of a type, for + - * / % ** == != < <= > >=")
                }
                location = advance().location
                name = p
            } else {
                (name, location) = try expectIdentifier("identifier in function declaration")
            }
        } else if check("?") || check("!") {
            throw error("failable initializers are not supported in cells")
        }
        // `func f<T: Numeric>(_ x: T)`: generic parameters are accepted; values
        // are checked when they are used, not against the constraints.
        try skipGenericParameters()
        var parameters = try parseParameterList()
        if BinaryOperator(rawValue: name) != nil {
            // Operator functions take their operands without labels.
            parameters = parameters.map { var p = $0; p.label = nil; return p }
        }
        while match(.throws) || match(.rethrows) {}
        if case .identifier("async") = current.kind { throw error("'async' functions are not supported in cells") }
        var resultType: TypeAnnotation?
        if match("->") { resultType = try parseType() }
        if match(.where) {
            while !check("{") {
                if isAtEnd { throw error("expected '{' in body of function declaration") }
                advance()
            }
        }
        let body = try parseBlock("in body of function declaration")
        let binding = kind == .function ? Binding(name, isConstant: true, at: location) : nil
        return FunctionDecl(name: name, kind: kind, parameters: parameters, resultType: resultType, body: body,
                            at: location, isStatic: isStatic, binding: binding)
    }

    /// Skips `<T, U: Protocol>` after a function's name, if present.
    mutating func skipGenericParameters() throws {
        guard check("<") else { return }
        let open = advance()
        while !matchClosingAngle() {
            if isAtEnd || check("{") || check("(") { throw error("expected '>' to complete generic parameter list", at: open) }
            advance()
        }
    }

    /// `(label name: Type = default, …)`.
    mutating func parseParameterList(namesAreLabels: Bool = true) throws -> [ParameterDecl] {
        try expect("(", "in parameter list")
        var parameters: [ParameterDecl] = []
        if match(")") { return parameters }
        repeat {
            let location = current.location
            guard let first = currentNameOrKeyword else { throw error("expected parameter name followed by ':'") }
            advance()
            var name = first
            var hasTwoNames = false
            if let second = currentNameOrKeyword {
                advance()
                name = second
                hasTwoNames = true
            }
            let label: String? = first == "_" || (!namesAreLabels && !hasTwoNames) ? nil : first
            try expect(":", "following parameter name")
            var isInout = false
            if case .identifier("inout") = current.kind {
                advance()
                isInout = true
            }
            let type = try parseType()
            let isVariadic = match("...")
            if isInout && isVariadic { throw error("'inout' must not be used on variadic parameters", at: previous) }
            var defaultValue: Expr?
            if match("=") { defaultValue = try parseExpression() }
            if isInout, let defaultValue {
                throw ScriptError(location: defaultValue.location, message: "cannot provide default value to inout parameter '\(name)'")
            }
            parameters.append(ParameterDecl(label: label, name: name, type: type, defaultValue: defaultValue,
                                            isVariadic: isVariadic, location: location, isInout: isInout))
        } while match(",")
        try expect(")", "in parameter list")
        return parameters
    }

    /// `class Name: Super, Protocol { members }` or `extension Name: Protocol { members }`.
    mutating func parseClass(kind: ClassDecl.Kind = .class) throws -> ClassDecl {
        let keyword = advance()
        let (name, location) = try expectIdentifier(kind == .extension ? "type name in extension" : "\(kind) name")
        _ = keyword
        if check("<") {
            let kinds: [ClassDecl.Kind: String] = [.struct: "structs", .enum: "enums", .extension: "extensions"]
            throw error("generic \(kinds[kind] ?? "classes") are not supported in cells")
        }
        let inheritedNames = try parseInheritanceClause()
        if check(.where) { throw error("constrained extensions are not supported in cells") }
        try expect("{", "in \(kind)")
        try enterNesting()
        defer { leaveNesting() }
        var members = ClassMembers()
        while !check("}") {
            if match(";") { continue }
            if isAtEnd { throw error("expected '}' in class") }
            let modifiers = parseModifiers()
            let isStatic = modifiers.isStatic
            if let lazy = modifiers.lazyToken, !(check(.var) && !isStatic) {
                throw error(check(.let) ? "'lazy' cannot be used on a let" : "'lazy' may only be used on an instance 'var' property", at: lazy)
            }
            if check(.let) || check(.var) {
                if let lazy = modifiers.lazyToken, kind == .struct {
                    throw error("lazy properties in structs are not supported in cells; use a class", at: lazy)
                }
                try parseProperty(isStatic: isStatic, isLazy: modifiers.isLazy, into: &members, inExtension: kind == .extension)
            } else if check(.func) {
                let method = try parseFunction(kind: .method, isStatic: isStatic)
                method.isMutating = modifiers.isMutating
                members.methods.append(method)
            } else if check(Keyword.`init`) {
                members.initializers.append(try parseFunction(kind: .initializer, isStatic: false))
            } else if case .identifier("subscript") = current.kind {
                try parseSubscript(isStatic: isStatic, into: &members)
            } else if check(.deinit) {
                throw error("'deinit' is not supported in cells")
            } else if check(.class) || check(.struct) || check(.enum) || check(.protocol) {
                throw error("nested type declarations are not supported in cells; declare the type at the top level")
            } else if check(.case) {
                guard kind == .enum else { throw error("enum 'case' is not allowed outside of an enum") }
                try parseEnumCases(into: &members)
            } else {
                throw unexpected("in class body; expected a property, method or initializer")
            }
            if !(check("}") || check(";") || current.newlineBefore) {
                throw error("consecutive declarations on a line must be separated by ';'")
            }
        }
        advance()
        return ClassDecl(name: name, kind: kind, inheritedNames: inheritedNames, members: members, at: location)
    }

    /// `case a, b = 2, c(Int, label: String)` in an enum (the `case` is current).
    private mutating func parseEnumCases(into members: inout ClassMembers) throws {
        advance()
        repeat {
            let (name, location) = try expectIdentifier("identifier after 'case'")
            if members.cases.contains(where: { $0.name == name }) {
                throw ScriptError(location: location, message: "invalid redeclaration of '\(name)'")
            }
            var parameters: [String?]?
            var types: [TypeAnnotation] = []
            if match("(") {
                var labels: [String?] = []
                if !check(")") {
                    repeat {
                        var label: String?
                        if let word = currentNameOrKeyword, peek().isPunctuation(":") {
                            label = word == "_" ? nil : word
                            advance()
                            advance()
                        }
                        types.append(try parseType())
                        if match("=") { throw error("default values of associated values are not supported in cells") }
                        labels.append(label)
                    } while match(",")
                }
                try expect(")", "in enum case")
                parameters = labels
            }
            var rawValue: Expr?
            if match("=") {
                guard parameters == nil else { throw error("enum with raw type cannot have cases with arguments") }
                rawValue = try parsePrefix()
                switch rawValue!.kind {
                case .literal: break
                default: throw ScriptError(location: rawValue!.location, message: "raw value for enum case must be a literal")
                }
            }
            members.cases.append(EnumCaseDecl(name: name, parameters: parameters, parameterTypes: types, rawValue: rawValue,
                                              location: location))
        } while match(",")
    }

    /// `: Super, Protocol, …` (nothing when there is no colon).
    mutating func parseInheritanceClause() throws -> [String] {
        var names: [String] = []
        guard match(":") else { return names }
        repeat {
            let (name, _) = try expectIdentifier("type name in inheritance clause")
            if check("<") { throw error("generic types are not supported in cells") }
            names.append(name)
        } while match(",")
        return names
    }

    /// A stored or computed property in a class body (the `let`/`var` is current).
    private mutating func parseProperty(isStatic: Bool, isLazy: Bool = false, into members: inout ClassMembers, inExtension: Bool) throws {
        let isConstant = advance().isKeyword(.let)
        let (propertyName, propertyLocation) = try expectIdentifier("property name")
        var type: TypeAnnotation?
        if match(":") { type = try parseType() }
        var initializer: Expr?
        if match("=") { initializer = try parseExpression() }
        if isLazy {
            // `lazy var x = value`: the value is computed, with `self` at hand,
            // the first time the property is read.
            guard let initializer else { throw ScriptError(location: propertyLocation, message: "lazy properties must have an initializer") }
            if check("{") { throw error("lazy properties in cells cannot have observers") }
            if inExtension { throw error("extensions must not contain stored properties", at: previous) }
            let body = Block([Stmt(.expression(initializer), at: initializer.location)], at: initializer.location)
            let getter = FunctionDecl(name: propertyName, kind: .method, parameters: [], resultType: nil, body: body,
                                      at: propertyLocation)
            members.properties.append(PropertyDecl(name: propertyName, isConstant: false, type: type, initializer: nil,
                                                   isStatic: false, location: propertyLocation, lazyInitializer: getter))
            return
        }
        guard check("{"), !(initializer == nil && type == nil) else {
            if inExtension { throw error("extensions must not contain stored properties", at: previous) }
            if initializer == nil && type == nil { throw error("type annotation missing in pattern") }
            members.properties.append(PropertyDecl(name: propertyName, isConstant: isConstant, type: type,
                                                   initializer: initializer, isStatic: isStatic, location: propertyLocation))
            while match(",") {
                // `var x = 0, y = 0`: more stored properties of the same kind.
                let (name, location) = try expectIdentifier("property name")
                var type: TypeAnnotation?
                if match(":") { type = try parseType() }
                var initializer: Expr?
                if match("=") { initializer = try parseExpression() }
                if initializer == nil && type == nil { throw error("type annotation missing in pattern") }
                members.properties.append(PropertyDecl(name: name, isConstant: isConstant, type: type,
                                                       initializer: initializer, isStatic: isStatic, location: location))
            }
            return
        }
        let accessors = try parseAccessors(propertyName, resultType: type, isStatic: isStatic)
        if accessors.willSet != nil || accessors.didSet != nil {
            if isConstant { throw error("'let' declarations cannot be observing properties", at: previous) }
            if inExtension { throw error("extensions must not contain stored properties", at: previous) }
            members.properties.append(PropertyDecl(name: propertyName, isConstant: false, type: type,
                                                   initializer: initializer, isStatic: isStatic, location: propertyLocation,
                                                   willSet: accessors.willSet, didSet: accessors.didSet))
            return
        }
        guard let getter = accessors.getter else { throw error("computed property must have a getter", at: previous) }
        guard !isConstant, type != nil, initializer == nil else {
            throw ScriptError(location: propertyLocation, message: "computed property must be declared with 'var' and a type, without an initial value")
        }
        members.computedProperties.append(getter)
        if let setter = accessors.setter { members.computedSetters.append(setter) }
    }

    /// The accessors of a property: `{ body }` (a getter), `{ get { … } set(v) { … } }`
    /// or `{ willSet { … } didSet { … } }`; each becomes a method.
    private mutating func parseAccessors(_ name: String, resultType: TypeAnnotation?, isStatic: Bool,
                                         indices: [ParameterDecl] = []) throws -> (getter: FunctionDecl?, setter: FunctionDecl?, willSet: FunctionDecl?, didSet: FunctionDecl?) {
        let open = current
        let isAccessorList: Bool = {
            guard case .identifier(let word) = peek().kind, ["get", "set", "willSet", "didSet"].contains(word) else { return false }
            let after = peek(2)
            return after.isPunctuation("{") || after.isPunctuation("(") || after.isPunctuation("}")
        }()
        guard isAccessorList else {
            let body = try parseBlock("in computed property")
            return (FunctionDecl(name: name, kind: .method, parameters: indices, resultType: resultType, body: body,
                                 at: open.location, isStatic: isStatic), nil, nil, nil)
        }
        advance()
        try enterNesting()
        defer { leaveNesting() }
        var getter: FunctionDecl?, setter: FunctionDecl?, willSet: FunctionDecl?, didSet: FunctionDecl?
        while !check("}") {
            if match(";") { continue }
            let accessorModifiers = parseModifiers()
            if let lazy = accessorModifiers.lazyToken { throw error("'lazy' cannot be used on an accessor", at: lazy) }
            guard case .identifier(let word) = current.kind, ["get", "set", "willSet", "didSet"].contains(word) else {
                throw unexpected("in accessor list; expected 'get', 'set', 'willSet' or 'didSet'")
            }
            let accessorToken = advance()
            var parameterName = word == "didSet" ? "oldValue" : "newValue"
            var parameterLocation = accessorToken.location
            if word != "get", match("(") {
                (parameterName, parameterLocation) = try expectIdentifier("parameter name of '\(word)'")
                try expect(")", "after the parameter name of '\(word)'")
            }
            guard check("{") else {
                throw error("computed properties in cells need an accessor body: '\(word) { … }'")
            }
            let body = try parseBlock("in '\(word)'")
            let valueParameter = ParameterDecl(label: nil, name: parameterName, type: word == "get" ? nil : resultType,
                                               defaultValue: nil, isVariadic: false, location: parameterLocation)
            let accessor = FunctionDecl(name: name, kind: .method,
                                        parameters: word == "get" ? indices : indices + [valueParameter],
                                        resultType: word == "get" ? resultType : nil, body: body,
                                        at: accessorToken.location, isStatic: isStatic)
            let duplicate: Bool
            switch word {
            case "get": duplicate = getter != nil; getter = accessor
            case "set": duplicate = setter != nil; setter = accessor
            case "willSet": duplicate = willSet != nil; willSet = accessor
            default: duplicate = didSet != nil; didSet = accessor
            }
            if duplicate { throw error("'\(word)' accessor is declared twice", at: accessorToken) }
        }
        advance()
        if (getter != nil || setter != nil) && (willSet != nil || didSet != nil) {
            throw ScriptError(location: open.location, message: "'willSet' and 'didSet' cannot be combined with 'get' or 'set'")
        }
        if setter != nil && getter == nil {
            throw ScriptError(location: open.location, message: "variable with a setter must also have a getter")
        }
        return (getter, setter, willSet, didSet)
    }

    /// `subscript(index: Int) -> T { … }` with a getter, and optionally a setter.
    private mutating func parseSubscript(isStatic: Bool, into members: inout ClassMembers) throws {
        let keyword = advance()
        if isStatic { throw error("static subscripts are not supported in cells", at: keyword) }
        // A subscript's parameters have no argument labels unless two names are given.
        let indices = try parseParameterList(namesAreLabels: false)
        guard match("->") else { throw error("expected '->' for subscript element type") }
        let resultType = try parseType()
        guard check("{") else { throw error("expected '{' in subscript to specify getter and setter implementation") }
        let accessors = try parseAccessors("subscript", resultType: resultType, isStatic: false, indices: indices)
        if accessors.willSet != nil || accessors.didSet != nil {
            throw ScriptError(location: keyword.location, message: "subscripts cannot have 'willSet' or 'didSet'")
        }
        guard let getter = accessors.getter else { throw error("subscript must have a getter", at: keyword) }
        members.subscripts.append(getter)
        if let setter = accessors.setter { members.subscriptSetters.append(setter) }
    }

    /// `protocol Name: Other { requirements }`: the requirements are skipped.
    mutating func parseProtocol() throws -> ProtocolDecl {
        advance()
        let (name, location) = try expectIdentifier("protocol name")
        _ = try parseInheritanceClause()
        guard check("{") else { throw error("expected '{' in protocol type") }
        let open = advance()
        var depth = 1
        while depth > 0 {
            if isAtEnd { throw error("expected '}' in protocol", at: open) }
            if check("{") { depth += 1 }
            if check("}") { depth -= 1 }
            advance()
        }
        return ProtocolDecl(name: name, at: location)
    }
}
