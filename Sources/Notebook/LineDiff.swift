/// A line-by-line difference between two texts, printed as a unified diff.
///
/// The edit script comes from a longest common subsequence of the lines
/// (after the common prefix and suffix are set aside), which is exact and fast
/// enough for cell outputs of a few thousand lines.
public struct LineDiff: Sendable {
    /// One line of the edit script.
    public enum Edit: Equatable, Sendable {
        /// A line in both texts.
        case same(String)
        /// A line only in the old text.
        case removed(String)
        /// A line only in the new text.
        case added(String)
    }

    /// The edit script from the old text to the new one.
    public let edits: [Edit]

    /// Compares the lines of `old` and `new`.
    public init(old: [String], new: [String]) {
        var prefix = 0
        while prefix < old.count, prefix < new.count, old[prefix] == new[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < old.count - prefix, suffix < new.count - prefix,
              old[old.count - 1 - suffix] == new[new.count - 1 - suffix] {
            suffix += 1
        }
        let a = Array(old[prefix..<old.count - suffix])
        let b = Array(new[prefix..<new.count - suffix])

        // lengths[i][j]: the longest common subsequence of a[i...] and b[j...].
        let width = b.count + 1
        var lengths = [Int](repeating: 0, count: (a.count + 1) * width)
        if !a.isEmpty && !b.isEmpty {
            for i in stride(from: a.count - 1, through: 0, by: -1) {
                for j in stride(from: b.count - 1, through: 0, by: -1) {
                    lengths[i * width + j] = a[i] == b[j]
                        ? lengths[(i + 1) * width + j + 1] + 1
                        : max(lengths[(i + 1) * width + j], lengths[i * width + j + 1])
                }
            }
        }
        var edits = old[0..<prefix].map(Edit.same)
        var i = 0
        var j = 0
        while i < a.count || j < b.count {
            if i < a.count, j < b.count, a[i] == b[j] {
                edits.append(.same(a[i]))
                i += 1
                j += 1
            } else if i < a.count, j == b.count || lengths[(i + 1) * width + j] >= lengths[i * width + j + 1] {
                edits.append(.removed(a[i]))
                i += 1
            } else {
                edits.append(.added(b[j]))
                j += 1
            }
        }
        edits += old[(old.count - suffix)...].map(Edit.same)
        self.edits = edits
    }

    /// Compares two texts line by line.
    public init(old: String, new: String) {
        self.init(old: Self.lines(old), new: Self.lines(new))
    }

    /// True when the texts have the same lines.
    public var isEmpty: Bool { edits.allSatisfy { if case .same = $0 { return true } else { return false } } }

    /// The diff in unified format: `--- oldHeader`, `+++ newHeader`, then hunks
    /// with `context` unchanged lines around each change. Ends with a newline.
    public func unified(oldHeader: String, newHeader: String, context: Int = 3) -> String {
        var text = "--- \(oldHeader)\n+++ \(newHeader)\n"
        let changed = edits.indices.filter { if case .same = edits[$0] { return false } else { return true } }
        guard !changed.isEmpty else { return text }

        // Group changes whose contexts touch into hunks of edit indices.
        var hunks: [ClosedRange<Int>] = []
        for index in changed {
            let range = max(0, index - context)...min(edits.count - 1, index + context)
            if let last = hunks.last, range.lowerBound <= last.upperBound + 1 {
                hunks[hunks.count - 1] = last.lowerBound...max(last.upperBound, range.upperBound)
            } else {
                hunks.append(range)
            }
        }
        for hunk in hunks {
            // Line numbers (1-based) of the hunk's first line in each text.
            var oldStart = 1
            var newStart = 1
            for edit in edits[..<hunk.lowerBound] {
                switch edit {
                case .same: oldStart += 1; newStart += 1
                case .removed: oldStart += 1
                case .added: newStart += 1
                }
            }
            var oldCount = 0
            var newCount = 0
            var body = ""
            for edit in edits[hunk] {
                switch edit {
                case .same(let line): oldCount += 1; newCount += 1; body += " \(line)\n"
                case .removed(let line): oldCount += 1; body += "-\(line)\n"
                case .added(let line): newCount += 1; body += "+\(line)\n"
                }
            }
            text += "@@ -\(Self.range(oldStart, oldCount)) +\(Self.range(newStart, newCount)) @@\n" + body
        }
        return text
    }

    /// `start,count` as in GNU diff: an empty range names the line before it.
    private static func range(_ start: Int, _ count: Int) -> String {
        if count == 1 { return "\(start)" }
        return "\(count == 0 ? start - 1 : start),\(count)"
    }

    /// The lines of a text; a final line ending does not start another line.
    public static func lines(_ text: String) -> [String] {
        guard !text.isEmpty else { return [] }
        var lines = text.replacingCRLF().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        return lines
    }
}
