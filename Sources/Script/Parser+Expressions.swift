/// Expressions, one function per precedence level, from loosest to tightest:
/// ternary, `||`, `&&`, comparison, `??`, casts, ranges, `+ - | ^`, `* / % &`,
/// `<< >>`, `**`, prefix operators, postfix operators (calls, members,
/// subscripts, `!`, `?`). The bitwise operators sit where Swift puts them
/// (`&` with `*`, `|` and `^` with `+`, shifts above both).
extension Parser {
    mutating func parseExpression() throws -> Expr {
        try enterNesting()
        defer { leaveNesting() }
        return try parseTernary()
    }

    /// Whether the current operator token is written as a binary operator (not
    /// `a -b`, which Swift reads as a prefix minus starting something new).
    var isBinaryOperatorForm: Bool {
        !(current.spaceBefore && !current.spaceAfter)
    }

    /// The current token as one of `operators`, if it is written as a binary operator.
    func binaryOperator(_ operators: [String]) -> String? {
        guard case .punctuation(let p) = current.kind, operators.contains(p), isBinaryOperatorForm else { return nil }
        return p
    }

    mutating func parseTernary() throws -> Expr {
        let condition = try parseOr()
        guard check("?"), current.spaceBefore else { return condition }
        let question = advance()
        let whenTrue = try parseExpression()
        try expect(":", "after '? ...' in ternary expression")
        let whenFalse = try parseTernary()
        return try make(.ternary(condition, whenTrue, whenFalse), at: question.location)
    }

    mutating func parseOr() throws -> Expr {
        var left = try parseAnd()
        while binaryOperator(["||"]) != nil {
            let op = advance()
            let right = try parseAnd()
            left = try make(.or(left, right), at: op.location)
        }
        return left
    }

    mutating func parseAnd() throws -> Expr {
        var left = try parseComparison()
        while binaryOperator(["&&"]) != nil {
            let op = advance()
            let right = try parseComparison()
            left = try make(.and(left, right), at: op.location)
        }
        return left
    }

    static let comparisonOperators = ["==", "!=", "<", "<=", ">", ">=", "===", "!=="]
    /// Operators that can be passed as functions.
    static let operatorFunctions: Set<String> = ["+", "-", "*", "/", "%", "**", "==", "!=", "<", "<=", ">", ">=",
                                                 "&", "|", "^", "<<", ">>"]

    mutating func parseComparison() throws -> Expr {
        let left = try parseNilCoalescing()
        guard let symbol = binaryOperator(Parser.comparisonOperators) else { return left }
        let op = advance()
        let right = try parseNilCoalescing()
        if binaryOperator(Parser.comparisonOperators) != nil {
            throw error("adjacent operators are in non-associative precedence group 'ComparisonPrecedence'")
        }
        return try make(.binary(BinaryOperator(rawValue: symbol)!, left, right), at: op.location)
    }

    mutating func parseNilCoalescing() throws -> Expr {
        let left = try parseCast()
        guard binaryOperator(["??"]) != nil else { return left }
        let op = advance()
        try enterNesting()
        defer { leaveNesting() }
        let right = try parseNilCoalescing()
        return try make(.nilCoalescing(left, right), at: op.location)
    }

    mutating func parseCast() throws -> Expr {
        var value = try parseRange()
        while check(.as) || check(.is) {
            let keyword = advance()
            var kind: CastKind = keyword.isKeyword(.is) ? .check : .coerce
            if kind == .coerce && !current.spaceBefore {
                if match("?") { kind = .conditional } else if match("!") { kind = .forced }
            }
            let type = try parseType()
            value = try make(.cast(value, type, kind), at: keyword.location)
        }
        return value
    }

    mutating func parseRange() throws -> Expr {
        if check("..<") || check("...") {
            let op = advance()
            let isClosed = op.isPunctuation("...")
            if check(",") || check("]") || check(")") {
                return try make(.range(nil, nil, isClosed: isClosed), at: op.location)
            }
            let upper = try parseAddition()
            return try make(.range(nil, upper, isClosed: isClosed), at: op.location)
        }
        let left = try parseAddition()
        guard check("..<") || check("...") else { return left }
        let op = advance()
        let isClosed = op.isPunctuation("...")
        if check(",") || check("]") || check(")") || check(":") || isAtEnd || current.newlineBefore {
            return try make(.range(left, nil, isClosed: isClosed), at: op.location)
        }
        let right = try parseAddition()
        return try make(.range(left, right, isClosed: isClosed), at: op.location)
    }

