/// Decides whether an SVG file may be published.
///
/// A picture in a notebook's folder may have been written by anyone; an SVG
/// can hold scripts, event handlers and references to other documents, and
/// runs them when opened on its own. Only static drawings pass: elements from
/// a list of drawing elements, no `on…` attribute, references only to
/// fragments of the same file (`#id`) or to embedded PNG or JPEG data, no
/// document type declaration (entities), no processing instruction other
/// than the XML declaration, and no `javascript:`, `@import` or external
/// `url(…)` anywhere. The pictures the tool draws pass.
enum SVGCheck {
    /// The drawing elements a published SVG may use.
    static let allowedElements: Set<String> = [
        "svg", "g", "defs", "title", "desc", "metadata", "path", "rect", "circle", "ellipse", "line",
        "polyline", "polygon", "text", "tspan", "textPath", "marker", "clipPath", "mask", "pattern", "symbol",
        "use", "image", "linearGradient", "radialGradient", "stop", "style", "filter", "feGaussianBlur",
        "feOffset", "feBlend", "feFlood", "feComposite", "feMerge", "feMergeNode", "feColorMatrix",
    ]

    /// Why `svg` may not be published, or nil when it may.
    static func problem(in svg: [UInt8]) -> String? {
        guard let text = String(validating: svg, as: UTF8.self) else { return "it is not UTF-8 text" }
        let lowered = text.lowercased()
        for word in ["javascript:", "vbscript:", "@import", "<!doctype", "<!entity", "<![cdata["] where lowered.contains(word) {
            return "it contains '\(word)'"
        }
        if let problem = externalURL(in: lowered) { return problem }
        var scalars = Array(text.unicodeScalars)[...]
        var sawElement = false
        while let open = scalars.firstIndex(of: "<") {
            scalars = scalars[(open + 1)...]
            if scalars.starts(with: "!--".unicodeScalars) {
                var index = scalars.startIndex + 3
                while index + 2 < scalars.endIndex, !(scalars[index] == "-" && scalars[index + 1] == "-" && scalars[index + 2] == ">") {
                    index += 1
                }
                guard index + 2 < scalars.endIndex else { return "a comment is not closed" }
                scalars = scalars[(index + 3)...]
                continue
            }
            if scalars.first == "!" { return "it has a declaration" }
            if scalars.first == "?" {
                guard !sawElement, scalars.starts(with: "?xml ".unicodeScalars) else {
                    return "it has a processing instruction"
                }
                continue
            }
            if scalars.first == "/" { continue }
            if let problem = tagProblem(&scalars) { return problem }
            sawElement = true
        }
        return nil
    }

    /// Checks the start tag at the front of `scalars` (just after `<`).
    private static func tagProblem(_ scalars: inout ArraySlice<Unicode.Scalar>) -> String? {
        func isNameScalar(_ scalar: Unicode.Scalar) -> Bool {
            !(scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" || scalar == "/" || scalar == ">" || scalar == "=")
        }
        var name = ""
        while let scalar = scalars.first, isNameScalar(scalar) { name.unicodeScalars.append(scalar); scalars = scalars.dropFirst() }
        guard allowedElements.contains(name) else { return "it has a <\(name)> element" }
        while true {
            while let scalar = scalars.first, !isNameScalar(scalar), scalar != ">", scalar != "=" { scalars = scalars.dropFirst() }
            guard let first = scalars.first else { return "a tag is not closed" }
            if first == ">" { scalars = scalars.dropFirst(); return nil }
            if first == "=" { return "a tag is malformed" }
            var attribute = ""
            while let scalar = scalars.first, isNameScalar(scalar) { attribute.unicodeScalars.append(scalar); scalars = scalars.dropFirst() }
            while let scalar = scalars.first, scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" { scalars = scalars.dropFirst() }
            var value = ""
            if scalars.first == "=" {
                scalars = scalars.dropFirst()
                while let scalar = scalars.first, scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" { scalars = scalars.dropFirst() }
                guard let quote = scalars.first, quote == "\"" || quote == "'" else { return "an attribute value is not quoted" }
                scalars = scalars.dropFirst()
                guard let close = scalars.firstIndex(of: quote) else { return "an attribute value is not closed" }
                value = String(String.UnicodeScalarView(scalars[..<close]))
                scalars = scalars[(close + 1)...]
            }
            let lowered = attribute.lowercased()
            if lowered.hasPrefix("on") { return "it has an event handler (\(attribute))" }
            if lowered == "href" || lowered.hasSuffix(":href") || lowered == "src" {
                let target = value.lowercased()
                guard target.hasPrefix("#") || target.hasPrefix("data:image/png;base64,") || target.hasPrefix("data:image/jpeg;base64,")
                else { return "it refers to another document (\(attribute))" }
            }
        }
    }

    /// A `url(…)` that names anything but a fragment of the same file.
    private static func externalURL(in lowered: String) -> String? {
        var rest = Substring(lowered)
        while let range = rest.range(of: "url(") {
            rest = rest[range.upperBound...]
            let target = rest.drop { $0 == " " || $0 == "\"" || $0 == "'" }
            if !target.hasPrefix("#") { return "it refers to another document (url)" }
        }
        return nil
    }
}
