import Foundation

/// `String(format:_:)` with C's conversions, as Foundation formats them:
/// `%d %i %u %x %X %o` (Ints), `%f %F %e %E %g %G` (Doubles), `%s %@` (any
/// value, as `print` shows it), `%c`, `%%`; flags `- + 0 #` and space, a width
/// and a precision (either may be `*`, taken from the arguments).
enum StringFormat {
    /// The formatted text; `describe` gives a value's text for `%s` and `%@`.
    static func format(_ format: String, _ arguments: [Value], describe: (Value) -> String) throws -> String {
        var output = ""
        var remaining = arguments[...]
        var chars = format[...]
        func nextArgument(_ spec: String) throws -> Value {
            guard let value = remaining.popFirst() else {
                throw HostError("String(format:) has fewer arguments than its format needs (at '\(spec)')")
            }
            return value
        }
        while let c = chars.popFirst() {
            guard c == "%" else { output.append(c); continue }
            var spec = "%"
            var flags = ""
            while let f = chars.first, "-+ 0#".contains(f) { flags.append(f); chars.removeFirst() }
            spec += flags
            var width: Int?
            if chars.first == "*" {
                chars.removeFirst()
                guard case .int(let w) = try nextArgument(spec + "*") else { throw HostError("String(format:) needs an Int for '*'") }
                width = w
            } else {
                var digits = ""
                while let d = chars.first, d.isASCII, d.isNumber { digits.append(d); chars.removeFirst() }
                width = Int(digits)
            }
            var precision: Int?
            if chars.first == "." {
                chars.removeFirst()
                if chars.first == "*" {
                    chars.removeFirst()
                    guard case .int(let p) = try nextArgument(spec + ".*") else { throw HostError("String(format:) needs an Int for '.*'") }
                    precision = p
                } else {
                    var digits = ""
                    while let d = chars.first, d.isASCII, d.isNumber { digits.append(d); chars.removeFirst() }
                    precision = Int(digits) ?? 0
                }
            }
            // Length modifiers change nothing: Ints are 64-bit, Doubles are doubles.
            while let l = chars.first, "hlLqjzt".contains(l) { chars.removeFirst() }
            guard let conversion = chars.popFirst() else { throw HostError("String(format:) format ends inside a '%' conversion") }
            if let w = width, w > 10_000 { throw HostError("String(format:) width \(w) is too large") }
            if let p = precision, p > 10_000 { throw HostError("String(format:) precision \(p) is too large") }
            let widthText = width.map(String.init) ?? ""
            let precisionText = precision.map { ".\($0)" } ?? ""
            let c = "\(spec)\(widthText)\(precisionText)"
            switch conversion {
            case "%":
                output.append("%")
            case "d", "i", "u", "x", "X", "o":
                let value = try nextArgument(c + String(conversion))
                let n: Int
                switch value {
                case .int(let i): n = i
                case .bool(let b): n = b ? 1 : 0
                default: throw HostError("String(format:) needs an Int for '%\(conversion)', not a value of type '\(typeName(value))'")
                }
                output += String(format: c + "ll" + String(conversion == "i" ? "d" : conversion), n)
            case "f", "F", "e", "E", "g", "G", "a", "A":
                let value = try nextArgument(c + String(conversion))
                let x: Double
                switch value {
                case .double(let d): x = d
                case .int(let i): x = Double(i)
                default: throw HostError("String(format:) needs a Double for '%\(conversion)', not a value of type '\(typeName(value))'")
                }
                output += String(format: c + String(conversion), x)
            case "s", "@", "c":
                var text = describe(try nextArgument(c + String(conversion)))
                if let precision, conversion != "c" { text = String(text.prefix(max(0, precision))) }
                if let width, text.count < width {
                    let pad = String(repeating: " ", count: width - text.count)
                    text = flags.contains("-") ? text + pad : pad + text
                }
                output += text
            default:
                throw HostError("String(format:) does not know the conversion '%\(conversion)'")
            }
        }
        if !remaining.isEmpty {
            throw HostError("String(format:) has \(remaining.count) more argument\(remaining.count == 1 ? "" : "s") than its format uses")
        }
        return output
    }

    private static func typeName(_ value: Value) -> String {
        switch value {
        case .string: return "String"
        case .double: return "Double"
        case .int: return "Int"
        case .bool: return "Bool"
        default: return "value"
        }
    }
}
