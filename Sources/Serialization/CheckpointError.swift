/// A checkpoint that cannot be loaded: unreadable, malformed, or asking for
/// something a state dict never needs.
public struct CheckpointError: Error, CustomStringConvertible, Equatable {
    /// The checkpoint file concerned.
    public var file: String
    /// What is wrong with it.
    public var message: String

    public init(file: String, message: String) {
        self.file = file
        self.message = message
    }

    public var description: String { "\(file): \(message)" }
}
