/// A misuse of a module that PyTorch would reject, such as loading a state dict
/// whose keys or shapes do not fit, with PyTorch's wording.
public struct ModuleError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The message, as PyTorch words it.
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
