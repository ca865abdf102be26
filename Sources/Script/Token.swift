/// One lexical token of the cell language, with its source location and the
/// whitespace around it (Swift tells prefix, postfix and binary operators apart
/// by their surrounding whitespace, and statements end at line breaks).
public struct Token: Equatable {
    /// What the token is.
    public enum Kind: Equatable {
        /// A name such as `x` or `Tensor` (and a back-quoted keyword).
        case identifier(String)
        /// A reserved word such as `let` or `func`.
        case keyword(Keyword)
        /// An integer literal.
        case integer(Int)
        /// A floating-point literal.
        case double(Double)
        /// A string literal, split into text and interpolations.
        case string([StringPart])
        /// `$0`, `$1`, … in a closure.
        case dollar(Int)
        /// An operator or punctuation mark such as `+`, `..<`, `(` or `,`.
        case punctuation(String)
        /// The end of the source.
        case end
    }

    /// What the token is.
    public var kind: Kind
    /// The token's source text.
    public var text: String
    /// Where the token starts.
    public var location: SourceLocation
    /// Whether whitespace, a comment or a line break precedes the token.
    public var spaceBefore: Bool
    /// Whether whitespace, a comment or a line break follows the token.
    public var spaceAfter: Bool
    /// Whether a line break separates the token from the previous one.
    public var newlineBefore: Bool

    /// Whether the token is the punctuation or operator `text`.
    func isPunctuation(_ text: String) -> Bool {
        if case .punctuation(let p) = kind { return p == text }
        return false
    }

    /// Whether the token is the keyword `keyword`.
    func isKeyword(_ keyword: Keyword) -> Bool {
        if case .keyword(let k) = kind { return k == keyword }
        return false
    }
}

/// A piece of a string literal: literal text, or the source of an interpolated
/// expression `\(…)` with the location where that source starts.
public enum StringPart: Equatable {
    case text(String)
    case interpolation(String, SourceLocation)
}

/// The cell language's reserved words (Swift's, restricted to those the language
/// gives a meaning to or rejects with a clear message).
public enum Keyword: String, CaseIterable {
    case `let`, `var`, `func`, `class`, `struct`, `enum`, `protocol`, `extension`
    case `init`, `deinit`, `self`, `super`, `if`, `else`, `guard`, `for`, `in`
    case `while`, `repeat`, `break`, `continue`, `return`, `nil`, `true`, `false`
    case `import`, `static`, `override`, `private`, `fileprivate`, `public`
    case `internal`, `final`, `required`, `convenience`, `try`, `throw`, `throws`
    case `do`, `catch`, `switch`, `case`, `default`, `where`, `as`, `is`, `defer`, `rethrows`
}
