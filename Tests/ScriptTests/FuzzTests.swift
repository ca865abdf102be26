import XCTest
import Script
import ScriptTestSupport

/// Malformed input never crashes the interpreter: thousands of mutated fixture
/// cells and random byte strings each end in a value or a `ScriptError`.
final class FuzzTests: XCTestCase {
    /// A small deterministic random generator (SplitMix64).
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { n <= 0 ? 0 : Int(next() % UInt64(n)) }
    }

    static let fragments = [
        "(", ")", "{", "}", "[", "]", "\"", "\\(", "let ", "var ", "class ", "func ", "!", "?", ".", "=", "+=",
        "$0", "nil", "..<", "...", "1e", "**", "super.", "self.", "init(", "\n", "//", "/*", "\"\"\"", ",", ":",
        " in ", "return ", "break", "guard ", "if ", "else ", "for ", "while true ", "x", "0", "-", "&&", "??",
        "Vector(", "Layer", "noGrad {", "print(", "Int.max", "as? ", "try? ", "[:]", "$1", "0x", "'",
    ]

    private func runQuietly(_ source: String) {
        let interpreter = Interpreter()
        interpreter.output = CapturingSink()
        TestHost.register(in: interpreter)
        interpreter.deadline = ContinuousClock.now + .milliseconds(30)
        do {
            try interpreter.run(source, file: "fuzz", firstLine: 1)
        } catch is ScriptError {
        } catch {
            XCTFail("non-ScriptError \(error) for source:\n\(source)")
        }
    }

    func testMutatedFixturesEndInAValueOrADiagnostic() throws {
        let sources = try FixtureCase.all(in: "Tests/ScriptTests/Fixtures").flatMap { $0.cells.map(\.source) }
        var random = Random(state: 2024)
        for _ in 0..<3_000 {
            var bytes = Array(sources[random.below(sources.count)].utf8)
            for _ in 0...random.below(3) {
                let position = random.below(bytes.count + 1)
                switch random.below(4) {
                case 0 where !bytes.isEmpty:
                    let end = min(bytes.count, position + 1 + random.below(8))
                    if position < end { bytes.removeSubrange(position..<end) }
                case 1:
                    bytes.insert(contentsOf: Array(Self.fragments[random.below(Self.fragments.count)].utf8), at: position)
                case 2 where !bytes.isEmpty:
                    let end = min(bytes.count, position + random.below(20))
                    if position < end { bytes.insert(contentsOf: Array(bytes[position..<end]), at: random.below(bytes.count)) }
                default:
                    if position < bytes.count { bytes[position] = UInt8(32 + random.below(95)) }
                }
            }
            runQuietly(String(decoding: bytes, as: UTF8.self))
        }
    }

    func testRandomBytesEndInADiagnostic() {
        var random = Random(state: 7)
        for _ in 0..<1_000 {
            let length = random.below(80)
            let bytes = (0..<length).map { _ in UInt8(random.below(256)) }
            runQuietly(String(decoding: bytes, as: UTF8.self))
            let ascii = (0..<length).map { _ in UInt8(32 + random.below(95)) }
            runQuietly(String(decoding: ascii, as: UTF8.self))
        }
    }

    func testPathologicalNesting() {
        for source in [
            String(repeating: "(", count: 5_000),
            String(repeating: "[", count: 5_000) + String(repeating: "]", count: 5_000),
            String(repeating: "{", count: 5_000),
            "let x = " + String(repeating: "-", count: 5_000) + "1",
            "let x = 1" + String(repeating: " + 1", count: 5_000),
            "let x = " + String(repeating: "!", count: 5_000) + "true",
            "let x = 2" + String(repeating: " ** 2", count: 5_000),
            "let x = [1]" + String(repeating: "[0]", count: 5_000),
            "let s = \"" + String(repeating: "\\(\"", count: 5_000),
            String(repeating: "if true { ", count: 5_000),
            "let x = a" + String(repeating: ".b", count: 5_000),
            "let f = " + String(repeating: "{ ", count: 5_000),
            "var a: [Any] = []\nfor _ in 0..<200_000 { a = [a] }",
        ] {
            runQuietly(source)
        }
    }
}
