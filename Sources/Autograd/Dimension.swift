/// Resolving dimension arguments as PyTorch does: negative values count from the end.
enum Dimension {
    /// The non-negative dimension `dim` names in a tensor of `rank` dimensions.
    static func wrap(_ dim: Int, rank: Int) throws -> Int {
        let r = max(rank, 1)
        guard dim >= -r && dim < r else {
            throw TensorError("Dimension out of range (expected to be in range of [\(-r), \(r - 1)], but got \(dim))")
        }
        return dim < 0 ? dim + r : dim
    }

    /// Splits `shape` around `dim` into the element counts before it, along it, and after it.
    static func split(_ shape: [Int], at dim: Int) -> (outer: Int, size: Int, inner: Int) {
        if shape.isEmpty { return (1, 1, 1) }
        return (shape[..<dim].reduce(1, *), shape[dim], shape[(dim + 1)...].reduce(1, *))
    }
}
