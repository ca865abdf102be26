/// A type as written in a declaration (`Int`, `[Double]`, `Tensor?`, `(Int) -> Int`).
///
/// Types are not checked statically; annotations convert values where Swift would
/// (an integer where a `Double` is expected becomes a `Double`; a value stored in
/// an optional is wrapped, so it prints as `Optional(…)`).
public indirect enum TypeAnnotation: Equatable, CustomStringConvertible {
    /// A named type, with generic arguments: `Int`, `Tensor`, `Array<Int>`.
    case named(String, [TypeAnnotation])
    /// `[Element]`.
    case array(TypeAnnotation)
    /// `[Key: Value]`.
    case dictionary(TypeAnnotation, TypeAnnotation)
    /// `Wrapped?` or `Wrapped!`.
    case optional(TypeAnnotation)
    /// `(A, B)` or `(x: A, y: B)`.
    case tuple([TypeAnnotation], labels: [String?])
    /// `(A, B) -> R`.
    case function([TypeAnnotation], TypeAnnotation)

    /// Whether the type is an optional.
    public var isOptional: Bool {
        if case .optional = self { return true }
        return false
    }

    /// The type as Swift spells it.
    public var description: String {
        switch self {
        case .named(let name, let arguments):
            return arguments.isEmpty ? name : "\(name)<\(arguments.map(\.description).joined(separator: ", "))>"
        case .array(let element): return "[\(element)]"
        case .dictionary(let key, let value): return "[\(key): \(value)]"
        case .optional(let wrapped): return "\(wrapped)?"
        case .tuple(let elements, let labels):
            return "(" + zip(elements, labels).map { ($1.map { "\($0): " } ?? "") + $0.description }.joined(separator: ", ") + ")"
        case .function(let parameters, let result):
            return "(\(parameters.map(\.description).joined(separator: ", "))) -> \(result)"
        }
    }
}
