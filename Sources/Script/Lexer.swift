/// Turns source text into tokens. Works on UTF-8 bytes; columns are byte columns.
struct Lexer {
    private let bytes: [UInt8]
    private var index = 0
    private var line: Int
    private var lineStart = 0
    private let columnOffset: Int
    private var tokens: [Token] = []

    /// Creates a lexer for `source` whose first character is at `start`.
    init(_ source: String, start: SourceLocation = SourceLocation(line: 1, column: 1)) {
        bytes = Array(source.utf8)
        line = start.line
        firstLine = start.line
        columnOffset = start.column - 1
    }

    /// Splits the whole source into tokens, ending with an `.end` token.
    static func tokenize(_ source: String, start: SourceLocation = SourceLocation(line: 1, column: 1)) throws -> [Token] {
        var lexer = Lexer(source, start: start)
        return try lexer.run()
    }

    private let firstLine: Int

    private var location: SourceLocation {
        SourceLocation(line: line, column: index - lineStart + 1 + (line == firstLine ? columnOffset : 0))
    }

    private func peek(_ offset: Int = 0) -> UInt8 {
        index + offset < bytes.count ? bytes[index + offset] : 0
    }

    private mutating func error(_ message: String, at location: SourceLocation? = nil) -> ScriptError {
        ScriptError(location: location ?? self.location, message: message)
    }

    private mutating func run() throws -> [Token] {
        var sawSpace = true
        var sawNewline = true
        while true {
            let (space, newline) = try skipTrivia()
            sawSpace = sawSpace || space || newline
            sawNewline = sawNewline || newline
            if !tokens.isEmpty && (space || newline || index >= bytes.count) {
                tokens[tokens.count - 1].spaceAfter = true
            }
            let start = location
            let startIndex = index
            if index >= bytes.count {
                // The end is reported just after the last token, on its line.
                var end = start
                if let last = tokens.last, !last.text.contains("\n") {
                    end = SourceLocation(line: last.location.line, column: last.location.column + last.text.utf8.count)
                }
                tokens.append(Token(kind: .end, text: "", location: end, spaceBefore: true,
                                    spaceAfter: true, newlineBefore: true))
                return tokens
            }
            let kind = try lexToken()
            let text = String(decoding: bytes[startIndex..<index], as: UTF8.self)
            tokens.append(Token(kind: kind, text: text, location: start, spaceBefore: sawSpace,
                                spaceAfter: false, newlineBefore: sawNewline))
            sawSpace = false
            sawNewline = false
        }
    }

    /// Skips spaces, line breaks and comments; tells whether it saw any space and
    /// any line break.
    private mutating func skipTrivia() throws -> (Bool, Bool) {
        var space = false
        var newline = false
        while index < bytes.count {
            let c = bytes[index]
            if c == UInt8(ascii: " ") || c == UInt8(ascii: "\t") || c == UInt8(ascii: "\r") {
                index += 1
                space = true
            } else if c == UInt8(ascii: "\n") {
                newLine()
                newline = true
            } else if c == UInt8(ascii: "/") && peek(1) == UInt8(ascii: "/") {
                while index < bytes.count && bytes[index] != UInt8(ascii: "\n") { index += 1 }
                space = true
            } else if c == UInt8(ascii: "/") && peek(1) == UInt8(ascii: "*") {
                let start = location
                index += 2
                var depth = 1
                while depth > 0 {
                    if index >= bytes.count { throw error("unterminated '/*' comment", at: start) }
                    if bytes[index] == UInt8(ascii: "*") && peek(1) == UInt8(ascii: "/") {
                        depth -= 1
                        index += 2
                    } else if bytes[index] == UInt8(ascii: "/") && peek(1) == UInt8(ascii: "*") {
                        depth += 1
                        index += 2
                    } else if bytes[index] == UInt8(ascii: "\n") {
                        newLine()
                        newline = true
                    } else {
                        index += 1
                    }
                }
                space = true
            } else {
                break
            }
        }
        return (space, newline)
    }

    private mutating func newLine() {
        index += 1
        line += 1
        lineStart = index
    }

    private static func isIdentifierStart(_ c: UInt8) -> Bool {
        (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c == 95 || c >= 0x80
    }

    private static func isIdentifierPart(_ c: UInt8) -> Bool {
        isIdentifierStart(c) || isDigit(c)
    }

    private static func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }

