/// The lexer's view of source text, for tools that show code rather than run
/// it (the site's syntax highlighter colours code with these very tokens).
public enum Tokenizer {
    /// The tokens of `source`, ending with an `.end` token. Locations start at
    /// line 1, column 1; comments and whitespace are the gaps between tokens.
    /// Throws `ScriptError` where the source cannot be split into tokens.
    public static func tokens(of source: String) throws -> [Token] {
        try Lexer.tokenize(source)
    }
}