    mutating func parseAddition() throws -> Expr {
        var left = try parseMultiplication()
        while let symbol = binaryOperator(["+", "-", "|", "^"]) {
            let op = advance()
            let right = try parseMultiplication()
            left = try make(.binary(BinaryOperator(rawValue: symbol)!, left, right), at: op.location)
        }
        return left
    }

    mutating func parseMultiplication() throws -> Expr {
        var left = try parseShift()
        if check("@"), !current.newlineBefore {
            throw error("'@' is not an operator in Swift; use a.matmul(b) for a matrix product")
        }
        while let symbol = binaryOperator(["*", "/", "%", "&"]) {
            let op = advance()
            let right = try parseShift()
            left = try make(.binary(BinaryOperator(rawValue: symbol)!, left, right), at: op.location)
            if check("@"), !current.newlineBefore {
                throw error("'@' is not an operator in Swift; use a.matmul(b) for a matrix product")
            }
        }
        return left
    }

    /// `<<` and `>>` bind tighter than `*` (Swift's BitwiseShiftPrecedence).
    mutating func parseShift() throws -> Expr {
        var left = try parsePower()
        while let symbol = binaryOperator(["<<", ">>"]) {
            let op = advance()
            let right = try parsePower()
            left = try make(.binary(BinaryOperator(rawValue: symbol)!, left, right), at: op.location)
        }
        return left
    }

    /// `**` is right-associative and binds tighter than `*`.
    mutating func parsePower() throws -> Expr {
        let base = try parsePrefix()
        guard binaryOperator(["**"]) != nil else { return base }
        let op = advance()
        try enterNesting()
        defer { leaveNesting() }
        let exponent = try parsePower()
        return try make(.binary(.power, base, exponent), at: op.location)
    }

    mutating func parsePrefix() throws -> Expr {
        if case .punctuation(let p) = current.kind, p == "-" || p == "!" || p == "+" || p == "&" || p == "~",
           !(peek().isPunctuation(")") || peek().isPunctuation(",")) {
            let op = advance()
            try enterNesting()
            defer { leaveNesting() }
            if p == "&" {
                throw error("'&' may only be used to pass an argument to an inout parameter", at: op)
            }
            let operand = try parsePrefix()
            if p == "-", case .literal(let value) = operand.kind {
                if case .int(let n) = value { return try make(.literal(.int(-n)), at: op.location) }
                if case .double(let d) = value { return try make(.literal(.double(-d)), at: op.location) }
            }
            return try make(.prefix(PrefixOperator(rawValue: p)!, operand), at: op.location)
        }
        if check(.try) {
            let keyword = advance()
            var kind = TryKind.plain
            if !current.spaceBefore {
                if match("?") { kind = .optional } else if match("!") { kind = .forced }
            }
            try enterNesting()
            defer { leaveNesting() }
            let operand = try parseCast()
            return try make(.try(operand, kind), at: keyword.location)
        }
        if case .identifier("await") = current.kind, !peek().newlineBefore {
            throw error("'await' is not supported in cells")
        }
        return try parsePostfix()
    }

    mutating func parsePostfix() throws -> Expr {
        var expr = try parsePrimary()
        var hasOptionalLink = false
        while true {
            if check("("), !current.newlineBefore {
                let open = advance()
                var arguments = try parseArguments(closing: ")")
                arguments += try parseTrailingClosures()
                expr = try make(.call(expr, arguments), at: open.location)
            } else if check("["), !current.newlineBefore {
                let open = advance()
                let arguments = try parseArguments(closing: "]")
                expr = try make(.subscript(expr, arguments), at: open.location)
            } else if check(".") {
                let dot = advance()
                if case .integer(let index) = current.kind {
                    advance()
                    expr = try make(.tupleElement(expr, index), at: dot.location)
                } else if let name = currentNameOrKeyword {
                    let nameToken = advance()
                    expr = try make(.member(expr, name), at: nameToken.location)
                } else {
                    throw error("expected member name following '.'")
                }
            } else if check("!"), !current.spaceBefore {
                let bang = advance()
                expr = try make(.forceUnwrap(expr), at: bang.location)
            } else if check("?"), !current.spaceBefore {
                let question = advance()
                hasOptionalLink = true
                expr = try make(.optionalLink(expr), at: question.location)
            } else if check("{"), allowsTrailingClosure, !current.newlineBefore, isTrailingClosureCallee(expr) {
                let closures = try parseTrailingClosures()
                expr = try make(.call(expr, closures), at: closures[0].location)
            } else {
                break
            }
        }
        if hasOptionalLink { expr = try make(.optionalChain(expr), at: expr.location) }
        return expr
    }