    /// Operators and punctuation, longest first.
    private static let operators: [String] = [
        "...", "..<", "===", "!==", "<<=", ">>=",
        "**", "==", "!=", "<=", ">=", "&&", "||", "??", "->", "+=", "-=", "*=", "/=", "%=",
        "&=", "|=", "^=", "<<", ">>",
        "+", "-", "*", "/", "%", "<", ">", "=", "!", "?", ".", ",", ":", ";",
        "(", ")", "[", "]", "{", "}", "@", "&", "|", "^", "~", "\\",
    ].sorted { $0.utf8.count > $1.utf8.count }
    private static let operatorBytes: [[UInt8]] = operators.map { Array($0.utf8) }

    private mutating func lexToken() throws -> Token.Kind {
        let c = bytes[index]
        if Self.isIdentifierStart(c) {
            let start = index
            while index < bytes.count && Self.isIdentifierPart(bytes[index]) { index += 1 }
            let name = String(decoding: bytes[start..<index], as: UTF8.self)
            if let keyword = Keyword(rawValue: name) { return .keyword(keyword) }
            return .identifier(name)
        }
        if c == UInt8(ascii: "`") {
            let start = location
            index += 1
            let nameStart = index
            while index < bytes.count && Self.isIdentifierPart(bytes[index]) { index += 1 }
            guard index < bytes.count, bytes[index] == UInt8(ascii: "`"), index > nameStart else {
                throw error("expected identifier in back-quoted name", at: start)
            }
            index += 1
            return .identifier(String(decoding: bytes[nameStart..<index - 1], as: UTF8.self))
        }
        if Self.isDigit(c) { return try lexNumber() }
        if c == UInt8(ascii: "\"") { return try lexString() }
        if c == UInt8(ascii: "$") && Self.isDigit(peek(1)) {
            let start = location
            index += 1
            var value = 0
            while index < bytes.count && Self.isDigit(bytes[index]) {
                let (v, o1) = value.multipliedReportingOverflow(by: 10)
                let (w, o2) = v.addingReportingOverflow(Int(bytes[index] - 48))
                if o1 || o2 { throw error("anonymous closure argument out of range", at: start) }
                value = w
                index += 1
            }
            return .dollar(value)
        }
        for (op, opBytes) in zip(Self.operators, Self.operatorBytes) where matches(opBytes) {
            index += opBytes.count
            return .punctuation(op)
        }
        let start = location
        let scalarEnd = Self.scalarEnd(bytes, from: index)
        let text = String(decoding: bytes[index..<scalarEnd], as: UTF8.self)
        throw error("unexpected character '\(text)' in source", at: start)
    }

    private static func scalarEnd(_ bytes: [UInt8], from start: Int) -> Int {
        var end = start + 1
        while end < bytes.count && bytes[end] & 0xC0 == 0x80 { end += 1 }
        return end
    }

    private func matches(_ op: [UInt8]) -> Bool {
        guard index + op.count <= bytes.count else { return false }
        for (k, b) in op.enumerated() where bytes[index + k] != b { return false }
        return true
    }

    private var previousIsDot: Bool {
        if let last = tokens.last, last.isPunctuation("."), !last.spaceAfter { return true }
        return false
    }

