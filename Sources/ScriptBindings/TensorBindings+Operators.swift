import Autograd
import Script

/// Operators on tensors: arithmetic and comparisons between tensors or with
/// numbers on either side (broadcasting, with backward), unary minus, and the
/// in-place compound assignments (`+=` changes the tensor, as in PyTorch).
///
/// An optional tensor operand (`a.grad`) is accepted as if unwrapped.
extension TensorBindings {
    /// A binary operator's three forms: tensor ∘ tensor, tensor ∘ number, number ∘ tensor.
    struct BinaryOperator {
        var tensors: (Tensor, Tensor) throws -> Tensor
        var tensorNumber: (Tensor, Double) throws -> Tensor
        var numberTensor: (Double, Tensor) throws -> Tensor
    }

    /// Arithmetic and comparison operators, one line each.
    static let binaryOperators: [String: BinaryOperator] = [
        "+": BinaryOperator(tensors: { try $0 + $1 }, tensorNumber: { $0 + $1 }, numberTensor: { $0 + $1 }),
        "-": BinaryOperator(tensors: { try $0 - $1 }, tensorNumber: { $0 - $1 }, numberTensor: { $0 - $1 }),
        "*": BinaryOperator(tensors: { try $0 * $1 }, tensorNumber: { $0 * $1 }, numberTensor: { $0 * $1 }),
        "/": BinaryOperator(tensors: { try $0 / $1 }, tensorNumber: { $0 / $1 }, numberTensor: { $0 / $1 }),
        "%": BinaryOperator(tensors: { try $0.remainder($1) }, tensorNumber: { $0.remainder($1) }, numberTensor: { try Tensor($0).remainder($1) }),
        "**": BinaryOperator(tensors: { try $0 ** $1 }, tensorNumber: { $0 ** $1 }, numberTensor: { $0 ** $1 }),
        "==": BinaryOperator(tensors: { try $0 == $1 }, tensorNumber: { $0 == $1 }, numberTensor: { $1 == $0 }),
        "!=": BinaryOperator(tensors: { try $0 != $1 }, tensorNumber: { $0 != $1 }, numberTensor: { $1 != $0 }),
        "<": BinaryOperator(tensors: { try $0 < $1 }, tensorNumber: { $0 < $1 }, numberTensor: { $1 > $0 }),
        "<=": BinaryOperator(tensors: { try $0 <= $1 }, tensorNumber: { $0 <= $1 }, numberTensor: { $1 >= $0 }),
        ">": BinaryOperator(tensors: { try $0 > $1 }, tensorNumber: { $0 > $1 }, numberTensor: { $1 < $0 }),
        ">=": BinaryOperator(tensors: { try $0 >= $1 }, tensorNumber: { $0 >= $1 }, numberTensor: { $1 <= $0 }),
    ]

    /// The forms with an Int on one side that keep an integer or bool tensor's
    /// integer type (`Tensor([1, 2]) * 2` is int64, as PyTorch's wrapped numbers).
    static let integerOperators: [String: (tensorInt: (Tensor, Int) throws -> Tensor, intTensor: (Int, Tensor) throws -> Tensor)] = [
        "+": ({ $0.add($1) }, { $1.add($0) }),
        "-": ({ $0.sub($1) }, { $1.rsub($0) }),
        "*": ({ $0.mul($1) }, { $1.mul($0) }),
        "**": ({ try $0.pow(integer: $1) }, { try Tensor(shape: [], integers: [Int64($0)], dtype: .int64).pow($1) }),
        "%": ({ try $0.remainder(integer: $1) }, { try Tensor(shape: [], integers: [Int64($0)], dtype: .int64).remainder($1) }),
    ]

    /// In-place operators: `x += y`, `x -= 1`.
    static let inPlaceOperators: [String: (tensor: (Tensor, Tensor) throws -> Void, number: (Tensor, Double) throws -> Void)] = [
        "+=": ({ try $0.addInPlace($1) }, { try $0.addInPlace($1) }),
        "-=": ({ try $0.subInPlace($1) }, { try $0.subInPlace($1) }),
        "*=": ({ try $0.mulInPlace($1) }, { try $0.mulInPlace($1) }),
        "/=": ({ try $0.divInPlace($1) }, { try $0.divInPlace($1) }),
    ]

    static func registerOperators(_ tensor: HostType) {
        for (op, forms) in binaryOperators {
            let isEquality = op == "==" || op == "!="
            tensor.binaryOperator(op) { lhs, rhs in
                // `x.grad == nil` compares optionals; it is not an element-wise comparison.
                if isEquality && (lhs.isNil || rhs.isNil) { return nil }
                switch (EngineValues.tensor(in: lhs), EngineValues.tensor(in: rhs)) {
                case (let a?, let b?):
                    return .host(try forms.tensors(a, b))
                case (let a?, nil):
                    if rhs.isNil { throw nilOperand }
                    if case .int(let i) = rhs.unwrapped, !a.dtype.isFloatingPoint, let forms = integerOperators[op] {
                        return .host(try forms.tensorInt(a, i))
                    }
                    guard let s = EngineValues.number(in: rhs) else { return nil }
                    return .host(try forms.tensorNumber(a, s))
                case (nil, let b?):
                    if lhs.isNil { throw nilOperand }
                    if case .int(let i) = lhs.unwrapped, !b.dtype.isFloatingPoint, let forms = integerOperators[op] {
                        return .host(try forms.intTensor(i, b))
                    }
                    guard let s = EngineValues.number(in: lhs) else { return nil }
                    return .host(try forms.numberTensor(s, b))
                case (nil, nil):
                    return nil
                }
            }
        }
        tensor.prefixOperator("-") { operand in
            EngineValues.tensor(in: operand).map { .host($0.neg()) }
        }
        for (op, forms) in inPlaceOperators {
            tensor.inPlaceOperator(op) { lhs, rhs in
                guard let target = EngineValues.tensor(in: lhs) else { return false }
                if let other = EngineValues.tensor(in: rhs) {
                    try forms.tensor(target, other)
                } else if let s = EngineValues.number(in: rhs) {
                    try forms.number(target, s)
                } else if rhs.isNil {
                    throw nilOperand
                } else {
                    return false
                }
                return true
            }
        }
    }

    /// The error for a nil optional tensor used as an operand (`x + a.grad` before any backward).
    static var nilOperand: HostError {
        HostError("unexpectedly found nil while unwrapping an Optional value: the tensor operand is nil")
    }
}
