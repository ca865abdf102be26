/// The raw HTML that prose may contain: the few tags GitHub also keeps
/// (`<details>`, `<summary>`, `<kbd>`, `<sub>`, `<sup>`, `<br>`), without
/// attributes (but `open` on `<details>`). Every other tag is shown as text,
/// HTML comments are left out, and text is escaped except for character
/// references, so the output never opens a tag the list does not name.
enum AllowedHTML {
    /// The tags kept.
    static let tags: Set<String> = ["details", "summary", "kbd", "sub", "sup", "br"]

    /// `literal` (a raw HTML block or inline tag from cmark) made safe.
    static func sanitized(_ literal: String) -> String {
        let characters = Array(literal)
        var output = ""
        var index = 0
        while index < characters.count {
            let character = characters[index]
            switch character {
            case "<":
                if let end = commentEnd(characters, at: index) {
                    index = end
                } else if let (tag, end) = allowedTag(characters, at: index) {
                    output += tag
                    index = end
                } else {
                    output += "&lt;"
                    index += 1
                }
            case "&":
                if let end = referenceEnd(characters, at: index) {
                    output += String(characters[index..<end])
                    index = end
                } else {
                    output += "&amp;"
                    index += 1
                }
            case ">":
                output += "&gt;"
                index += 1
            case "\"":
                output += "&quot;"
                index += 1
            default:
                output.append(character)
                index += 1
            }
        }
        return output
    }

    /// The end of `<!-- … -->` starting at `start`.
    private static func commentEnd(_ characters: [Character], at start: Int) -> Int? {
        guard characters[start...].starts(with: Array("<!--")) else { return nil }
        var index = start + 4
        while index + 2 < characters.count {
            if characters[index] == "-" && characters[index + 1] == "-" && characters[index + 2] == ">" { return index + 3 }
            index += 1
        }
        return nil
    }

    /// The canonical form and end of an allowed tag starting at `start`:
    /// `<name>`, `</name>`, `<br/>`, `<details open>`, any case, spaces before `>`.
    private static func allowedTag(_ characters: [Character], at start: Int) -> (String, Int)? {
        var index = start + 1
        var closing = false
        if index < characters.count, characters[index] == "/" {
            closing = true
            index += 1
        }
        var name = ""
        while index < characters.count, characters[index].isASCII, characters[index].isLetter, name.count < 8 {
            name.append(Character(characters[index].lowercased()))
            index += 1
        }
        guard tags.contains(name) else { return nil }
        func skipSpaces() {
            while index < characters.count, characters[index] == " " || characters[index] == "\t" || characters[index] == "\n" { index += 1 }
        }
        var open = false
        if index < characters.count, characters[index] == " " || characters[index] == "\t" || characters[index] == "\n" {
            skipSpaces()
            if !closing, name == "details", characters[index...].starts(with: Array("open")) {
                let after = index + 4
                if after < characters.count, [" ", "\t", "\n", ">", "/"].contains(characters[after]) {
                    open = true
                    index = after
                    skipSpaces()
                }
            }
        }
        if !closing, index < characters.count, characters[index] == "/" { index += 1 }
        guard index < characters.count, characters[index] == ">" else { return nil }
        if closing && name == "br" { return nil }
        let tag = closing ? "</\(name)>" : (name == "br" ? "<br>" : (open ? "<details open>" : "<\(name)>"))
        return (tag, index + 1)
    }

    /// The end of a character reference (`&amp;`, `&#42;`, `&#x2A;`) starting at `start`.
    private static func referenceEnd(_ characters: [Character], at start: Int) -> Int? {
        var index = start + 1
        guard index < characters.count else { return nil }
        if characters[index] == "#" {
            index += 1
            var hex = false
            if index < characters.count, characters[index] == "x" || characters[index] == "X" {
                hex = true
                index += 1
            }
            let digitsStart = index
            while index < characters.count, index - digitsStart < 7,
                  hex ? characters[index].isHexDigit : (characters[index].isASCII && characters[index].isNumber) {
                index += 1
            }
            guard index > digitsStart, index < characters.count, characters[index] == ";" else { return nil }
            return index + 1
        }
        let nameStart = index
        while index < characters.count, index - nameStart < 32, characters[index].isASCII,
              characters[index].isLetter || characters[index].isNumber {
            index += 1
        }
        guard index > nameStart, characters[nameStart].isLetter, index < characters.count, characters[index] == ";" else { return nil }
        return index + 1
    }
}
