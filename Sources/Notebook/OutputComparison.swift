import Foundation

/// Decides whether a fresh output equals the stored one.
///
/// Texts are compared after trailing whitespace is trimmed from every line and
/// from the end. Both texts are cut into runs of numbers and runs of everything
/// else: the other runs must be identical, and numbers must agree within a
/// relative tolerance (`|a - b| <= tolerance * max(|a|, |b|)`). A tolerance of
/// zero compares the trimmed texts exactly.
public struct OutputComparison: Sendable {
    /// The relative tolerance for numbers.
    public var tolerance: Double

    /// A comparison with the given relative tolerance (the design's default is 1e-4).
    public init(tolerance: Double = 1e-4) {
        self.tolerance = tolerance
    }

    /// True when `fresh` matches `stored`.
    public func matches(stored: String, fresh: String) -> Bool {
        let old = Self.normalised(stored)
        let new = Self.normalised(fresh)
        if old == new { return true }
        if tolerance == 0 { return false }
        let oldTokens = Self.tokens(old)
        let newTokens = Self.tokens(new)
        guard oldTokens.count == newTokens.count else { return false }
        for (a, b) in zip(oldTokens, newTokens) {
            switch (a, b) {
            case let (.text(x), .text(y)):
                if x != y { return false }
            case let (.number(x, xText), .number(y, yText)):
                if xText != yText && !closeEnough(x, y) { return false }
            default:
                return false
            }
        }
        return true
    }

    private func closeEnough(_ a: Double, _ b: Double) -> Bool {
        if a == b { return true }
        guard a.isFinite, b.isFinite else { return false }
        return abs(a - b) <= tolerance * max(abs(a), abs(b))
    }

    /// The text with trailing whitespace removed from each line and from the end,
    /// `\r\n` read as `\n`, and control characters escaped (`OutputEscaping`).
    public static func normalised(_ text: String) -> String {
        OutputEscaping.escaped(text.replacingCRLF())
            .split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.trimmingTrailingWhitespace() }
            .joined(separator: "\n")
            .trimmingTrailingWhitespace()
    }

    /// A run of a text: a number with its value and spelling, or anything else.
    public enum Token: Equatable, Sendable {
        case number(Double, String)
        case text(String)
    }

    /// Cuts `text` into number and non-number runs.
    ///
    /// A number is digits with an optional fraction and exponent (`12`, `-0.5`,
    /// `3.`, `.25`, `1.0000e-08`). A minus sign belongs to the number when it
    /// cannot be a binary operator (it does not follow a letter, digit, `)` or
    /// `]`). Digits that continue a word (`conv1`, `layer4`) are text.
    public static func tokens(_ text: String) -> [Token] {
        let scalars = Array(text.unicodeScalars)
        var tokens: [Token] = []
        var pending = String.UnicodeScalarView()
        func isDigit(_ index: Int) -> Bool {
            index < scalars.count && ("0"..."9").contains(scalars[index])
        }
        func isWordCharacter(_ scalar: Unicode.Scalar) -> Bool {
            scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_"
        }
        var index = 0
        while index < scalars.count {
            let previous: Unicode.Scalar? = index > 0 ? scalars[index - 1] : nil
            let startsWord = previous.map { !isWordCharacter($0) && $0 != "." } ?? true
            var start = index
            var cursor = index
            var isNumber = false
            if startsWord {
                if scalars[cursor] == "-" {
                    let unary = previous.map { !(isWordCharacter($0) || $0 == ")" || $0 == "]") } ?? true
                    if unary { cursor += 1 }
                }
                let digitsStart = cursor
                while isDigit(cursor) { cursor += 1 }
                var sawDigits = cursor > digitsStart
                if cursor < scalars.count, scalars[cursor] == ".", sawDigits || isDigit(cursor + 1) {
                    cursor += 1
                    while isDigit(cursor) { cursor += 1 }
                    sawDigits = true
                }
                if sawDigits {
                    if cursor < scalars.count, scalars[cursor] == "e" || scalars[cursor] == "E" {
                        var exponent = cursor + 1
                        if exponent < scalars.count, scalars[exponent] == "-" || scalars[exponent] == "+" {
                            exponent += 1
                        }
                        if isDigit(exponent) {
                            while isDigit(exponent) { exponent += 1 }
                            cursor = exponent
                        }
                    }
                    // A number must not run into a word (`12abc` stays text).
                    isNumber = cursor >= scalars.count || !isWordCharacter(scalars[cursor])
                }
            }
            if isNumber {
                var spelling = String.UnicodeScalarView()
                spelling.append(contentsOf: scalars[start..<cursor])
                let spelled = String(spelling)
                if let value = Double(spelled.hasSuffix(".") ? spelled + "0" : spelled) {
                    if !pending.isEmpty {
                        tokens.append(.text(String(pending)))
                        pending = String.UnicodeScalarView()
                    }
                    tokens.append(.number(value, spelled))
                    index = cursor
                    continue
                }
            }
            // Not a number: consume one word (or one other character) as text.
            start = index
            if isWordCharacter(scalars[index]) {
                while index < scalars.count, isWordCharacter(scalars[index]) { index += 1 }
            } else {
                index += 1
            }
            pending.append(contentsOf: scalars[start..<index])
        }
        if !pending.isEmpty { tokens.append(.text(String(pending))) }
        return tokens
    }
}

extension String {
    /// The text with `\r\n` and lone `\r` line endings turned into `\n`.
    func replacingCRLF() -> String {
        guard unicodeScalars.contains("\r") else { return self }
        return replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
    }
}
