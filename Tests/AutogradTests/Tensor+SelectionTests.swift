import Autograd
import XCTest

/// Sorting, selection and products against PyTorch.
final class TensorSelectionTests: XCTestCase {
    typealias R = OperatorReference

    func testSortingMatchesPyTorch() throws {
        try R.check("sort") { let r = try $0[0].sort(dim: 1); return [r.values, r.indices] }
        try R.check("sort_descending") { let r = try $0[0].sort(dim: 0, descending: true); return [r.values, r.indices] }
        try R.check("argsort") { try $0[0].argsort(dim: 1) }
        try R.check("topk") { let r = try $0[0].topk(2); return [r.values, r.indices] }
        try R.check("topk_smallest") { let r = try $0[0].topk(2, dim: 0, largest: false); return [r.values, r.indices] }
        try R.check("unique") { let r = $0[0].unique(returnInverse: true, returnCounts: true); return [r.values, r.inverse!, r.counts!] }
    }

    func testSelectionMatchesPyTorch() throws {
        try R.check("where") { try Tensor.where($0[0], $0[1], $0[2]) }
        try R.check("masked_fill") { try $0[0].maskedFill($0[1], -1) }
        try R.check("gather") { try $0[0].gather(dim: 1, index: $0[1]) }
        try R.check("scatter") { try $0[0].scatter(dim: 1, index: $0[1], source: $0[2]) }
        try R.check("scatter_add") { try $0[0].scatterAdd(dim: 1, index: $0[1], source: $0[2]) }
        try R.check("index_select") { try $0[0].indexSelect(dim: 0, index: $0[1]) }
    }

    func testProductsMatchPyTorch() throws {
        try R.check("outer") { try $0[0].outer($0[1]) }
        try R.check("dot") { try $0[0].dot($0[1]) }
        try R.check("mv") { try $0[0].mv($0[1]) }
        try R.check("mm") { try $0[0].mm($0[1]) }
        try R.check("bmm") { try $0[0].bmm($0[1]) }
        try R.check("trace") { try $0[0].trace() }
    }

    func testBadArgumentsThrowPyTorchsErrors() throws {
        let x = Tensor.zeros([2, 3])
        R.assertThrows("index 3 is out of bounds for dimension 1 with size 3") { try x.gather(dim: 1, index: Tensor(shape: [2, 1], int64s: [0, 3])) }
        R.assertThrows("gather(): Expected dtype int64 for index") { try x.gather(dim: 1, index: Tensor.zeros([2, 1])) }
        R.assertThrows("selected index k out of range") { try x.topk(4) }
        R.assertThrows("1D tensors expected, but got 2D and 1D tensors") { try x.dot(Tensor([1.0])) }
        R.assertThrows("masked_fill_ only supports boolean masks, but got mask with dtype float") { try x.maskedFill(x, 1) }
        R.assertThrows("where expected condition to be a boolean tensor, but got a tensor with dtype Float") { try Tensor.where(x, x, x) }
    }
}
