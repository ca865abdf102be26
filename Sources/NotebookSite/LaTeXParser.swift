import Notebook
/// A mistake in a formula: what is wrong and where (a character offset into
/// the formula's source).
struct MathError: Error, Equatable, CustomStringConvertible {
    let message: String
    let offset: Int

    var description: String { "\(message) (at character \(offset + 1))" }
}

/// Reads the LaTeX math subset the notebook supports into `MathNode`s.
///
/// The grammar is LaTeX's: atoms (letters, numbers, symbols, commands,
/// `{groups}`) followed by `_` and `^` scripts; commands take their arguments
/// as a group or a single token; environments (`\begin{…}…\end{…}`) hold
/// cells separated by `&` and rows separated by `\\`. Anything outside the
/// subset is a `MathError`, never a crash.
struct LaTeXParser {
    private let source: [Character]
    private var position = 0
    private var font = MathFont.normal
    private var depth = 0
    /// Set by `parseCommand` when the atom just read is a function name such as
    /// `\log`, which is followed by a thin space.
    private var lastAtomWasFunction = false

    /// Groups, environments and `\left` pairs may nest this deep.
    static let maximumDepth = 64

    init(_ source: String) {
        self.source = Array(source)
    }

    /// Parses a whole formula. Top-level `&` and `\\` are accepted and give an
    /// aligned table, as in a display of several lines.
    static func parse(_ source: String) throws -> [MathNode] {
        var parser = LaTeXParser(source)
        let rows = try parser.parseCells(environment: nil)
        if rows.count == 1 && rows[0].count == 1 { return [rows[0][0]] }
        let isAligned = rows.contains { $0.count > 1 }
        let columns = rows.map(\.count).max() ?? 1
        let alignments: [MathNode.Alignment] = isAligned
            ? (0..<columns).map { $0 % 2 == 0 ? .right : .left }
            : [.center]
        return [.table(MathNode.Table(
            rows: rows, alignments: alignments, displayStyle: true, alignedPairs: isAligned))]
    }

    // MARK: - Rows and cells

    /// Reads cells up to `\end{environment}` (or the end of the source when
    /// `environment` is nil) and consumes the `\end`.
    private mutating func parseCells(environment: String?) throws -> [[MathNode]] {
        var rows: [[MathNode]] = []
        var row: [MathNode] = []
        while true {
            let cell = try parseExpression()
            row.append(.row(cell))
            skipSpaceAndComments()
            let start = position
            guard let character = peek() else {
                if let environment {
                    throw MathError(message: "missing \\end{\(environment)}", offset: position)
                }
                rows.append(row)
                break
            }
            if character == "&" {
                position += 1
                continue
            }
            if character == "}" {
                throw MathError(message: "unmatched }", offset: position)
            }
            // A command stopped the expression: a row break, \end or \right.
            position += 1
            let name = readCommandName()
            switch name {
            case "\\":
                rows.append(row)
                row = []
                skipRowSpacing()
            case "end":
                let ended = try readRawGroup()
                guard let environment else {
                    throw MathError(message: "\\end{\(ended)} without \\begin", offset: start)
                }
                guard ended == environment else {
                    throw MathError(
                        message: "\\begin{\(environment)} ended by \\end{\(ended)}", offset: start)
                }
                rows.append(row)
                // A final `\\` before `\end` makes no empty row.
                if rows.count > 1, rows[rows.count - 1] == [.row([])] { rows.removeLast() }
                return rows
            case "right":
                throw MathError(message: "\\right without \\left", offset: start)
            case "middle":
                throw MathError(message: "\\middle outside \\left … \\right", offset: start)
            default:
                throw MathError(message: "unexpected \\\(name)", offset: start)
            }
        }
        return rows
    }

    /// Skips the optional `[2pt]` after a row break.
    private mutating func skipRowSpacing() {
        skipSpaceAndComments()
        guard peek() == "[" else { return }
        var end = position + 1
        while end < source.count, source[end] != "]" {
            let character = source[end]
            guard character.isLetter || character.isNumber || character == "." || character == "-" else { return }
            end += 1
        }
        if end < source.count { position = end + 1 }
    }

    // MARK: - Expressions

