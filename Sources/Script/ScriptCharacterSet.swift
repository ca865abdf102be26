import Foundation

/// A `CharacterSet` value for `trimmingCharacters(in:)`: `.whitespaces`,
/// `.whitespacesAndNewlines`, `.newlines`, `.decimalDigits`, `.letters`,
/// `.punctuationCharacters`, or `CharacterSet(charactersIn: "…")`.
final class ScriptCharacterSet {
    let set: CharacterSet
    init(_ set: CharacterSet) { self.set = set }
}

/// The time of day as cells see it: `Date()`, `date.timeIntervalSince(start)`,
/// `timeIntervalSinceNow`, `Date().timeIntervalSince1970`, for "took 1.2 s"
/// messages (whose cells are marked `nondeterministic`).
final class ScriptDate {
    let date: Date
    init(_ date: Date) { self.date = date }
}

extension Interpreter {
    func registerFoundationTypes() {
        let characterSet = defineType("CharacterSet", for: ScriptCharacterSet.self)
        let sets: [(String, CharacterSet)] = [
            ("whitespaces", .whitespaces), ("whitespacesAndNewlines", .whitespacesAndNewlines), ("newlines", .newlines),
            ("decimalDigits", .decimalDigits), ("letters", .letters), ("punctuationCharacters", .punctuationCharacters),
            ("alphanumerics", .alphanumerics),
        ]
        for (name, set) in sets {
            characterSet.staticProperty(name) { .host(ScriptCharacterSet(set)) }
        }
        characterSet.initializer("init(charactersIn string: String)") { a in
            .host(ScriptCharacterSet(CharacterSet(charactersIn: try a.get(0, as: String.self))))
        }
        characterSet.implicitMembers()

        let date = defineType("Date", for: ScriptDate.self)
        func seconds(_ value: Value) throws -> Date {
            guard case .host(let d as ScriptDate) = value else { throw HostError("expected a 'Date'") }
            return d.date
        }
        date.initializer("init()") { _ in .host(ScriptDate(Date())) }
        date.method("timeIntervalSince(_ other: Any)") { a in
            .double(try seconds(a.receiver ?? .nil).timeIntervalSince(try seconds(a[0])))
        }
        date.property("timeIntervalSinceNow", get: { .double(try seconds($0).timeIntervalSinceNow) })
        date.property("timeIntervalSince1970", get: { .double(try seconds($0).timeIntervalSince1970) })
        date.describe { value in
            guard case .host(let d as ScriptDate) = value else { return "Date" }
            return d.date.description
        }
    }
}
