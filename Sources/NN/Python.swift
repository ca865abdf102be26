/// How Python writes values in a module's `repr`, for PyTorch-identical printing.
enum Python {
    /// `True` or `False`.
    static func bool(_ value: Bool) -> String { value ? "True" : "False" }

    /// A float as Python's `repr` writes it: `0.1`, `1e-05`, `1.0`, `1e+16`
    /// (Swift's shortest round-trip form agrees with Python's for finite values).
    static func float(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        return "\(value)"
    }

    /// `3` or `(3, 3)`: a size written as the user gave it.
    static func size(_ pair: (Int, Int), asScalar: Bool) -> String {
        asScalar ? "\(pair.0)" : "(\(pair.0), \(pair.1))"
    }
}