    /// Reads atoms with their scripts until `}`, `&`, `\\`, `\end`, `\right`,
    /// `\middle` or the end of the source, which it leaves unread. A font
    /// switch such as `\bf` lasts to the end of the expression.
    private mutating func parseExpression() throws -> [MathNode] {
        let savedFont = font
        defer { font = savedFont }
        var nodes: [MathNode] = []
        while true {
            skipSpaceAndComments()
            guard let character = peek(), character != "}", character != "&" else { break }
            if character == "\\" {
                let name = peekCommandName()
                if ["\\", "end", "right", "middle"].contains(name) { break }
                if let switched = MathFont(command: name), Self.fontSwitches.contains(name) {
                    position += 1 + name.count
                    font = switched
                    continue
                }
                if name == "displaystyle" || name == "textstyle" {
                    position += 1 + name.count
                    let rest = try parseExpression()
                    nodes.append(.style(display: name == "displaystyle", rest))
                    break
                }
            }
            lastAtomWasFunction = false
            let atom: MathNode
            if character == "^" || character == "_" {
                atom = .row([])
            } else {
                atom = try parseAtom(single: false)
            }
            let isFunction = lastAtomWasFunction
            nodes.append(try parseScripts(of: atom))
            if isFunction {
                skipSpaceAndComments()
                if let next = peek(), next != "(" && next != "[" && next != "}" && next != "&" {
                    nodes.append(.space(0.1667))
                }
            }
        }
        return Self.markingSigns(nodes)
    }

    /// Signs that cannot be binary operators: first in the row, or after an
    /// operator, relation or opening delimiter (`= -2b`, `(-x)`).
    private static func markingSigns(_ nodes: [MathNode]) -> [MathNode] {
        var nodes = nodes
        let signs: Set<String> = ["−", "+", "±", "∓"]
        let closing: Set<String> = [")", "]", "}", "|", "‖", "⟩", "⌉", "⌋", "′", "″", "‴"]
        for index in nodes.indices {
            guard case .symbol(let sign, .plain) = nodes[index], signs.contains(sign) else { continue }
            var afterOperator = index == 0
            if index > 0, case .symbol(let previous, let kind) = nodes[index - 1] {
                afterOperator = kind != .plain || !closing.contains(previous)
            }
            if afterOperator { nodes[index] = .symbol(sign, .prefix) }
        }
        return nodes
    }

    /// Commands that change the font of the rest of the group.
    private static let fontSwitches: Set<String> = ["bf", "rm", "it", "cal", "sf", "tt"]

    /// Reads `_`, `^` and primes after an atom.
    private mutating func parseScripts(of base: MathNode) throws -> MathNode {
        var sub: MathNode?
        var sup: MathNode?
        while true {
            skipSpaceAndComments()
            guard let character = peek() else { break }
            if character == "^" {
                guard sup == nil else { throw MathError(message: "double superscript", offset: position) }
                position += 1
                sup = try parseArgument()
            } else if character == "_" {
                guard sub == nil else { throw MathError(message: "double subscript", offset: position) }
                position += 1
                sub = try parseArgument()
            } else if character == "'" {
                guard sup == nil else { throw MathError(message: "double superscript", offset: position) }
                var primes = 0
                while peek() == "'" { primes += 1; position += 1 }
                let marks = ["′", "″", "‴"]
                sup = .symbol(primes <= 3 ? marks[primes - 1] : String(repeating: "′", count: primes), .plain)
            } else {
                break
            }
        }
        guard sub != nil || sup != nil else { return base }
        var limits = false
        if case .symbol(_, let kind) = base, kind == .largeOperator || kind == .limitFunction {
            limits = true
        }
        return .scripts(base: base, sub: sub, sup: sup, limits: limits)
    }

    /// An argument: a `{group}`, a command or a single character.
    private mutating func parseArgument() throws -> MathNode {
        skipSpaceAndComments()
        guard let character = peek(), !"}&^_".contains(character) else {
            throw MathError(message: "missing argument", offset: position)
        }
        if character == "\\" {
            let name = peekCommandName()
            if ["\\", "end", "right", "middle"].contains(name) || Self.fontSwitches.contains(name) {
                throw MathError(message: "missing argument before \\\(name)", offset: position)
            }
        }
        return try parseAtom(single: true)
    }

    /// `{ … }`: the nodes inside.
    private mutating func parseGroup() throws -> [MathNode] {
        let start = position
        guard peek() == "{" else { throw MathError(message: "expected {", offset: position) }
        position += 1
        try enter()
        defer { depth -= 1 }
        let nodes = try parseExpression()
        guard peek() == "}" else { throw MathError(message: "missing } for the { here", offset: start) }
        position += 1
        return nodes
    }

