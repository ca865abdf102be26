/// An error raised by the engine for a misuse that PyTorch would reject,
/// with PyTorch's own wording (shapes written in our `[2, 3]` notation).
public struct TensorError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The message, as PyTorch words it.
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}

/// Writes a shape as `[2, 3]`.
func describe(shape: [Int]) -> String { "[" + shape.map(String.init).joined(separator: ", ") + "]" }