    /// Whether `{` after `expr` is a trailing closure (a name, a member or a call;
    /// not a literal).
    private func isTrailingClosureCallee(_ expr: Expr) -> Bool {
        switch expr.kind {
        case .variable, .member, .call, .superMember: return true
        default: return false
        }
    }

    /// A trailing closure after a call's parentheses (on the same line), if any.
    mutating func parseTrailingClosures() throws -> [Argument] {
        guard check("{"), allowsTrailingClosure, !current.newlineBefore else { return [] }
        let location = current.location
        let closure = try parseClosure()
        return [Argument(label: nil, value: closure, location: location, isTrailingClosure: true)]
    }

    /// `label: value, …` up to `closing` (the opening bracket is consumed).
    mutating func parseArguments(closing: String) throws -> [Argument] {
        let saved = allowsTrailingClosure
        allowsTrailingClosure = true
        defer { allowsTrailingClosure = saved }
        try enterNesting()
        defer { leaveNesting() }
        var arguments: [Argument] = []
        if match(closing) { return arguments }
        repeat {
            let location = current.location
            var label: String?
            if let name = currentNameOrKeyword, peek().isPunctuation(":") {
                label = name
                advance()
                advance()
            }
            if check("&"), !current.spaceAfter, closing == ")", !(peek().isPunctuation(")") || peek().isPunctuation(",")) {
                // `&x`: the storage for an `inout` parameter.
                let ampersand = advance()
                let target = try parsePostfix()
                if !(check(",") || check(closing)) {
                    throw error("'&' may only be used to pass an argument to an inout parameter", at: ampersand)
                }
                try checkAssignable(target, at: ampersand)
                arguments.append(Argument(label: label, value: target, location: location, isInout: true))
                continue
            }
            arguments.append(Argument(label: label, value: try parseExpression(), location: location))
        } while match(",")
        guard match(closing) else { throw error("expected '\(closing)' in expression list") }
        return arguments
    }

    /// Skips the generic arguments of a type named in an expression
    /// (`Set<Int>()`, `Array<Double>.init`), which the interpreter does not
    /// need; leaves the tokens as they were when they are not a generic list
    /// followed by `(` or `.` (so `A < b` stays a comparison).
    mutating func skipGenericArguments() {
        let savedPosition = position
        let savedTokens = tokens
        advance()
        var isGenericList = false
        repeat {
            guard (try? parseType()) != nil else { break }
            if matchClosingAngle() {
                isGenericList = (check("(") || check(".")) && !current.spaceBefore
                break
            }
        } while match(",")
        if !isGenericList {
            position = savedPosition
            tokens = savedTokens
        }
    }

    mutating func parsePrimary() throws -> Expr {
        let token = current
        switch token.kind {
        case .integer(let value):
            advance()
            return try make(.literal(.int(value)), at: token.location)
        case .double(let value):
            advance()
            return try make(.literal(.double(value)), at: token.location)
        case .string(let parts):
            advance()
            return try parseStringLiteral(parts, at: token.location)
        case .identifier(let name):
            advance()
            if name.first?.isUppercase == true, check("<"), !current.spaceBefore { skipGenericArguments() }
            return try make(.variable(VariableReference(name, at: token.location)), at: token.location)
        case .dollar(let index):
            advance()
            guard !anonymousParameterStack.isEmpty else {
                throw error("anonymous closure argument not contained in a closure", at: token)
            }
            if anonymousParameterStack[anonymousParameterStack.count - 1] < index {
                anonymousParameterStack[anonymousParameterStack.count - 1] = index
            }
            return try make(.variable(VariableReference("$\(index)", at: token.location)), at: token.location)
        case .keyword(.true):
            advance()
            return try make(.literal(.bool(true)), at: token.location)
        case .keyword(.false):
            advance()
            return try make(.literal(.bool(false)), at: token.location)
        case .keyword(.nil):
            advance()
            return try make(.literal(.nil), at: token.location)
        case .keyword(.self):
            advance()
            return try make(.variable(VariableReference("self", at: token.location)), at: token.location)
        case .keyword(.super):
            advance()
            guard match(".") else { throw error("expected '.' or '[' after 'super'") }
            guard let name = currentNameOrKeyword else { throw error("expected member name following '.'") }
            advance()
            return try make(.superMember(SuperReference(name)), at: token.location)
        case .punctuation("("):
            return try parseParenthesized()
        case .punctuation("["):
            return try parseCollectionLiteral()
        case .punctuation("{"):
            return try parseClosure()
        case .punctuation("\\"):
            return try parseKeyPath()
        case .punctuation(".") where !peek().spaceBefore && peek().kind != .end:
            // `.float64`: a member of the type the context expects.
            advance()
            guard let name = currentNameOrKeyword else { throw error("expected member name following '.'") }
            advance()
            return try make(.implicitMember(name), at: token.location)
        case .end:
            throw error("expected expression")
        case .punctuation(let op) where Parser.operatorFunctions.contains(op) && (peek().isPunctuation(")") || peek().isPunctuation(",")):
            // An operator used as a function: `reduce(0, +)`, `sorted(by: >)`.
            advance()
            return try make(.variable(VariableReference(op, at: token.location)), at: token.location)
        default:
            throw unexpected()
        }
    }