    /// One atom. `single` reads one digit, not a whole number (`x^23` is
    /// `x²` followed by 3, as in LaTeX).
    private mutating func parseAtom(single: Bool) throws -> MathNode {
        guard let character = peek() else {
            throw MathError(message: "unexpected end of formula", offset: position)
        }
        switch character {
        case "{":
            return .row(try parseGroup())
        case "\\":
            return try parseCommand()
        case _ where character.isASCII && character.isNumber,
             "." where !single && (peek(at: position + 1)?.isASCII ?? false) && (peek(at: position + 1)?.isNumber ?? false):
            if single {
                position += 1
                return .number(font.map(String(character)))
            }
            var digits = ""
            while let next = peek(), next.isASCII,
                  next.isNumber || (next == "." && (peek(at: position + 1)?.isNumber ?? false)) {
                digits.append(next)
                position += 1
            }
            return .number(font.map(digits))
        case _ where character.isLetter:
            position += 1
            return .identifier(font.map(String(character)), upright: font.needsUprightMark)
        case "'":
            position += 1
            return .symbol("′", .plain)
        case "~":
            position += 1
            return .space(0.3333)
        case "-":
            position += 1
            return .symbol("−", .plain)
        case "*":
            position += 1
            return .symbol("∗", .plain)
        case "#", "$":
            throw MathError(message: "unexpected \(character)", offset: position)
        default:
            position += 1
            return .symbol(String(character), .plain)
        }
    }

    // MARK: - Commands

    private mutating func parseCommand() throws -> MathNode {
        let start = position
        position += 1  // the backslash
        guard peek() != nil else { throw MathError(message: "lone \\ at the end", offset: start) }
        let name = readCommandName()
        func unknown() -> MathError { MathError(message: "unknown command \\\(name)", offset: start) }

        if name.count == 1, let character = name.first, !character.isLetter {
            switch character {
            case "{", "}": return .symbol(name, .plain)
            case "|": return .symbol("‖", .plain)
            case "%", "&": return .symbol(name, .plain)
            case "$", "#", "_": return .identifier(name, upright: true)
            default:
                if let width = LaTeXSymbols.spaces[name] { return .space(width) }
                throw unknown()
            }
        }
        if let letter = LaTeXSymbols.lowerGreek[name] {
            return .identifier(letter, upright: font == .roman)
        }
        if let letter = LaTeXSymbols.upperGreek[name] {
            return .identifier(letter, upright: font != .italic && font != .boldItalic)
        }
        if let symbol = LaTeXSymbols.ordinary[name] { return .identifier(symbol, upright: false) }
        if let symbol = LaTeXSymbols.operators[name] { return .symbol(symbol, .plain) }
        if let symbol = LaTeXSymbols.largeOperators[name] { return .symbol(symbol, .largeOperator) }
        if let symbol = LaTeXSymbols.integrals[name] { return .symbol(symbol, .plain) }
        if LaTeXSymbols.functions.contains(name) {
            lastAtomWasFunction = true
            return .identifier(name, upright: true)
        }
        if let text = LaTeXSymbols.limitFunctions[name] { return .symbol(text, .limitFunction) }
        if let width = LaTeXSymbols.spaces[name] { return .space(width) }
        if LaTeXSymbols.ignored.contains(name) { return .row([]) }
        if let accent = LaTeXSymbols.accents[name] {
            let base = try parseArgument()
            return .accent(base, mark: accent.mark, stretchy: accent.stretchy, under: false)
        }
        if let size = LaTeXSymbols.delimiterSizes[name] {
            guard let delimiter = try readDelimiter() else { return .space(0) }
            return .symbol(delimiter, .sized(size))
        }
        if let chosen = MathFont(command: name) {
            if name.hasPrefix("text") || name == "mbox" {
                let raw = try readRawGroup()
                return .text(chosen.map(Self.textContent(raw)))
            }
            let saved = font
            font = chosen
            defer { font = saved }
            return try parseArgument()
        }
        switch name {
        case "frac", "dfrac", "tfrac", "cfrac":
            let numerator = try parseArgument()
            let denominator = try parseArgument()
            let fraction = MathNode.fraction(numerator, denominator, lineless: false)
            switch name {
            case "dfrac", "cfrac": return .style(display: true, [fraction])
            case "tfrac": return .style(display: false, [fraction])
            default: return fraction
            }
        case "binom", "dbinom", "tbinom":
            let top = try parseArgument()
            let bottom = try parseArgument()
            return .fenced(open: "(", body: [.fraction(top, bottom, lineless: true)], close: ")")
        case "sqrt":
            skipSpaceAndComments()
            var index: MathNode?
            if peek() == "[" {
                index = try parseBracketed()
            }
            return .root(try parseArgument(), index: index)
        case "underline":
            return .accent(try parseArgument(), mark: "_", stretchy: true, under: true)
        case "overbrace":
            return .accent(try parseArgument(), mark: "⏞", stretchy: true, under: false)
        case "underbrace":
            return .accent(try parseArgument(), mark: "⏟", stretchy: true, under: true)
        case "operatorname":
            var limits = false
            if peek() == "*" { position += 1; limits = true }
            let raw = Self.textContent(try readRawGroup())
            if limits { return .symbol(raw, .limitFunction) }
            lastAtomWasFunction = true
            return .identifier(raw, upright: true)
        case "not":
            skipSpaceAndComments()
            if peek() == "=" { position += 1; return .symbol("≠", .plain) }
            if peekCommandName() == "in" { position += 3; return .symbol("∉", .plain) }
            throw MathError(message: "\\not is supported before = and \\in only", offset: start)
        case "left":
            return try parseFenced(start: start)
        case "begin":
            let environment = try readRawGroup()
            try enter()
            defer { depth -= 1 }
            return try parseEnvironment(environment, start: start)
        case "label", "tag":
            _ = try readRawGroup()
            return .row([])
        case "displaystyle", "textstyle":
            throw MathError(message: "\\\(name) cannot be an argument", offset: start)
        default:
            throw unknown()
        }
    }

