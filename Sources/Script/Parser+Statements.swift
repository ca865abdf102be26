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

    /// Skips declaration modifiers and attributes; tells whether `static` was seen.
    mutating func parseModifiers() -> Bool {
        var isStatic = false
        while true {
            if check("@"), case .identifier = peek().kind {
                advance(); advance()
                continue
            }
            if case .keyword(let k) = current.kind {
                switch k {
                case .static: isStatic = true; advance(); continue
                case .override, .private, .fileprivate, .public, .internal, .final, .required, .convenience:
                    advance(); continue
                default: break
                }
            }
            if case .identifier(let name) = current.kind, ["open", "mutating", "nonmutating", "lazy", "weak", "unowned"].contains(name),
               case .keyword = peek().kind, !peek().newlineBefore {
                advance()
                continue
            }
            return isStatic
        }
    }

    mutating func parseStatement() throws -> [Stmt] {
        let start = current
        _ = parseModifiers()
        if case .keyword(let keyword) = current.kind {
            switch keyword {
            case .let, .var: return try parseVariableDeclarations()
            case .func:
                let decl = try parseFunction(kind: .function, isStatic: false)
                return [Stmt(.function(decl), at: decl.location)]
            case .class:
                let decl = try parseClass()
                return [Stmt(.class(decl), at: decl.location)]
            case .struct, .enum, .protocol, .extension:
                throw error("'\(keyword.rawValue)' declarations are not supported in cells; use 'class'")
            case .if: return [try parseIf()]
            case .guard: return [try parseGuard()]
            case .for: return [try parseFor()]
            case .while: return [try parseWhile()]
            case .repeat: return [try parseRepeat()]
            case .break:
                advance()
                return [Stmt(.break, at: start.location)]
            case .continue:
                advance()
                return [Stmt(.continue, at: start.location)]
            case .return:
                advance()
                if isAtEnd || check("}") || check(";") || current.newlineBefore {
                    return [Stmt(.return(nil), at: start.location)]
                }
                return [Stmt(.return(try parseExpression()), at: start.location)]
            case .do:
                advance()
                let body = try parseBlock("after 'do'")
                if check(.catch) { throw error("'catch' is not supported in cells; use 'try?'") }
                return [Stmt(.do(body), at: start.location)]
            case .import:
                advance()
                _ = try expectIdentifier("module name in 'import'")
                while match(".") { _ = try expectIdentifier("module name in 'import'") }
                return [Stmt(.import, at: start.location)]
            case .`switch`: throw error("'switch' is not supported in cells; use 'if' / 'else if'")
            case .`defer`: throw error("'defer' is not supported in cells")
            case .`throw`: throw error("'throw' is not supported in cells; use 'fatalError(_:)'")
            case .`init`, .`deinit`:
                throw error("'\(keyword.rawValue)' may only be declared inside a class")
            default: break
            }
        }
        let expr = try parseExpression()
        if case .punctuation(let p) = current.kind, ["=", "+=", "-=", "*=", "/=", "%="].contains(p) {
            let opToken = advance()
            if p == "=", case .variable(let reference) = expr.kind, reference.name == "_" {
                // `_ = value` evaluates the value and discards it.
                return [Stmt(.expression(try parseExpression()), at: opToken.location)]
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
        if match(.let) || match(.var) {
            return try parsePattern(isConstant: isConstant, allowTypes: allowTypes)
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
            if check(.let) || check(.var) {
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
                throw error("operator functions are not supported in cells")
            }
            (name, location) = try expectIdentifier("identifier in function declaration")
        } else if check("?") || check("!") {
            throw error("failable initializers are not supported in cells")
        }
        if check("<") { throw error("generic functions are not supported in cells") }
        let parameters = try parseParameterList()
        while match(.throws) || match(.rethrows) {}
        if case .identifier("async") = current.kind { throw error("'async' functions are not supported in cells") }
        var resultType: TypeAnnotation?
        if match("->") { resultType = try parseType() }
        if check(.where) { throw error("generic functions are not supported in cells") }
        let body = try parseBlock("in body of function declaration")
        let binding = kind == .function ? Binding(name, isConstant: true, at: location) : nil
        return FunctionDecl(name: name, kind: kind, parameters: parameters, resultType: resultType, body: body,
                            at: location, isStatic: isStatic, binding: binding)
    }

    /// `(label name: Type = default, …)`.
    mutating func parseParameterList() throws -> [ParameterDecl] {
        try expect("(", "in parameter list")
        var parameters: [ParameterDecl] = []
        if match(")") { return parameters }
        repeat {
            let location = current.location
            guard let first = currentNameOrKeyword else { throw error("expected parameter name followed by ':'") }
            advance()
            var name = first
            if let second = currentNameOrKeyword {
                advance()
                name = second
            }
            let label: String? = first == "_" ? nil : first
            try expect(":", "following parameter name")
            if case .identifier("inout") = current.kind { throw error("'inout' parameters are not supported in cells") }
            let type = try parseType()
            let isVariadic = match("...")
            var defaultValue: Expr?
            if match("=") { defaultValue = try parseExpression() }
            parameters.append(ParameterDecl(label: label, name: name, type: type, defaultValue: defaultValue,
                                            isVariadic: isVariadic, location: location))
        } while match(",")
        try expect(")", "in parameter list")
        return parameters
    }

    /// `class Name: Super { members }`.
    mutating func parseClass() throws -> ClassDecl {
        let keyword = advance()
        let (name, location) = try expectIdentifier("class name")
        _ = keyword
        if check("<") { throw error("generic classes are not supported in cells") }
        var superclassName: String?
        if match(":") {
            superclassName = try expectIdentifier("superclass name").0
            while match(",") { _ = try parseType() }   // protocol conformances: ignored
        }
        try expect("{", "in class")
        try enterNesting()
        defer { leaveNesting() }
        var properties: [PropertyDecl] = []
        var methods: [FunctionDecl] = []
        var initializers: [FunctionDecl] = []
        var computed: [FunctionDecl] = []
        while !check("}") {
            if match(";") { continue }
            if isAtEnd { throw error("expected '}' in class") }
            let isStatic = parseModifiers()
            if check(.let) || check(.var) {
                let isConstant = advance().isKeyword(.let)
                let (propertyName, propertyLocation) = try expectIdentifier("property name")
                var type: TypeAnnotation?
                if match(":") { type = try parseType() }
                if check("{") {
                    guard !isConstant, type != nil else { throw error("computed property must be declared with 'var' and a type") }
                    let body = try parseBlock("in computed property")
                    computed.append(FunctionDecl(name: propertyName, kind: .method, parameters: [], resultType: type,
                                                 body: body, at: propertyLocation, isStatic: isStatic))
                } else {
                    var initializer: Expr?
                    if match("=") { initializer = try parseExpression() }
                    if initializer == nil && type == nil { throw error("type annotation missing in pattern") }
                    properties.append(PropertyDecl(name: propertyName, isConstant: isConstant, type: type,
                                                   initializer: initializer, isStatic: isStatic, location: propertyLocation))
                }
            } else if check(.func) {
                methods.append(try parseFunction(kind: .method, isStatic: isStatic))
            } else if check(Keyword.`init`) {
                initializers.append(try parseFunction(kind: .initializer, isStatic: false))
            } else if check(.deinit) {
                throw error("'deinit' is not supported in cells")
            } else {
                throw unexpected("in class body; expected a property, method or initializer")
            }
            if !(check("}") || check(";") || current.newlineBefore) {
                throw error("consecutive declarations on a line must be separated by ';'")
            }
        }
        advance()
        return ClassDecl(name: name, superclassName: superclassName, properties: properties, methods: methods,
                         initializers: initializers, computedProperties: computed, at: location)
    }
}