    /// A string literal, parsing each interpolation's source as an expression.
    mutating func parseStringLiteral(_ parts: [StringPart], at location: SourceLocation) throws -> Expr {
        if parts.count == 1, case .text(let text) = parts[0] {
            return try make(.literal(.string(text)), at: location)
        }
        var segments: [InterpolationSegment] = []
        for part in parts {
            switch part {
            case .text(let text): segments.append(.text(text))
            case .interpolation(let source, let start):
                var inner = Parser(tokens: try Lexer.tokenize(source, start: start))
                inner.nesting = nesting + 1
                inner.anonymousParameterStack = anonymousParameterStack
                if inner.isAtEnd { throw ScriptError(location: start, message: "expected expression in string interpolation") }
                let expr = try inner.parseExpression()
                if !inner.isAtEnd { throw inner.unexpected("in string interpolation") }
                anonymousParameterStack = inner.anonymousParameterStack
                segments.append(.expression(expr))
            }
        }
        return try make(.interpolation(segments), at: location)
    }

    /// `()`, `(e)`, `(a, b)`, `(x: 1, y: 2)`.
    mutating func parseParenthesized() throws -> Expr {
        let open = advance()
        let arguments = try parseArguments(closing: ")")
        if arguments.isEmpty { return try make(.literal(.void), at: open.location) }
        if arguments.count == 1 && arguments[0].label == nil { return arguments[0].value }
        return try make(.tuple(arguments.map(\.value), labels: arguments.map(\.label)), at: open.location)
    }

    /// `[a, b]`, `[k: v]`, `[:]`, `[]`, and the empty collections `[T]()`, `[K: V]()`.
    mutating func parseCollectionLiteral() throws -> Expr {
        let open = current
        if let empty = attempt({ parser -> Expr? in
            parser.advance()
            var isDictionary = false
            let elementType = try parser.parseType()
            var valueType: TypeAnnotation?
            if parser.match(":") {
                isDictionary = true
                valueType = try parser.parseType()
            }
            guard parser.match("]"), parser.check("("), !parser.current.newlineBefore else { return nil }
            if parser.peek().isPunctuation(")") {
                parser.advance()
                parser.advance()
                return try parser.make(.emptyCollection(isDictionary: isDictionary), at: open.location)
            }
            // `[T](repeating: x, count: n)` calls the collection's initializer.
            let call = parser.advance()
            let arguments = try parser.parseArguments(closing: ")")
            let typeName = isDictionary ? "Dictionary" : "Array"
            let callee = try parser.make(.variable(VariableReference(typeName, at: open.location)), at: open.location)
            let made = try parser.make(.call(callee, arguments), at: call.location)
            // `[Double](repeating: 1, count: 3)` holds Doubles: the result takes the written type.
            let type: TypeAnnotation = valueType.map { .dictionary(elementType, $0) } ?? .array(elementType)
            return try parser.make(.cast(made, type, .coerce), at: call.location)
        }) {
            return empty
        }
        advance()
        let saved = allowsTrailingClosure
        allowsTrailingClosure = true
        defer { allowsTrailingClosure = saved }
        try enterNesting()
        defer { leaveNesting() }
        if match("]") { return try make(.array([]), at: open.location) }
        if check(":"), peek().isPunctuation("]") {
            advance()
            advance()
            return try make(.dictionary([]), at: open.location)
        }
        let first = try parseExpression()
        if match(":") {
            var pairs = [(key: first, value: try parseExpression())]
            while match(",") {
                if check("]") { break }
                let key = try parseExpression()
                try expect(":", "in dictionary literal")
                pairs.append((key, try parseExpression()))
            }
            guard match("]") else { throw error("expected ']' in container literal expression") }
            return try make(.dictionary(pairs), at: open.location)
        }
        var elements = [first]
        while match(",") {
            if check("]") { break }
            elements.append(try parseExpression())
        }
        guard match("]") else { throw error("expected ']' in container literal expression") }
        return try make(.array(elements), at: open.location)
    }

