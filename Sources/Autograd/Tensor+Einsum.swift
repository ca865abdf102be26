/// Einstein summation (`torch.einsum`): implicit and explicit outputs,
/// ellipses, repeated subscripts (diagonals) and broadcasting. It follows
/// PyTorch's algorithm step for step — permute every operand to one order of
/// dimensions, contract them left to right with batched matrix products —
/// out of differentiable operations, so the backward is theirs and the
/// result's `gradFn` is the one PyTorch's has.
extension Tensor {
    /// The contraction `equation` describes over `operands`, such as
    /// `einsum("ij,jk->ik", a, b)` for a matrix product.
    public static func einsum(_ equation: String, _ operands: [Tensor]) throws -> Tensor {
        guard !operands.isEmpty else { throw TensorError("einsum(): must provide at least one operand") }
        let parsed = try EinsumEquation(equation, operandCount: operands.count)
        let letters = EinsumEquation.letterCount
        var labelCount = [Int](repeating: 0, count: letters)
        var ellipsisDims = 0
        for (i, (operand, labels)) in zip(operands, parsed.operands).enumerated() {
            var named = labels.count
            var hasEllipsis = false
            for label in labels {
                switch label {
                case .letter(let k): labelCount[k] += 1
                case .ellipsis: hasEllipsis = true; named -= 1
                }
            }
            if hasEllipsis {
                guard named <= operand.rank else {
                    throw TensorError("einsum(): the number of subscripts in the equation (\(named)) is more than the number of dimensions (\(operand.rank)) for operand \(i)")
                }
                ellipsisDims = Swift.max(ellipsisDims, operand.rank - named)
            } else if named != operand.rank {
                throw TensorError("einsum(): the number of subscripts in the equation (\(named)) does not match the number of dimensions (\(operand.rank)) for operand \(i) and no ellipsis was given")
            }
        }

        // Where each label goes in the common order: output dimensions first, then those summed.
        var position = [Int](repeating: -1, count: letters)
        var next = 0, ellipsisStart = 0, ellipsisInOutput = false
        if let output = parsed.output {
            for label in output {
                switch label {
                case .ellipsis:
                    ellipsisStart = next
                    next += ellipsisDims
                    ellipsisInOutput = true
                case .letter(let k):
                    guard labelCount[k] > 0 && position[k] == -1 else {
                        throw TensorError("einsum(): output subscript \(EinsumEquation.character(k))"
                            + (position[k] > -1 ? " appears more than once in the output" : " does not appear in the equation for any input operand"))
                    }
                    position[k] = next
                    next += 1
                }
            }
        } else {
            next = ellipsisDims
            ellipsisInOutput = true
            for k in 0..<letters where labelCount[k] == 1 {
                position[k] = next
                next += 1
            }
        }
        let outputDims = next
        if !ellipsisInOutput {
            ellipsisStart = next
            next += ellipsisDims
        }
        for k in 0..<letters where labelCount[k] > 0 && position[k] == -1 {
            position[k] = next
            next += 1
        }
        let totalDims = next

        // Each operand: diagonals for repeated labels, size-1 dimensions for missing ones, permuted.
        var labelSize = [Int](repeating: 1, count: letters), ellipsisSizes = [Int](repeating: 1, count: ellipsisDims)
        var dimCounts = [Int](repeating: 0, count: totalDims)
        var ops: [Tensor] = []
        for (i, operand) in operands.enumerated() {
            var op = operand
            var permutation = [Int](repeating: -1, count: totalDims)
            var dim = 0
            for label in parsed.operands[i] {
                switch label {
                case .ellipsis:
                    let covered = operand.rank - (parsed.operands[i].count - 1)
                    for j in (ellipsisDims - covered)..<ellipsisDims {
                        let size = op.shape[dim]
                        if size != 1 {
                            guard ellipsisSizes[j] == 1 || ellipsisSizes[j] == size else {
                                throw TensorError("einsum(): dimension \(dim) covered by ellipsis in operand \(i)has size \(size) which does not broadcast with previously seen ellipsis with size \(ellipsisSizes[j]) for the respective dimension")
                            }
                            ellipsisSizes[j] = size
                            dimCounts[ellipsisStart + j] += 1
                        }
                        permutation[ellipsisStart + j] = dim
                        dim += 1
                    }
                case .letter(let s):
                    if permutation[position[s]] == -1 {
                        let size = op.shape[dim]
                        if size != 1 {
                            guard labelSize[s] == 1 || labelSize[s] == size else {
                                throw TensorError("einsum(): subscript \(EinsumEquation.character(s)) has size \(size) for operand \(i) which does not broadcast with previously seen size \(labelSize[s])")
                            }
                            labelSize[s] = size
                            dimCounts[position[s]] += 1
                        }
                        permutation[position[s]] = dim
                        dim += 1
                    } else {
                        let previous = permutation[position[s]]
                        guard op.shape[dim] == op.shape[previous] else {
                            throw TensorError("einsum(): subscript \(EinsumEquation.character(s)) is repeated for operand \(i) but the sizes don't match, \(op.shape[dim]) != \(op.shape[previous])")
                        }
                        op = try op.diagonal(offset: 0, dim1: previous, dim2: dim).movedim(-1, previous)
                    }
                }
            }
            for k in permutation.indices where permutation[k] == -1 {
                op = try op.unsqueeze(dim: dim)
                permutation[k] = dim
                dim += 1
            }
            ops.append(try op.permute(permutation))
        }

        // Contract left to right, summing each dimension once no later operand has it.
        while ops.count > 1 {
            var a = ops.removeFirst(), b = ops.removeFirst()
            var sumDims: [Int] = [], aDims: [Int] = [], bDims: [Int] = []
            for d in outputDims..<totalDims {
                if a.shape[d] != 1 && b.shape[d] != 1 {
                    dimCounts[d] -= 1
                    if dimCounts[d] == 1 {
                        sumDims.append(d)
                        dimCounts[d] = 0
                    }
                } else if dimCounts[d] == 1 {
                    if a.shape[d] != 1 {
                        aDims.append(d)
                        dimCounts[d] = 0
                    } else if b.shape[d] != 1 {
                        bDims.append(d)
                        dimCounts[d] = 0
                    }
                }
            }
            if !aDims.isEmpty { a = try a.sum(dims: aDims, keepDim: true) }
            if !bDims.isEmpty { b = try b.sum(dims: bDims, keepDim: true) }
            ops.insert(try sumProduct(a, b, sumDims: sumDims), at: 0)
        }

        var result = ops[0]
        if totalDims > outputDims {
            if operands.count > 1 {
                var sizes = result.shape
                sizes.removeSubrange(outputDims..<totalDims)
                result = try result.view(sizes)
            } else {
                result = try result.sum(dims: Array(outputDims..<totalDims))
            }
        }
        if operands.allSatisfy({ $0.dtype == .int64 }) && result.dtype != .int64 {
            return Tensor(shape: result.shape, int64s: result.floats.map { Int64($0.rounded()) })
        }
        return result
    }

