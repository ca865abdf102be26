/// A misuse of the data utilities (a batch size of 0, split lengths that do not
/// add up) or a dataset file that cannot be read, with PyTorch's wording where
/// PyTorch has one.
public struct DataError: Error, CustomStringConvertible, Equatable, Sendable {
    /// What is wrong.
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
