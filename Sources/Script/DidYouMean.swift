/// Suggestions for misspelt names, by edit distance (insertions, deletions,
/// substitutions and transpositions of adjacent characters).
public enum DidYouMean {
    /// `; did you mean 'x'?` for the closest candidate, or "" when none is close.
    public static func suggestion(for name: String, among candidates: [String], as prefix: String = "") -> String {
        guard let best = closest(to: name, among: candidates) else { return "" }
        return "; did you mean '\(prefix)\(best)'?"
    }

    /// The suggestion for a name written the Python way (`requires_grad`,
    /// `zero_grad`): its camelCase spelling when that is a candidate, else the
    /// closest candidate of the same kind (a capitalised name suggests types, a
    /// lower-case one values), never one of `excluded`.
    static func suggestion(for name: String, among candidates: [String], excluding excluded: Set<String>) -> String {
        let camel = camelCase(name)
        let kept = candidates.filter { !excluded.contains($0) && isSameKind($0, name) }
        if camel != name, kept.contains(camel) {
            return "; did you mean '\(camel)'? (PyTorch's snake_case names are camelCase here)"
        }
        return suggestion(for: name, among: kept)
    }

    /// `requires_grad` → `requiresGrad` (a trailing `_`, PyTorch's in-place mark, stays).
    static func camelCase(_ name: String) -> String {
        var parts = name.split(separator: "_", omittingEmptySubsequences: false)
        guard parts.count > 1 else { return name }
        let trailing = name.hasSuffix("_") && !name.hasSuffix("__")
        if trailing { parts.removeLast() }
        var result = String(parts[0])
        for part in parts.dropFirst() where !part.isEmpty { result += part.prefix(1).uppercased() + part.dropFirst() }
        return trailing ? result + "_" : result
    }

    /// Whether two names are of the same kind: both capitalised (types) or not.
    private static func isSameKind(_ a: String, _ b: String) -> Bool {
        (a.first?.isUppercase ?? false) == (b.first?.isUppercase ?? false)
    }

    /// The closest candidate within a distance of about a third of the name's
    /// length (none for one-letter names); operators are never suggested.
    static func closest(to name: String, among candidates: [String]) -> String? {
        let limit = (name.count + 1) / 3
        guard limit > 0 else { return nil }
        var best: (String, Int)?
        for candidate in Set(candidates).sorted() where candidate != name {
            guard let first = candidate.unicodeScalars.first, first == "_" || first.properties.isAlphabetic else { continue }
            guard abs(candidate.count - name.count) <= limit else { continue }
            let d = distance(name, candidate)
            if d <= limit && (best == nil || d < best!.1) { best = (candidate, d) }
        }
        return best?.0
    }

    /// The optimal-string-alignment distance between two strings.
    static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a.lowercased()), y = Array(b.lowercased())
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var previous2 = [Int](repeating: 0, count: y.count + 1)
        var previous = Array(0...y.count)
        var current = [Int](repeating: 0, count: y.count + 1)
        for i in 1...x.count {
            current[0] = i
            for j in 1...y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1 && j > 1 && x[i - 1] == y[j - 2] && x[i - 2] == y[j - 1] {
                    current[j] = min(current[j], previous2[j - 2] + 1)
                }
            }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return previous[y.count]
    }
}
