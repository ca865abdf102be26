/// Type annotations.
extension Parser {
    /// `Int`, `[T]`, `[K: V]`, `T?`, `T!`, `(A, B)`, `(A) -> R`, `Array<T>`,
    /// `Module.Type`-like dotted names.
    mutating func parseType() throws -> TypeAnnotation {
        try enterNesting()
        defer { leaveNesting() }
        var type: TypeAnnotation
        if case .identifier(let attribute) = peek().kind, check("@"), ["escaping", "autoclosure", "Sendable"].contains(attribute) {
            advance(); advance()
        }
        if case .identifier(let word) = current.kind, word == "some" || word == "any", case .identifier = peek().kind {
            advance()
        }
        if match("[") {
            let element = try parseType()
            if match(":") {
                let value = try parseType()
                try expect("]", "in dictionary type")
                type = .dictionary(element, value)
            } else {
                try expect("]", "in array type")
                type = .array(element)
            }
        } else if match("(") {
            var elements: [TypeAnnotation] = []
            var labels: [String?] = []
            if !check(")") {
                repeat {
                    if case .identifier(let label) = current.kind, peek().isPunctuation(":") {
                        advance(); advance()
                        labels.append(label)
                    } else {
                        labels.append(nil)
                    }
                    elements.append(try parseType())
                } while match(",")
            }
            try expect(")", "in tuple type")
            if match(.throws) {
                try expect("->", "in function type")
                type = .function(elements, try parseType())
            } else if match("->") {
                type = .function(elements, try parseType())
            } else {
                type = elements.count == 1 && labels[0] == nil ? elements[0] : .tuple(elements, labels: labels)
            }
        } else {
            guard case .identifier(var name) = current.kind else {
                if isAtEnd { throw error("expected type") }
                throw error("expected type, found '\(current.text)'")
            }
            advance()
            while check("."), case .identifier(let member) = peek().kind {
                advance(); advance()
                name += "." + member
            }
            var arguments: [TypeAnnotation] = []
            if check("<"), !current.spaceBefore {
                advance()
                repeat { arguments.append(try parseType()) } while match(",")
                guard matchClosingAngle() else { throw error("expected '>' to complete generic argument list") }
            }
            type = .named(name, arguments)
        }
        while (check("?") || check("!")) && !current.spaceBefore {
            advance()
            type = .optional(type)
        }
        return type
    }

    /// Consumes a `>` closing a generic list; a `>>` (or `>>=`, `>=`) token is
    /// split, its first `>` consumed (`Array<Array<Int>>`).
    mutating func matchClosingAngle() -> Bool {
        guard case .punctuation(let p) = current.kind, p.hasPrefix(">") else { return false }
        if p == ">" {
            advance()
            return true
        }
        var rest = current
        rest.kind = .punctuation(String(p.dropFirst()))
        rest.text = String(rest.text.dropFirst())
        rest.location = SourceLocation(line: rest.location.line, column: rest.location.column + 1)
        rest.spaceBefore = false
        tokens[position] = rest
        return true
    }
}
