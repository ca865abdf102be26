import Autograd
import XCTest

/// Advanced indexing, reading and writing, against PyTorch.
final class TensorIndexingTests: XCTestCase {
    typealias R = OperatorReference

    func testIndexingMatchesPyTorch() throws {
        try R.check("index_tensors") { try $0[0].index([$0[1], $0[2]]) }
        try R.check("index_one") { try $0[0].index([$0[1]]) }
        try R.check("index_mask") { try $0[0].index([$0[1]]) }
        try R.check("index_row_mask") { try $0[0].index([$0[1]]) }
        try R.check("index_slice_tensor") { try $0[0].slice(dim: 0, start: 1).index([nil, $0[1]]) }
        try R.check("nonzero") { $0[0].nonzero() }
    }

    /// Negative positions count from the end; writes through index tensors and
    /// masks (`index_put_`, with and without accumulation) and their gradients.
    func testNegativeIndicesAndWritesMatchPyTorch() throws {
        try R.check("index_negative") { try $0[0].index([$0[1]]) }
        try R.check("index_negative_pair") { try $0[0].index([$0[1], $0[2]]) }
        try R.check("index_put") { t in
            let y = try t[0] * 1.0
            try y.indexPut_([t[1], t[2]], t[3])
            return y
        }
        try R.check("index_put_accumulate") { t in
            let y = try t[0] * 1.0
            try y.indexPut_([t[1]], t[2], accumulate: true)
            return y
        }
        try R.check("index_put_mask") { t in
            let y = try t[0] * 1.0
            try y.indexPut_([t[1]], Tensor(-1.0))
            return y
        }
    }

    func testNonAdjacentIndicesGoFirst() throws {
        let x = try Tensor.arange(24).reshape([2, 3, 4])
        let i = Tensor(shape: [2], int64s: [1, 0])
        let y = try x.index([i, nil, Tensor(shape: [2], int64s: [3, 0])])
        XCTAssertEqual(y.shape, [2, 3])
        XCTAssertEqual(y.int64s, [15, 19, 23, 0, 4, 8])
        XCTAssertEqual(try x.index([nil, i]).shape, [2, 2, 4])
    }

    func testIndexPutWritesAndRecords() throws {
        let leaf = Tensor([1.0, -2.0, 3.0, -4.0], requiresGrad: true)
        let y = leaf * 1
        let values = Tensor([10.0, 20.0], requiresGrad: true)
        try y.indexPut_([Tensor(shape: [2], int64s: [3, 1])], values)
        XCTAssertEqual(y.floats, [1, 20, 3, 10])
        XCTAssertEqual(y.gradFn?.name, "IndexPutBackward0")
        try y.backward(gradient: Tensor([1.0, 2.0, 3.0, 4.0]))
        XCTAssertEqual(leaf.grad?.floats, [1, 0, 3, 0])
        XCTAssertEqual(values.grad?.floats, [4, 2])
        let counts = Tensor(shape: [3], int64s: [0, 0, 0])
        try counts.indexPut_([Tensor(shape: [3], int64s: [0, 2, 0])], Tensor(shape: [1], int64s: [1]), accumulate: true)
        XCTAssertEqual(counts.int64s, [2, 0, 1])
    }

    func testBadIndicesThrowPyTorchsErrors() throws {
        let x = try Tensor.arange(12).reshape([3, 4])
        R.assertThrows("The shape of the mask [2] at index 0 does not match the shape of the indexed tensor [3, 4] at index 0") {
            try x.index([Tensor(shape: [2], bools: [true, false])])
        }
        R.assertThrows("index 5 is out of bounds for dimension 0 with size 3") { try x.index([Tensor(shape: [2], int64s: [0, 5])]) }
        R.assertThrows("shape mismatch: indexing tensors could not be broadcast together with shapes [2], [3]") {
            try x.index([Tensor(shape: [2], int64s: [0, 1]), Tensor(shape: [3], int64s: [0, 1, 2])])
        }
        R.assertThrows("tensors used as indices must be long, int, byte or bool tensors") { try x.index([Tensor([0.0])]) }
        R.assertThrows("too many indices for tensor of dimension 2") {
            try x.index([Tensor(shape: [1], int64s: [0]), Tensor(shape: [1], int64s: [0]), Tensor(shape: [1], int64s: [0])])
        }
    }
}
