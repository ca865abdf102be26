import Autograd
import XCTest

/// `einsum` against PyTorch: outputs, input gradients and the result's grad_fn.
final class TensorEinsumTests: XCTestCase {
    typealias R = OperatorReference

    func testContractionsMatchPyTorch() throws {
        try R.check("einsum_mm") { try Tensor.einsum("ij,kj->ik", $0) }
        try R.check("einsum_batch") { try Tensor.einsum("bij,bjk->bik", $0) }
        try R.check("einsum_rowdot") { try Tensor.einsum("ij,ij->i", $0) }
        try R.check("einsum_outer") { try Tensor.einsum("i,j->ij", $0) }
        try R.check("einsum_dot") { try Tensor.einsum("i,i->", $0) }
        try R.check("einsum_three") { try Tensor.einsum("ij,jk,kl->il", $0) }
        try R.check("einsum_bilinear") { try Tensor.einsum("bn,anm,bm->ba", $0) }
        try R.check("einsum_outer_sum") { try Tensor.einsum("ij,k->jk", $0) }
        try R.check("einsum_int") { try Tensor.einsum("ij,jk->ik", $0) }
    }

    func testSingleOperandsMatchPyTorch() throws {
        try R.check("einsum_trace") { try Tensor.einsum("ii", $0) }
        try R.check("einsum_diagonal") { try Tensor.einsum("ii->i", $0) }
        try R.check("einsum_repeated_batch") { try Tensor.einsum("bii->bi", $0) }
        try R.check("einsum_sum") { try Tensor.einsum("bij->j", $0) }
        try R.check("einsum_transpose") { try Tensor.einsum("ij->ji", $0) }
        try R.check("einsum_implicit_order") { try Tensor.einsum("ba", $0) }
    }

    func testEllipsesImplicitOutputsAndSpellingMatchPyTorch() throws {
        try R.check("einsum_ellipsis") { try Tensor.einsum("...j,jk->...k", $0) }
        try R.check("einsum_broadcast") { try Tensor.einsum("...ij,...jk->...ik", $0) }
        try R.check("einsum_implicit") { try Tensor.einsum("ij,jk", $0) }
        try R.check("einsum_spaces_upper") { try Tensor.einsum("A b , b C -> C A", $0) }
    }

    func testBadEquationsThrowPyTorchsErrors() throws {
        let x = Tensor.zeros([3, 4]), y = Tensor.zeros([5, 4])
        R.assertThrows("einsum(): must provide at least one operand") { try Tensor.einsum("ij", []) }
        R.assertThrows("einsum(): fewer operands were provided than specified in the equation") { try Tensor.einsum("ij,jk", [x]) }
        R.assertThrows("einsum(): more operands were provided than specified in the equation") { try Tensor.einsum("ij", [x, x]) }
        R.assertThrows("einsum(): invalid subscript given at index 1 in the equation string, subscripts must be in [a-zA-Z]") { try Tensor.einsum("i1", [x]) }
        R.assertThrows("einsum(): invalid subscript given at index 5 in the equation string, subscripts must be in [a-zA-Z]") { try Tensor.einsum("ij->i1", [x]) }
        R.assertThrows("einsum(): found '.' for operand 0 that is not part of any ellipsis") { try Tensor.einsum("i.j", [x]) }
        R.assertThrows("einsum(): found '.' for operand 0 for which an ellipsis was already found") { try Tensor.einsum("......", [x]) }
        R.assertThrows("einsum(): found '.' for output but an ellipsis (...) was already found") { try Tensor.einsum("...->......", [x]) }
        R.assertThrows("einsum(): the number of subscripts in the equation (3) does not match the number of dimensions (2) for operand 0 and no ellipsis was given") {
            try Tensor.einsum("ijk", [x])
        }
        R.assertThrows("einsum(): the number of subscripts in the equation (3) is more than the number of dimensions (2) for operand 0") { try Tensor.einsum("ijk...", [x]) }
        R.assertThrows("einsum(): output subscript i appears more than once in the output") { try Tensor.einsum("ij->ii", [x]) }
        R.assertThrows("einsum(): output subscript k does not appear in the equation for any input operand") { try Tensor.einsum("ij->k", [x]) }
        R.assertThrows("einsum(): subscript j has size 5 for operand 1 which does not broadcast with previously seen size 4") { try Tensor.einsum("ij,jk->ik", [x, y]) }
        R.assertThrows("einsum(): subscript i is repeated for operand 0 but the sizes don't match, 4 != 3") { try Tensor.einsum("ii", [x]) }
        R.assertThrows("einsum(): dimension 0 covered by ellipsis in operand 1has size 4 which does not broadcast with previously seen ellipsis with size 2 for the respective dimension") {
            try Tensor.einsum("...i,...i->...", [Tensor.zeros([2, 3]), Tensor.zeros([4, 3])])
        }
    }
}