    private mutating func lexNumber() throws -> Token.Kind {
        let start = location
        let startIndex = index
        if previousIsDot {
            // A tuple element such as `t.0.1`: digits only.
            while index < bytes.count && Self.isDigit(bytes[index]) { index += 1 }
            let text = String(decoding: bytes[startIndex..<index], as: UTF8.self)
            guard let value = Int(text) else { throw error("integer literal '\(text)' overflows when stored into 'Int'", at: start) }
            return .integer(value)
        }
        if bytes[index] == UInt8(ascii: "0"), peek(1) == UInt8(ascii: "x") || peek(1) == UInt8(ascii: "b") || peek(1) == UInt8(ascii: "o") {
            let radix = peek(1) == UInt8(ascii: "x") ? 16 : peek(1) == UInt8(ascii: "b") ? 2 : 8
            index += 2
            let digitsStart = index
            while index < bytes.count && (Self.isIdentifierPart(bytes[index])) { index += 1 }
            let digits = String(decoding: bytes[digitsStart..<index], as: UTF8.self).replacing("_", with: "")
            guard !digits.isEmpty, let value = Int(digits, radix: radix) else {
                let text = String(decoding: bytes[startIndex..<index], as: UTF8.self)
                throw error("'\(text)' is not a valid integer literal", at: start)
            }
            return .integer(value)
        }
        var isDouble = false
        while index < bytes.count && (Self.isDigit(bytes[index]) || bytes[index] == UInt8(ascii: "_")) { index += 1 }
        if index < bytes.count && bytes[index] == UInt8(ascii: ".") && Self.isDigit(peek(1)) {
            isDouble = true
            index += 1
            while index < bytes.count && (Self.isDigit(bytes[index]) || bytes[index] == UInt8(ascii: "_")) { index += 1 }
        }
        if index < bytes.count && (bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E")) {
            let save = index
            index += 1
            if index < bytes.count && (bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-")) { index += 1 }
            if index < bytes.count && Self.isDigit(bytes[index]) {
                isDouble = true
                while index < bytes.count && Self.isDigit(bytes[index]) { index += 1 }
            } else {
                index = save
            }
        }
        if index < bytes.count && Self.isIdentifierStart(bytes[index]) {
            while index < bytes.count && Self.isIdentifierPart(bytes[index]) { index += 1 }
            let text = String(decoding: bytes[startIndex..<index], as: UTF8.self)
            throw error("'\(text)' is not a valid number literal", at: start)
        }
        let text = String(decoding: bytes[startIndex..<index], as: UTF8.self).replacing("_", with: "")
        if isDouble {
            guard let value = Double(text) else { throw error("'\(text)' is not a valid number literal", at: start) }
            return .double(value)
        }
        guard let value = Int(text) else {
            throw error("integer literal '\(text)' overflows when stored into 'Int'", at: start)
        }
        return .integer(value)
    }

    private mutating func lexString() throws -> Token.Kind {
        let start = location
        if peek(1) == UInt8(ascii: "\"") && peek(2) == UInt8(ascii: "\"") {
            return try lexMultilineString(start: start)
        }
        index += 1
        var parts: [StringPart] = []
        var text: [UInt8] = []
        while true {
            guard index < bytes.count, bytes[index] != UInt8(ascii: "\n") else {
                throw error("unterminated string literal", at: start)
            }
            let c = bytes[index]
            if c == UInt8(ascii: "\"") {
                index += 1
                break
            }
            if c == UInt8(ascii: "\\") {
                try lexEscape(into: &text, parts: &parts)
            } else {
                text.append(c)
                index += 1
            }
        }
        if !text.isEmpty || parts.isEmpty { parts.append(.text(String(decoding: text, as: UTF8.self))) }
        return .string(parts)
    }

    /// Reads one escape sequence (the cursor is on the backslash): appends its
    /// character to `text`, or, for `\(…)`, flushes `text` and appends an
    /// interpolation part.
    private mutating func lexEscape(into text: inout [UInt8], parts: inout [StringPart]) throws {
        let escapeStart = location
        index += 1
        guard index < bytes.count else { throw error("unterminated string literal", at: escapeStart) }
        let e = bytes[index]
        index += 1
        switch e {
        case UInt8(ascii: "n"): text.append(10)
        case UInt8(ascii: "t"): text.append(9)
        case UInt8(ascii: "r"): text.append(13)
        case UInt8(ascii: "0"): text.append(0)
        case UInt8(ascii: "\\"): text.append(92)
        case UInt8(ascii: "\""): text.append(34)
        case UInt8(ascii: "'"): text.append(39)
        case UInt8(ascii: "u"):
            guard index < bytes.count, bytes[index] == UInt8(ascii: "{") else {
                throw error("expected '{' in \\u{...} escape sequence", at: escapeStart)
            }
            index += 1
            let hexStart = index
            while index < bytes.count && bytes[index] != UInt8(ascii: "}") && bytes[index] != UInt8(ascii: "\n") { index += 1 }
            let hex = String(decoding: bytes[hexStart..<index], as: UTF8.self)
            guard index < bytes.count, bytes[index] == UInt8(ascii: "}"), hex.utf8.count <= 8,
                  let code = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(code) else {
                throw error("invalid unicode scalar", at: escapeStart)
            }
            index += 1
            text.append(contentsOf: Array(String(Character(scalar)).utf8))
        case UInt8(ascii: "("):
            if !text.isEmpty {
                parts.append(.text(String(decoding: text, as: UTF8.self)))
                text = []
            }
            let exprStart = location
            let exprStartIndex = index
            var depth = 1
            var inString = false
            while true {
                guard index < bytes.count, bytes[index] != UInt8(ascii: "\n") else {
                    throw error("unterminated string interpolation", at: escapeStart)
                }
                let c = bytes[index]
                if inString {
                    if c == UInt8(ascii: "\\") { index += 1 } else if c == UInt8(ascii: "\"") { inString = false }
                } else if c == UInt8(ascii: "\"") {
                    inString = true
                } else if c == UInt8(ascii: "(") {
                    depth += 1
                } else if c == UInt8(ascii: ")") {
                    depth -= 1
                    if depth == 0 { break }
                }
                index += 1
            }
            let source = String(decoding: bytes[exprStartIndex..<index], as: UTF8.self)
            index += 1
            parts.append(.interpolation(source, exprStart))
        default:
            let scalarEnd = Self.scalarEnd(bytes, from: index - 1)
            let text = String(decoding: bytes[(index - 1)..<scalarEnd], as: UTF8.self)
            throw error("invalid escape sequence '\\\(text)' in literal", at: escapeStart)
        }
    }

    private mutating func lexMultilineString(start: SourceLocation) throws -> Token.Kind {
        index += 3
        while index < bytes.count && (bytes[index] == UInt8(ascii: " ") || bytes[index] == UInt8(ascii: "\t")) { index += 1 }
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\n") else {
            throw error("multi-line string literal content must begin on a new line", at: start)
        }
        newLine()
        // Collect the raw lines up to the closing delimiter.
        var lines: [(start: Int, end: Int, line: Int)] = []
        var indentation: [UInt8] = []
        while true {
            guard index < bytes.count else { throw error("unterminated string literal", at: start) }
            let lineBegin = index
            var end = index
            while end < bytes.count && bytes[end] != UInt8(ascii: "\n") { end += 1 }
            var k = lineBegin
            while k < end && (bytes[k] == UInt8(ascii: " ") || bytes[k] == UInt8(ascii: "\t")) { k += 1 }
            if k + 2 < end + 1, k + 3 <= bytes.count, bytes[k] == UInt8(ascii: "\""),
               bytes[k + 1] == UInt8(ascii: "\""), bytes[k + 2] == UInt8(ascii: "\"") {
                indentation = Array(bytes[lineBegin..<k])
                index = k + 3
                break
            }
            lines.append((lineBegin, end, line))
            index = end
            guard index < bytes.count else { throw error("unterminated string literal", at: start) }
            newLine()
        }
        let closingIndex = index
        let closingLine = line
        var parts: [StringPart] = []
        var text: [UInt8] = []
        for (n, entry) in lines.enumerated() {
            var s = entry.start
            let isBlank = bytes[entry.start..<entry.end].allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
            if !isBlank {
                guard entry.end - entry.start >= indentation.count,
                      Array(bytes[s..<s + indentation.count]) == indentation else {
                    throw ScriptError(location: SourceLocation(line: entry.line, column: 1),
                                      message: "insufficient indentation of line in multi-line string literal")
                }
                s += indentation.count
            } else {
                s = entry.end
            }
            // Lex the line's content in place so interpolations keep their locations.
            index = s
            line = entry.line
            lineStart = entry.start
            var continued = false
            while index < entry.end {
                if bytes[index] == UInt8(ascii: "\\") {
                    var k = index + 1
                    while k < entry.end && (bytes[k] == UInt8(ascii: " ") || bytes[k] == UInt8(ascii: "\t")) { k += 1 }
                    if k == entry.end { continued = true; index = entry.end; break }
                    try lexEscape(into: &text, parts: &parts)
                } else {
                    text.append(bytes[index])
                    index += 1
                }
            }
            if n < lines.count - 1 && !continued { text.append(10) }
        }
        if !text.isEmpty || parts.isEmpty { parts.append(.text(String(decoding: text, as: UTF8.self))) }
        index = closingIndex
        line = closingLine
        lineStart = closingIndex - indentation.count - 3
        return .string(parts)
    }
}

