/// Case patterns (`switch`, `if case`, `for case`, `catch`) and the statements
/// that use them.
extension Parser {
    /// A case pattern; `binds` is set inside `let`/`var`, where bare names bind
    /// (true for `let`).
    mutating func parseCasePattern(binds: Bool? = nil) throws -> CasePattern {
        try enterNesting()
        defer { leaveNesting() }
        var pattern = try parseCasePatternPrimary(binds: binds)
        while true {
            if check("?"), !current.spaceBefore {
                advance()
                pattern = .optional(pattern)
            } else if check(.as) {
                advance()
                pattern = .cast(pattern, try parseType())
            } else {
                return pattern
            }
        }
    }

    private mutating func parseCasePatternPrimary(binds: Bool?) throws -> CasePattern {
        if case .identifier("_") = current.kind {
            advance()
            return .wildcard
        }
        if check(.let) || check(.var) {
            if binds != nil { throw error("'\(current.text)' cannot appear nested inside another 'var' or 'let' pattern") }
            let isLet = advance().isKeyword(.let)
            return try parseCasePattern(binds: isLet)
        }
        if check(.is) {
            advance()
            return .typeCheck(try parseType())
        }
        if check("(") {
            let open = advance()
            var elements: [CasePattern] = []
            var labels: [String?] = []
            if !check(")") {
                repeat {
                    var label: String?
                    if let name = currentNameOrKeyword, peek().isPunctuation(":") {
                        label = name
                        advance()
                        advance()
                    }
                    labels.append(label)
                    elements.append(try parseCasePattern(binds: binds))
                } while match(",")
            }
            try expect(")", "in pattern")
            if elements.count == 1 && labels[0] == nil { return elements[0] }
            if elements.isEmpty { return .expression(try make(.literal(.void), at: open.location)) }
            return .tuple(elements, labels: labels)
        }
        if check("."), case .identifier = peek().kind, !peek().spaceBefore {
            let dot = advance()
            let name = advance().text
            return .enumCase(type: nil, name: name, arguments: try parseCaseArguments(binds: binds), location: dot.location)
        }
        if case .identifier(let name) = current.kind {
            if let binds {
                let location = advance().location
                return .binding(Binding(name, isConstant: binds, at: location))
            }
            // `Type.name(…)`: an enum case, or a static value.
            if peek().isPunctuation("."), case .identifier(let member) = peek(2).kind, name.first?.isUppercase == true,
               peek(3).isPunctuation("(") || !isPostfixContinuation(peek(3)) {
                let location = current.location
                advance(); advance(); advance()
                return .enumCase(type: name, name: member, arguments: try parseCaseArguments(binds: binds), location: location)
            }
        }
        if binds != nil, !check("."), !(check("-") || current.kind.isLiteral) {
            throw unexpected("in pattern")
        }
        let saved = allowsTrailingClosure
        allowsTrailingClosure = false
        defer { allowsTrailingClosure = saved }
        return .expression(try parseCast())
    }

    /// Whether `token` continues a postfix expression (so `A.b` is not a whole pattern).
    private func isPostfixContinuation(_ token: Token) -> Bool {
        if token.newlineBefore { return false }
        return token.isPunctuation(".") || token.isPunctuation("[") || (token.isPunctuation("(") && !token.spaceBefore)
    }

    /// The associated-value patterns of an enum case pattern: `(let r)`,
    /// `(x: 0, y: let y)`; nil when there are none.
    private mutating func parseCaseArguments(binds: Bool?) throws -> [(label: String?, pattern: CasePattern)]? {
        guard check("("), !current.newlineBefore else { return nil }
        advance()
        var arguments: [(label: String?, pattern: CasePattern)] = []
        if !check(")") {
            repeat {
                var label: String?
                if let name = currentNameOrKeyword, peek().isPunctuation(":") {
                    label = name
                    advance()
                    advance()
                }
                arguments.append((label, try parseCasePattern(binds: binds)))
            } while match(",")
        }
        try expect(")", "in enum case pattern")
        return arguments
    }

    /// `switch subject { case p, q where c: … default: … }`.
    mutating func parseSwitch() throws -> Stmt {
        let start = advance()
        try enterNesting()
        defer { leaveNesting() }
        let saved = allowsTrailingClosure
        allowsTrailingClosure = false
        let subject = try parseExpression()
        allowsTrailingClosure = saved
        try expect("{", "after 'switch' subject expression")
        var cases: [SwitchCase] = []
        while !check("}") {
            if match(";") { continue }
            if isAtEnd { throw error("expected '}' at end of 'switch' statement") }
            let caseToken = current
            var patterns: [CasePattern] = []
            var guardExpression: Expr?
            if match(.default) {
                if cases.contains(where: \.isDefault) { throw error("additional 'default' blocks cannot appear after the first 'default' block", at: caseToken) }
            } else if match(.case) {
                if cases.contains(where: \.isDefault) { throw error("additional 'case' blocks cannot appear after the 'default' block of a 'switch'", at: caseToken) }
                repeat { patterns.append(try parseCasePattern()) } while match(",")
                if match(.where) { guardExpression = try parseExpression() }
            } else {
                throw error("all statements inside a switch must be covered by a 'case' or 'default'")
            }
            try expect(":", "after the case pattern")
            var statements: [Stmt] = []
            while !(check(.case) || check(.default) || check("}")) {
                while match(";") {}
                if check(.case) || check(.default) || check("}") { break }
                if isAtEnd { throw error("expected '}' at end of 'switch' statement") }
                if case .identifier("fallthrough") = current.kind {
                    throw error("'fallthrough' is not supported in cells; list the patterns in one case")
                }
                statements.append(contentsOf: try parseStatement())
                if !(isAtEnd || check(";") || check("}") || current.newlineBefore) {
                    throw error("consecutive statements on a line must be separated by ';'")
                }
            }
            if statements.isEmpty {
                throw error("'\(caseToken.text)' label in a 'switch' must have at least one executable statement", at: caseToken)
            }
            cases.append(SwitchCase(patterns: patterns, guardExpression: guardExpression,
                                    body: Block(statements, at: caseToken.location), at: caseToken.location))
        }
        advance()
        if cases.isEmpty {
            throw error("'switch' statement body must have at least one 'case' or 'default' block", at: start)
        }
        return Stmt(.switch(subject, cases), at: start.location)
    }

    /// `do { … } catch pattern where c { … } catch { … }` (the `do` is consumed).
    mutating func parseDoCatch(_ start: Token, body: Block) throws -> Stmt {
        var clauses: [CatchClause] = []
        while check(.catch) {
            let token = advance()
            var pattern: CasePattern?
            var guardExpression: Expr?
            let saved = allowsTrailingClosure
            allowsTrailingClosure = false
            if !check("{") && !check(.where) { pattern = try parseCasePattern() }
            if match(.where) { guardExpression = try parseExpression() }
            allowsTrailingClosure = saved
            let block = try parseBlock("after 'catch'")
            clauses.append(CatchClause(pattern: pattern, guardExpression: guardExpression, body: block, at: token.location))
        }
        return Stmt(.doCatch(body, clauses), at: start.location)
    }
}

extension Token.Kind {
    /// Whether the token is a number, string or Boolean literal.
    var isLiteral: Bool {
        switch self {
        case .integer, .double, .string, .keyword(.true), .keyword(.false), .keyword(.nil): return true
        default: return false
        }
    }
}