    /// `\left( … \middle| … \right)`.
    private mutating func parseFenced(start: Int) throws -> MathNode {
        try enter()
        defer { depth -= 1 }
        let open = try readDelimiter()
        var body = try parseExpression()
        while true {
            skipSpaceAndComments()
            guard peek() == "\\" else {
                throw MathError(message: "\\left without \\right", offset: start)
            }
            let name = peekCommandName()
            if name == "middle" {
                position += 1 + name.count
                if let delimiter = try readDelimiter() { body.append(.symbol(delimiter, .stretchy)) }
                body += try parseExpression()
            } else if name == "right" {
                position += 1 + name.count
                let close = try readDelimiter()
                return .fenced(open: open, body: body, close: close)
            } else {
                throw MathError(message: "\\left without \\right", offset: start)
            }
        }
    }

    /// `[ … ]`, the optional argument of `\sqrt`.
    private mutating func parseBracketed() throws -> MathNode {
        let start = position
        position += 1
        var end = position
        var braces = 0
        while end < source.count, source[end] != "]" || braces > 0 {
            if source[end] == "{" { braces += 1 }
            if source[end] == "}" { braces -= 1 }
            end += 1
        }
        guard end < source.count else { throw MathError(message: "missing ]", offset: start) }
        var inner = LaTeXParser(String(source[position..<end]))
        inner.font = font
        inner.depth = depth + 1
        let nodes = try inner.parseExpression()
        guard inner.peek() == nil else {
            throw MathError(message: "unexpected \(inner.peek()!) in [ ]", offset: position + inner.position)
        }
        position = end + 1
        return .row(nodes)
    }

    // MARK: - Environments

    private mutating func parseEnvironment(_ name: String, start: Int) throws -> MathNode {
        func table(_ alignments: [MathNode.Alignment], display: Bool = false, pairs: Bool = false) throws -> MathNode.Table {
            let rows = try parseCells(environment: name)
            let columns = rows.map(\.count).max() ?? 1
            var filled = alignments
            while filled.count < columns { filled.append(pairs ? (filled.count % 2 == 0 ? .right : .left) : .center) }
            return MathNode.Table(rows: rows, alignments: filled, displayStyle: display, alignedPairs: pairs)
        }
        switch name {
        case "array":
            let spec = try readRawGroup()
            var alignments: [MathNode.Alignment] = []
            for character in spec {
                switch character {
                case "l": alignments.append(.left)
                case "c": alignments.append(.center)
                case "r": alignments.append(.right)
                case "|", " ": continue
                default:
                    throw MathError(message: "unsupported array column \(character)", offset: start)
                }
            }
            return .table(try table(alignments))
        case "matrix", "smallmatrix":
            return .table(try table([]))
        case "pmatrix", "bmatrix", "Bmatrix", "vmatrix", "Vmatrix":
            let fences: [String: (String, String)] = [
                "pmatrix": ("(", ")"), "bmatrix": ("[", "]"), "Bmatrix": ("{", "}"),
                "vmatrix": ("|", "|"), "Vmatrix": ("‖", "‖"),
            ]
            let (open, close) = fences[name]!
            return .fenced(open: open, body: [.table(try table([]))], close: close)
        case "cases":
            return .fenced(open: "{", body: [.table(try table([.left, .left]))], close: nil)
        case "align", "align*", "aligned", "split", "flalign", "flalign*":
            return .table(try table([], display: true, pairs: true))
        case "alignat", "alignat*", "alignedat":
            _ = try readRawGroup()
            return .table(try table([], display: true, pairs: true))
        case "eqnarray", "eqnarray*":
            return .table(try table([.right, .center, .left], display: true))
        case "gather", "gather*", "gathered", "equation", "equation*", "multline", "multline*":
            return .table(try table([.center], display: true))
        default:
            throw MathError(message: "unknown environment \(name)", offset: start)
        }
    }