    /// `einsum` with the operands as separate arguments.
    public static func einsum(_ equation: String, _ operands: Tensor...) throws -> Tensor {
        try einsum(equation, operands)
    }

    /// The product of two operands of equal rank (dimensions of size 1
    /// broadcasting) summed over `sumDims`, which stay with size 1: permuted
    /// and reshaped into one batched matrix product, as PyTorch's `sumproduct_pair`.
    private static func sumProduct(_ left: Tensor, _ right: Tensor, sumDims: [Int]) throws -> Tensor {
        if sumDims.isEmpty { return try left.mul(right) }
        var left = left, right = right
        var both: [Int] = [], leftOnly: [Int] = [], rightOnly: [Int] = []
        var bothSize = 1, leftSize = 1, rightSize = 1, sumSize = 1
        let summed = Set(sumDims)
        for i in 0..<left.rank {
            let sl = left.shape[i] != 1, sr = right.shape[i] != 1
            if summed.contains(i) {
                if sl && sr {
                    guard left.shape[i] == right.shape[i] else { throw TensorError("non-broadcast dimensions must match") }
                    sumSize *= left.shape[i]
                } else if sl {
                    left = try left.sum(dims: [i], keepDim: true)
                } else if sr {
                    right = try right.sum(dims: [i], keepDim: true)
                }
            } else if sl && sr {
                guard left.shape[i] == right.shape[i] else { throw TensorError("non-broadcast dimensions must match") }
                both.append(i)
                bothSize *= left.shape[i]
            } else if sl {
                leftOnly.append(i)
                leftSize *= left.shape[i]
            } else {
                rightOnly.append(i)
                rightSize *= right.shape[i]
            }
        }
        let outSize = both.map { left.shape[$0] } + leftOnly.map { left.shape[$0] } + sumDims.map { _ in 1 } + rightOnly.map { right.shape[$0] }
        let order = both + leftOnly + sumDims + rightOnly
        var inverse = [Int](repeating: 0, count: order.count)
        for (i, d) in order.enumerated() { inverse[d] = i }
        let l = try left.permute(order).reshape([bothSize, leftSize, sumSize])
        let r = try right.permute(both + sumDims + rightOnly + leftOnly).reshape([bothSize, sumSize, rightSize])
        return try l.bmm(r).view(outSize).permute(inverse)
    }
}
