/// A recursive-descent parser from tokens to statements, one function per
/// precedence level (see `Parser+Expressions.swift`).
struct Parser {
    /// The deepest nesting of blocks, parentheses and prefix operators accepted;
    /// deeper input is rejected rather than risking the stack.
    static let maximumNesting = 200
    /// The tallest expression tree accepted (long operator chains).
    static let maximumExpressionHeight = 2_000

    var tokens: [Token]
    var position = 0
    var nesting = 0
    /// False while parsing an `if`/`while`/`for`/`guard` condition, where `{`
    /// starts the body rather than a trailing closure.
    var allowsTrailingClosure = true
    /// For each closure being parsed: the highest `$N` seen in it, or -1.
    var anonymousParameterStack: [Int] = []

    init(tokens: [Token]) {
        self.tokens = tokens
    }

    /// Parses a whole cell.
    static func parse(_ source: String, firstLine: Int = 1) throws -> Block {
        let tokens = try Lexer.tokenize(source, start: SourceLocation(line: firstLine, column: 1))
        var parser = Parser(tokens: tokens)
        let start = tokens[0].location
        let statements = try parser.parseStatements(until: nil)
        return Block(statements, at: start)
    }

    // MARK: Tokens

    var current: Token { tokens[position] }
    var previous: Token { tokens[max(position - 1, 0)] }
    var isAtEnd: Bool { current.kind == .end }

    func peek(_ offset: Int = 1) -> Token {
        tokens[min(position + offset, tokens.count - 1)]
    }

    @discardableResult
    mutating func advance() -> Token {
        let token = tokens[position]
        if position < tokens.count - 1 { position += 1 }
        return token
    }

    func check(_ punctuation: String) -> Bool { current.isPunctuation(punctuation) }
    func check(_ keyword: Keyword) -> Bool { current.isKeyword(keyword) }

    mutating func match(_ punctuation: String) -> Bool {
        guard check(punctuation) else { return false }
        advance()
        return true
    }

    mutating func match(_ keyword: Keyword) -> Bool {
        guard check(keyword) else { return false }
        advance()
        return true
    }

    /// Consumes `punctuation` or throws `expected 'punctuation' context`.
    @discardableResult
    mutating func expect(_ punctuation: String, _ context: String) throws -> Token {
        guard check(punctuation) else { throw error("expected '\(punctuation)' \(context)") }
        return advance()
    }

    /// An error at the current token (or at `token`).
    func error(_ message: String, at token: Token? = nil) -> ScriptError {
        ScriptError(location: (token ?? current).location, message: message)
    }

    /// An error naming the current token as unexpected.
    func unexpected(_ context: String = "") -> ScriptError {
        if isAtEnd { return error("unexpected end of input\(context.isEmpty ? "" : " \(context)")") }
        return error("unexpected token '\(current.text)'\(context.isEmpty ? "" : " \(context)")")
    }

    /// An identifier's name (keywords not allowed).
    mutating func expectIdentifier(_ context: String) throws -> (String, SourceLocation) {
        guard case .identifier(let name) = current.kind else {
            if case .keyword(let k) = current.kind {
                throw error("keyword '\(k.rawValue)' cannot be used as an identifier here")
            }
            throw error("expected \(context)")
        }
        let location = current.location
        advance()
        return (name, location)
    }

    /// A name usable as a label or member: an identifier or any keyword.
    var currentNameOrKeyword: String? {
        switch current.kind {
        case .identifier(let name): return name
        case .keyword(let keyword): return keyword.rawValue
        default: return nil
        }
    }

    mutating func enterNesting() throws {
        nesting += 1
        if nesting > Parser.maximumNesting {
            throw error("code is nested too deeply (more than \(Parser.maximumNesting) levels)")
        }
    }

    mutating func leaveNesting() { nesting -= 1 }

    /// Builds an expression node, rejecting trees too tall to walk safely.
    func make(_ kind: Expr.Kind, at location: SourceLocation) throws -> Expr {
        let expr = Expr(kind, at: location)
        if expr.height > Parser.maximumExpressionHeight {
            throw ScriptError(location: location, message: "expression is too complex (more than \(Parser.maximumExpressionHeight) nested operations)")
        }
        return expr
    }

    /// Runs `body` from the current position; on failure, rewinds and returns nil.
    mutating func attempt<T>(_ body: (inout Parser) throws -> T?) -> T? {
        let saved = (position, nesting, allowsTrailingClosure, anonymousParameterStack)
        if let result = try? body(&self) { return result }
        (position, nesting, allowsTrailingClosure, anonymousParameterStack) = saved
        return nil
    }
}