    // MARK: - Reading

    private func peek() -> Character? { peek(at: position) }

    private func peek(at index: Int) -> Character? {
        index < source.count ? source[index] : nil
    }

    private mutating func enter() throws {
        depth += 1
        if depth > Self.maximumDepth {
            throw MathError(message: "formula nested too deeply", offset: position)
        }
    }

    /// The name of the command at `position` (which holds a backslash),
    /// without reading it: letters, or one other character.
    private func peekCommandName() -> String {
        var index = position + 1
        guard index < source.count else { return "" }
        guard source[index].isASCII && source[index].isLetter else { return String(source[index]) }
        var name = ""
        while index < source.count, source[index].isASCII && source[index].isLetter {
            name.append(source[index])
            index += 1
        }
        return name
    }

    /// Reads a command name after its backslash.
    private mutating func readCommandName() -> String {
        position -= 1
        let name = peekCommandName()
        position += 1 + name.count
        return name
    }

    /// Spaces and `%` comments.
    private mutating func skipSpaceAndComments() {
        while let character = peek() {
            if character.isWhitespace {
                position += 1
            } else if character == "%" {
                while let next = peek(), !next.isNewline { position += 1 }
            } else {
                break
            }
        }
    }

    /// The text between braces, braces inside balanced, as written.
    private mutating func readRawGroup() throws -> String {
        skipSpaceAndComments()
        let start = position
        guard peek() == "{" else { throw MathError(message: "expected {", offset: position) }
        position += 1
        var level = 0
        var text = ""
        while let character = peek() {
            position += 1
            if character == "\\", let next = peek() {
                text.append(character)
                text.append(next)
                position += 1
                continue
            }
            if character == "{" { level += 1 }
            if character == "}" {
                if level == 0 { return text }
                level -= 1
            }
            text.append(character)
        }
        throw MathError(message: "missing } for the { here", offset: start)
    }

    /// The text of `\text{…}`: escapes such as `\{` and `\%` resolved, braces
    /// dropped, spaces kept (as no-break spaces, which MathML does not trim).
    private static func textContent(_ raw: String) -> String {
        var text = ""
        var iterator = raw.makeIterator()
        while let character = iterator.next() {
            switch character {
            case "\\":
                guard let next = iterator.next() else { break }
                text.append(next == " " ? "\u{A0}" : next)
            case "{", "}":
                continue
            case " ", "\n", "\t", "~":
                text.append("\u{A0}")
            default:
                text.append(character)
            }
        }
        return text
    }

    /// The delimiter after `\left`, `\right`, `\middle` or `\big`: nil for `.`.
    private mutating func readDelimiter() throws -> String? {
        skipSpaceAndComments()
        guard let character = peek() else {
            throw MathError(message: "missing delimiter", offset: position)
        }
        if character == "." {
            position += 1
            return nil
        }
        if character == "\\" {
            let start = position
            position += 1
            let name = readCommandName()
            guard let delimiter = LaTeXSymbols.delimiter(command: name) else {
                throw MathError(message: "\\\(name) is not a delimiter", offset: start)
            }
            return delimiter
        }
        guard LaTeXSymbols.delimiterCharacters.contains(character) else {
            throw MathError(message: "\(character) is not a delimiter", offset: position)
        }
        position += 1
        switch character {
        case "<": return "⟨"
        case ">": return "⟩"
        default: return String(character)
        }
    }
}
