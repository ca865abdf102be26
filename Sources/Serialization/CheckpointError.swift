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

    /// A name read from a checkpoint (a key, an entry, a global), as messages
    /// show it: control characters escaped and at most 80 characters, so an
    /// error never carries a long run of the file's bytes.
    public static func quoted(_ name: String) -> String {
        var result = ""
        var count = 0
        for scalar in name.unicodeScalars {
            if count == 80 { return result + "…" }
            if scalar.value < 0x20 || scalar.value == 0x7f || (0x80..<0xa0).contains(scalar.value) {
                result += "\\u{\(String(scalar.value, radix: 16))}"
            } else {
                result.unicodeScalars.append(scalar)
            }
            count += 1
        }
        return result
    }
}
