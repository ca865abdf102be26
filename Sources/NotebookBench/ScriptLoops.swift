import Script

/// The loop shapes cells use most, and in-place updates that must stay linear:
/// a slow path taken by mistake (a copy, an allocation or a lookup by name per
/// iteration) shows in their times.
enum ScriptLoops {
    /// A named cell program.
    struct Loop {
        var name: String
        var source: String
    }

    static let all: [Loop] = [
        Loop(name: "million_additions", source: "var t = 0\nfor i in 0..<1_000_000 { t += i }"),
        Loop(name: "while", source: "var i = 0\nvar t = 0\nwhile i < 200_000 { t += i; i += 1 }"),
        Loop(name: "call", source: "func f(_ x: Int) -> Int { x + 1 }\nvar t = 0\nfor i in 0..<200_000 { t += f(i) }"),
        Loop(name: "array_append_read",
             source: "var a: [Int] = []\nfor i in 0..<200_000 { a.append(i) }\nvar t = 0\nfor i in 0..<200_000 { t += a[i] }"),
        Loop(name: "interpolation", source: "var n = 0\nfor i in 0..<200_000 { let s = \"item \\(i)\"; n += s.count }"),
        Loop(name: "class_method",
             source: "class C { var n = 0\nfunc add(_ k: Int) { n += k } }\nlet c = C()\nfor _ in 0..<200_000 { c.add(2) }"),
        Loop(name: "nested_append",
             source: "var d: [String: [Int]] = [\"k\": []]\nfor i in 0..<40_000 { d[\"k\"]!.append(i) }"),
        Loop(name: "property_append", source: "class C { var xs: [Int] = [] }\nlet c = C()\nfor i in 0..<40_000 { c.xs.append(i) }"),
        Loop(name: "string_append", source: "var s = \"\"\nfor _ in 0..<40_000 { s += \"x\" }"),
        Loop(name: "copy_then_write",
             source: "var a = Array(repeating: 0, count: 40_000)\nvar b = a\nfor i in 0..<40_000 { b[i] = i }"),
        Loop(name: "default_append",
             source: "var d: [String: [Int]] = [:]\nfor i in 0..<40_000 { d[\"k\", default: []].append(i) }"),
        Loop(name: "grid_append",
             source: "var grid = [[Int]](repeating: [], count: 1)\nfor i in 0..<40_000 { grid[0].append(i) }"),
        Loop(name: "local_concat", source: "func f() { var a: [Int] = []\nfor i in 0..<40_000 { a += [i] } }\nf()"),
    ]

    /// Seconds one run of `source` takes in a new interpreter.
    static func time(_ source: String) throws -> Double {
        let interpreter = Interpreter()
        let elapsed = try ContinuousClock().measure { try interpreter.run(source, file: "bench") }
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }
}
