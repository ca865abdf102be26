import Notebook
/// A LaTeX math alphabet (`\mathbf`, `\mathbb`, …) and how it maps letters to
/// Unicode's mathematical alphanumeric symbols, which MathML shows as they are.
enum MathFont: Equatable {
    /// Italic letters, upright digits: LaTeX's default.
    case normal
    /// `\mathrm`, `\rm`, `\operatorname`: upright.
    case roman
    /// `\mathbf`, `\bf`: upright bold.
    case bold
    /// `\boldsymbol`, `\bm`: bold italic.
    case boldItalic
    /// `\mathit`, `\it`: italic.
    case italic
    /// `\mathbb`: double-struck capitals (ℝ, ℕ).
    case doubleStruck
    /// `\mathcal`: script capitals.
    case calligraphic
    /// `\mathsf`: sans-serif.
    case sansSerif
    /// `\mathtt`: monospace.
    case monospace

    /// The font a command selects, if it names one.
    init?(command: String) {
        switch command {
        case "mathrm", "rm", "mathup", "textrm", "text", "mbox", "textnormal": self = .roman
        case "mathbf", "bf", "textbf": self = .bold
        case "boldsymbol", "bm", "pmb": self = .boldItalic
        case "mathit", "it", "textit", "mathnormal": self = .italic
        case "mathbb", "Bbb": self = .doubleStruck
        case "mathcal", "cal", "mathscr": self = .calligraphic
        case "mathsf", "sf", "textsf": self = .sansSerif
        case "mathtt", "tt", "texttt": self = .monospace
        default: return nil
        }
    }

    /// Whether a single letter in this font still needs `mathvariant="normal"`
    /// to be drawn upright (MathML draws single-letter identifiers in italic).
    var needsUprightMark: Bool { self == .roman }

    /// `text` with its ASCII letters and digits replaced by this font's
    /// mathematical alphanumeric characters.
    func map(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            result.unicodeScalars.append(map(scalar))
        }
        return result
    }

    private func map(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        let value = scalar.value
        let isUpper = (0x41...0x5A).contains(value)
        let isLower = (0x61...0x7A).contains(value)
        let isDigit = (0x30...0x39).contains(value)
        guard isUpper || isLower || isDigit else { return scalar }
        let offset: UInt32 = isUpper ? value - 0x41 : isLower ? value - 0x61 : value - 0x30
        func at(_ base: UInt32) -> Unicode.Scalar { Unicode.Scalar(base + offset) ?? scalar }
        switch self {
        case .normal, .roman, .italic:
            return scalar
        case .bold:
            return isUpper ? at(0x1D400) : isLower ? at(0x1D41A) : at(0x1D7CE)
        case .boldItalic:
            return isUpper ? at(0x1D468) : isLower ? at(0x1D482) : at(0x1D7CE)
        case .sansSerif:
            return isUpper ? at(0x1D5A0) : isLower ? at(0x1D5BA) : at(0x1D7E2)
        case .monospace:
            return isUpper ? at(0x1D670) : isLower ? at(0x1D68A) : at(0x1D7F6)
        case .doubleStruck:
            let holes: [Character: Unicode.Scalar] = [
                "C": "ℂ", "H": "ℍ", "N": "ℕ", "P": "ℙ", "Q": "ℚ", "R": "ℝ", "Z": "ℤ",
            ]
            if let hole = holes[Character(scalar)] { return hole }
            return isUpper ? at(0x1D538) : isLower ? at(0x1D552) : at(0x1D7D8)
        case .calligraphic:
            let holes: [Character: Unicode.Scalar] = [
                "B": "ℬ", "E": "ℰ", "F": "ℱ", "H": "ℋ", "I": "ℐ", "L": "ℒ", "M": "ℳ",
                "R": "ℛ", "e": "ℯ", "g": "ℊ", "o": "ℴ",
            ]
            if let hole = holes[Character(scalar)] { return hole }
            return isUpper ? at(0x1D49C) : isLower ? at(0x1D4B6) : scalar
        }
    }
}
