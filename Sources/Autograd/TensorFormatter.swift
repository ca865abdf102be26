import Foundation

/// Writes tensors the way PyTorch's `repr` does: `tensor([-12.,  65.], grad_fn=<SubBackward0>)`.
///
/// Follows `torch/_tensor_str.py` with its default print options: precision 4,
/// line width 80, summaries (`...`) above 1000 elements with 3 edge items.
struct TensorFormatter {
    static let precision = 4
    static let lineWidth = 80
    static let threshold = 1000
    static let edgeItems = 3

    let dtype: DType
    private(set) var intMode = true
    private(set) var sciMode = false
    private(set) var width = 1

    /// Chooses the number format from the values that will be shown.
    init(dtype: DType, values: [Double]) {
        self.dtype = dtype
        guard dtype.isFloatingPoint else {
            width = values.map { dtype == .bool ? ($0 != 0 ? 4 : 5) : String(Int64($0)).count }.max() ?? 1
            return
        }
        let finite = values.filter { $0.isFinite && $0 != 0 }
        guard !finite.isEmpty else { return }
        let magnitudes = finite.map { Swift.abs($0) }
        let lo = magnitudes.min()!, hi = magnitudes.max()!
        intMode = finite.allSatisfy { $0 == $0.rounded(.up) }
        if intMode {
            if hi / lo > 1000 || hi > 1e8 {
                sciMode = true
                width = finite.map { Self.scientific($0).count }.max()!
            } else {
                width = finite.map { String(format: "%.0f", $0).count + 1 }.max()!
            }
        } else if hi / lo > 1000 || hi > 1e8 || lo < 1e-4 {
            sciMode = true
            width = finite.map { Self.scientific($0).count }.max()!
        } else {
            width = finite.map { String(format: "%.\(Self.precision)f", $0).count }.max()!
        }
    }

    /// Python's `{:.4e}`: a two-digit (at least) exponent with its sign.
    static func scientific(_ v: Double) -> String {
        String(format: "%.\(precision)e", v)
    }

    /// One element, right-aligned to the common width.
    func format(_ v: Double) -> String {
        var s: String
        switch dtype {
        case .bool: s = v != 0 ? "True" : "False"
        case .int64, .int32, .uint8: s = String(Int64(v))
        case .float32, .float64:
            if v.isNaN { s = "nan" }
            else if v.isInfinite { s = v > 0 ? "inf" : "-inf" }
            else if sciMode { s = Self.scientific(v) }
            else if intMode { s = String(format: "%.0f", v) + "." }
            else { s = String(format: "%.\(Self.precision)f", v) }
        }
        return String(repeating: " ", count: Swift.max(0, width - s.count)) + s
    }
}

extension Tensor: CustomStringConvertible {
    /// PyTorch's representation, with `grad_fn=<…>` or `requires_grad=True` where it applies.
    public var description: String {
        isParameter ? "Parameter containing:\n" + tensorDescription : tensorDescription
    }

    /// The `tensor(…)` text, without the `Parameter containing:` line of a parameter.
    private var tensorDescription: String {
        let prefix = "tensor("
        let indent = prefix.count
        var suffixes: [String] = []
        let values = doubleValues()
        let summarize = count > TensorFormatter.threshold
        var body: String
        if count == 0 {
            body = "[]"
            if shape != [0] { suffixes.append("size=(\(shape.map(String.init).joined(separator: ", ")))") }
            // No element shows the type, so any but the default is spelt out.
            if dtype != .float32 { suffixes.append("dtype=\(dtype)") }
        } else {
            let shown = summarize ? summarizedValues(values) : values
            let formatter = TensorFormatter(dtype: dtype, values: shown)
            body = Tensor.render(values, shape: shape, indent: indent, summarize: summarize, formatter: formatter)
            // The default float type, int64 and bool are told apart by how their elements print.
            if dtype != .float32 && dtype != .int64 && dtype != .bool { suffixes.append("dtype=\(dtype)") }
        }
        if let gradFn { suffixes.append("grad_fn=\(gradFn)") } else if requiresGrad { suffixes.append("requires_grad=True") }

        var text = prefix + body
        // As `_add_suffixes`: len(text) - text.rfind("\n") + 1.
        let chars = Array(text)
        var lastLine = chars.count - (chars.lastIndex(of: "\n") ?? -1) + 1
        for suffix in suffixes {
            if lastLine + suffix.count + 2 > TensorFormatter.lineWidth {
                text += ",\n" + String(repeating: " ", count: indent) + suffix
                lastLine = indent + suffix.count
            } else {
                text += ", " + suffix
                lastLine += suffix.count + 2
            }
        }
        return text + ")"
    }

    /// All elements as doubles, row-major.
    private func doubleValues() -> [Double] {
        switch dtype {
        case .int64: return int64s.map(Double.init)
        case .float32, .bool: return floats.map(Double.init)
        default: return doubles
        }
    }

    /// The elements a summary shows: the first and last `edgeItems` along every dimension.
    private func summarizedValues(_ values: [Double]) -> [Double] {
        func visit(_ dim: Int, _ base: Int, _ out: inout [Double]) {
            let inner = shape[(dim + 1)...].reduce(1, *)
            let size = shape[dim]
            let indices = size > 2 * TensorFormatter.edgeItems
                ? Array(0..<TensorFormatter.edgeItems) + Array((size - TensorFormatter.edgeItems)..<size)
                : Array(0..<size)
            for i in indices {
                if dim == shape.count - 1 { out.append(values[base + i]) } else { visit(dim + 1, base + i * inner, &out) }
            }
        }
        var out: [Double] = []
        if rank > 0 { visit(0, 0, &out) }
        return out
    }

    /// The bracketed text of the elements, recursively per dimension (`_tensor_str_with_formatter`).
    private static func render(_ values: [Double], shape: [Int], indent: Int, summarize: Bool, formatter: TensorFormatter) -> String {
        func block(_ dim: Int, _ base: Int, _ indent: Int) -> String {
            let size = shape[dim]
            let inner = shape[(dim + 1)...].reduce(1, *)
            let cut = summarize && size > 2 * TensorFormatter.edgeItems
            let head = cut ? Array(0..<TensorFormatter.edgeItems) : Array(0..<size)
            let tail = cut ? Array((size - TensorFormatter.edgeItems)..<size) : []
            if dim == shape.count - 1 {
                var items = head.map { formatter.format(values[base + $0]) }
                if cut { items.append(" ..."); items += tail.map { formatter.format(values[base + $0]) } }
                let perLine = Swift.max(1, (TensorFormatter.lineWidth - indent) / (formatter.width + 2))
                var lines: [String] = []
                var i = 0
                while i < items.count {
                    lines.append(items[i..<Swift.min(i + perLine, items.count)].joined(separator: ", "))
                    i += perLine
                }
                return "[" + lines.joined(separator: ",\n" + String(repeating: " ", count: indent + 1)) + "]"
            }
            var slices = head.map { block(dim + 1, base + $0 * inner, indent + 1) }
            if cut { slices.append("..."); slices += tail.map { block(dim + 1, base + $0 * inner, indent + 1) } }
            let separator = "," + String(repeating: "\n", count: shape.count - dim - 1) + String(repeating: " ", count: indent + 1)
            return "[" + slices.joined(separator: separator) + "]"
        }
        if shape.isEmpty { return formatter.format(values[0]) }
        return block(0, 0, indent)
    }
}
