import Autograd
import XCTest

/// Products, scans, variances, norms and `logsumexp` against PyTorch.
final class TensorStatisticsTests: XCTestCase {
    typealias R = OperatorReference

    func testProductsAndScansMatchPyTorch() throws {
        try R.check("prod_all") { try $0[0].prod() }
        try R.check("prod_dim1") { try $0[0].prod(dim: 1) }
        try R.check("prod_zero") { try $0[0].prod(dim: 1) }
        try R.check("cumsum") { try $0[0].cumsum(dim: 1) }
        try R.check("cumprod") { try $0[0].cumprod(dim: 0) }
    }

    func testVarianceAndNormsMatchPyTorch() throws {
        try R.check("var_all") { try $0[0].variance() }
        try R.check("var_dim") { try $0[0].variance(dim: 1, keepDim: true) }
        try R.check("var_biased") { try $0[0].variance(dim: 0, correction: 0) }
        try R.check("std_all") { try $0[0].std() }
        try R.check("std_correction") { try $0[0].std(dim: 1, correction: 0) }
        try R.check("norm") { try $0[0].norm() }
        try R.check("norm_dim") { try $0[0].norm(dim: 1) }
        try R.check("norm_p1") { try $0[0].norm(p: 1) }
        try R.check("logsumexp") { try $0[0].logsumexp(dim: 1) }
    }

    func testIntegerReductionsAreExact() throws {
        let x = Tensor(shape: [2, 3], int64s: [1, 2, 3, 4, 5, 6])
        XCTAssertEqual(try x.prod().int64s, [720])
        XCTAssertEqual(try x.prod(dim: 1).int64s, [6, 120])
        XCTAssertEqual(try x.cumsum(dim: 1).int64s, [1, 3, 6, 4, 9, 15])
        XCTAssertEqual(try x.cumprod(dim: 0).int64s, [1, 2, 3, 4, 10, 18])
        R.assertThrows("std and var only support floating point and complex dtypes") { try x.variance() }
        R.assertThrows("linalg.vector_norm: Expected a floating point or complex tensor as input. Got Long") { try x.norm() }
        R.assertThrows("Dimension out of range (expected to be in range of [-2, 1], but got 2)") { try x.cumsum(dim: 2) }
    }
}
