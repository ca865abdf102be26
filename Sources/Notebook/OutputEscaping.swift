/// How printed text that a Markdown file or a terminal cannot carry as it is
/// gets stored and shown.
///
/// A cell may print any string: a NUL, a carriage return without a line feed
/// (a line break to Markdown), escape sequences that recolour a terminal,
/// move its cursor or write its clipboard (OSC 52), and bidirectional controls
/// that make text read differently from what it holds. Such characters are
/// written as `\u{XX}` (hexadecimal, upper case, as Swift spells them), both in
/// the notebook file and on the terminal; line feeds and tabs are kept. The
/// escaping is applied to fresh and stored outputs alike before they are
/// compared, so an output holding them round-trips through its notebook, and
/// applying it twice changes nothing.
///
/// Escaped: C0 controls but line feed and tab, DEL, C1 controls, the
/// bidirectional controls (U+061C, U+200E, U+200F, U+202A–U+202E,
/// U+2066–U+2069), the line and paragraph separators (U+2028, U+2029) and the
/// byte order mark (U+FEFF). A `\r\n` pair is read as a line feed first.
public enum OutputEscaping {
    /// Whether `scalar` is written escaped.
    public static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0A, 0x09: return false
        case 0x00...0x1F, 0x7F...0x9F: return true
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069, 0x2028, 0x2029, 0xFEFF: return true
        default: return false
        }
    }

    /// `text` with the characters above escaped (and `\r\n` read as `\n`).
    public static func escaped(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var result = String.UnicodeScalarView()
        let scalars = Array(text.unicodeScalars)
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            index += 1
            if scalar == "\r", index < scalars.count, scalars[index] == "\n" { continue }
            if needsEscape(scalar) {
                result.append(contentsOf: "\\u{\(String(scalar.value, radix: 16, uppercase: true))}".unicodeScalars)
            } else {
                result.append(scalar)
            }
        }
        return String(result)
    }
}