    /// `\.name`, `\.a.b` or `\Type.name`: a key path, which cells use as a
    /// function from a value to its member (`people.map(\.name)`), so it is
    /// the closure `{ $0.name }`.
    mutating func parseKeyPath() throws -> Expr {
        let slash = advance()
        if case .identifier = current.kind, !current.spaceBefore, peek().isPunctuation("."), !peek().spaceBefore {
            advance()   // the root type, `\Person.name`
        }
        guard check("."), !current.spaceBefore else {
            throw error("expected '.' and a member name in key path (\\.count, \\Person.name)")
        }
        var expr = try make(.variable(VariableReference("$0", at: slash.location)), at: slash.location)
        while check("."), !current.spaceBefore {
            advance()
            guard let name = currentNameOrKeyword else { throw error("expected member name following '.'") }
            let nameToken = advance()
            if name == "self" { continue }
            expr = try make(.member(expr, name), at: nameToken.location)
        }
        if check("?") || check("!") || check("["), !current.spaceBefore {
            throw error("key paths in cells name members only (\\.a.b); write a closure such as { $0.a?.b }")
        }
        let body = Block([Stmt(.expression(expr), at: slash.location)], at: slash.location)
        let decl = FunctionDecl(name: "closure", kind: .closure, parameters: [], resultType: nil, body: body, at: slash.location)
        decl.implicitParameterCount = 1
        return try make(.closure(decl), at: slash.location)
    }

    /// `{ params in body }` or `{ body using $0 }`.
    mutating func parseClosure() throws -> Expr {
        let open = advance()
        try enterNesting()
        defer { leaveNesting() }
        if check("[") {
            // A capture list such as `[weak self]`: nothing to capture explicitly here.
            _ = attempt { parser -> Bool? in
                parser.advance()
                while !parser.check("]") {
                    if parser.isAtEnd || parser.check("{") || parser.check("}") { return nil }
                    parser.advance()
                }
                parser.advance()
                return parser.check(.in) || parser.check("(") || parser.currentNameOrKeyword != nil ? true : nil
            }
            _ = match(.in)
        }
        let signature = attempt { parser in try parser.parseClosureSignature() }
        let saved = allowsTrailingClosure
        allowsTrailingClosure = true
        anonymousParameterStack.append(-1)
        let statements = try parseStatements(until: "}")
        let highestAnonymous = anonymousParameterStack.removeLast()
        allowsTrailingClosure = saved
        try expect("}", "at end of closure")
        if signature != nil && highestAnonymous >= 0 {
            throw ScriptError(location: open.location,
                              message: "anonymous closure arguments cannot be used inside a closure that has explicit arguments")
        }
        let decl = FunctionDecl(name: "closure", kind: .closure, parameters: signature?.0 ?? [],
                                resultType: signature?.1, body: Block(statements, at: open.location), at: open.location)
        decl.implicitParameterCount = signature == nil ? highestAnonymous + 1 : 0
        return try make(.closure(decl), at: open.location)
    }

    /// `a, b in`, `(a: Int, b) -> Int in`; nil (after rewinding) when the closure has none.
    mutating func parseClosureSignature() throws -> ([ParameterDecl], TypeAnnotation?)? {
        var parameters: [ParameterDecl] = []
        var resultType: TypeAnnotation?
        if match("(") {
            if !check(")") {
                repeat {
                    let location = current.location
                    guard case .identifier(var name) = current.kind else { return nil }
                    advance()
                    if case .identifier(let second) = current.kind { name = second; advance() }
                    var type: TypeAnnotation?
                    if match(":") { type = try parseType() }
                    parameters.append(ParameterDecl(label: nil, name: name, type: type, defaultValue: nil,
                                                    isVariadic: false, location: location))
                } while match(",")
            }
            guard match(")") else { return nil }
        } else {
            repeat {
                let location = current.location
                guard case .identifier(let name) = current.kind else { return nil }
                advance()
                parameters.append(ParameterDecl(label: nil, name: name, type: nil, defaultValue: nil,
                                                isVariadic: false, location: location))
            } while match(",")
        }
        _ = match(.throws)
        if match("->") { resultType = try parseType() }
        guard match(.in) else { return nil }
        return (parameters, resultType)
    }
}
