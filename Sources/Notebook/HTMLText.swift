/// Escaping and un-escaping of text placed into HTML (and XML).
///
/// Every string the page renderer inserts into a page goes through
/// `escape(_:)`: in text and in double-quoted attribute values alike, so no
/// inserted string can open a tag, close an attribute or start an entity.
/// The JUnit report escapes with `escape(_:replacing:)`, adding XML's rules.
public enum HTMLText {
    /// `text` with `&`, `<`, `>`, `"` and `'` replaced by character references.
    public static func escape(_ text: String) -> String {
        escape(text) { $0 == "'" ? "&#39;" : nil }
    }

    /// `text` with `&`, `<`, `>` and `"` replaced by character references, and
    /// every other scalar by `replacement(scalar)` (kept as it is when that is
    /// nil, dropped when it is empty).
    public static func escape(_ text: String, replacing replacement: (Unicode.Scalar) -> String?) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            default:
                if let replaced = replacement(scalar) {
                    result += replaced
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result
    }

    /// The text content of an HTML fragment: tags dropped, the character
    /// references that cmark and this module write decoded.
    public static func plainText(ofFragment html: String) -> String {
        var text = ""
        var insideTag = false
        for character in html {
            if insideTag {
                if character == ">" { insideTag = false }
            } else if character == "<" {
                insideTag = true
            } else {
                text.append(character)
            }
        }
        return decodeEntities(text)
    }

    /// Decodes named (`&amp;` `&lt;` `&gt;` `&quot;` `&#39;` `&nbsp;`) and numeric
    /// character references; anything else is kept as it is.
    static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var result = ""
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            guard character == "&",
                  let semicolon = text[index...].prefix(12).firstIndex(of: ";")
            else {
                result.append(character)
                index = text.index(after: index)
                continue
            }
            let name = text[text.index(after: index)..<semicolon]
            if let decoded = decodeReference(String(name)) {
                result.unicodeScalars.append(decoded)
                index = text.index(after: semicolon)
            } else {
                result.append(character)
                index = text.index(after: index)
            }
        }
        return result
    }

    private static func decodeReference(_ name: String) -> Unicode.Scalar? {
        switch name {
        case "amp": return "&"
        case "lt": return "<"
        case "gt": return ">"
        case "quot": return "\""
        case "apos": return "'"
        case "nbsp": return "\u{A0}"
        default: break
        }
        if name.hasPrefix("#x") || name.hasPrefix("#X") {
            return UInt32(name.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init)
        }
        if name.hasPrefix("#") {
            return UInt32(name.dropFirst(1)).flatMap(Unicode.Scalar.init)
        }
        return nil
    }
}
