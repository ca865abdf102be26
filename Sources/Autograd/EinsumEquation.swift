/// An einsum equation parsed as PyTorch parses it: each operand's subscripts
/// (letters `a`–`z`, `A`–`Z`, at most one ellipsis), and the output's when the
/// equation has an explicit `->`. Spaces are ignored.
struct EinsumEquation {
    /// A subscript: a letter, numbered as PyTorch numbers them (`A`–`Z` are
    /// 0–25, `a`–`z` 26–51), or the ellipsis.
    enum Label: Equatable {
        case letter(Int)
        case ellipsis
    }

    /// The number of distinct letters.
    static let letterCount = 52

    /// Each operand's subscripts, in order.
    var operands: [[Label]]
    /// The output's subscripts; nil for an implicit output.
    var output: [Label]?

    /// Parses `equation` for `operandCount` operands, or throws PyTorch's error.
    init(_ equation: String, operandCount: Int) throws {
        let characters = Array(equation.utf8)
        let arrow = Self.arrowPosition(characters)
        let lhs = Array(characters[..<(arrow ?? characters.count)])
        var operands: [[Label]] = [[]]
        var ellipsisSeen = false
        var i = 0
        while i < lhs.count {
            let c = lhs[i]
            switch c {
            case UInt8(ascii: " "):
                break
            case UInt8(ascii: "."):
                guard !ellipsisSeen else {
                    throw TensorError("einsum(): found '.' for operand \(operands.count - 1) for which an ellipsis was already found")
                }
                guard i + 2 < lhs.count, lhs[i + 1] == c, lhs[i + 2] == c else {
                    throw TensorError("einsum(): found '.' for operand \(operands.count - 1) that is not part of any ellipsis")
                }
                i += 2
                operands[operands.count - 1].append(.ellipsis)
                ellipsisSeen = true
            case UInt8(ascii: ","):
                guard operands.count < operandCount else {
                    throw TensorError("einsum(): fewer operands were provided than specified in the equation")
                }
                operands.append([])
                ellipsisSeen = false
            default:
                guard let label = Self.letter(c) else {
                    throw TensorError("einsum(): invalid subscript given at index \(i) in the equation string, subscripts must be in [a-zA-Z]")
                }
                operands[operands.count - 1].append(.letter(label))
            }
            i += 1
        }
        guard operands.count == operandCount else {
            throw TensorError("einsum(): more operands were provided than specified in the equation")
        }
        self.operands = operands
        guard let arrow else { output = nil; return }
        let rhs = Array(characters[(arrow + 2)...])
        var output: [Label] = []
        ellipsisSeen = false
        i = 0
        while i < rhs.count {
            let c = rhs[i]
            switch c {
            case UInt8(ascii: " "):
                break
            case UInt8(ascii: "."):
                guard !ellipsisSeen else {
                    throw TensorError("einsum(): found '.' for output but an ellipsis (...) was already found")
                }
                guard i + 2 < rhs.count, rhs[i + 1] == c, rhs[i + 2] == c else {
                    throw TensorError("einsum(): found '.' for output that is not part of any ellipsis (...)")
                }
                i += 2
                output.append(.ellipsis)
                ellipsisSeen = true
            default:
                guard let label = Self.letter(c) else {
                    throw TensorError("einsum(): invalid subscript given at index \(lhs.count + 2 + i) in the equation string, subscripts must be in [a-zA-Z]")
                }
                output.append(.letter(label))
            }
            i += 1
        }
        self.output = output
    }

    /// The index of the first `->`, if any.
    private static func arrowPosition(_ characters: [UInt8]) -> Int? {
        guard characters.count >= 2 else { return nil }
        return (0..<(characters.count - 1)).first { characters[$0] == UInt8(ascii: "-") && characters[$0 + 1] == UInt8(ascii: ">") }
    }

    /// The number of an ASCII letter; nil for anything else.
    static func letter(_ c: UInt8) -> Int? {
        switch c {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return Int(c - UInt8(ascii: "A"))
        case UInt8(ascii: "a")...UInt8(ascii: "z"): return Int(c - UInt8(ascii: "a")) + 26
        default: return nil
        }
    }

    /// The letter a label number stands for.
    static func character(_ label: Int) -> Character {
        Character(Unicode.Scalar(UInt8(label < 26 ? label + 65 : label - 26 + 97)))
    }
}
