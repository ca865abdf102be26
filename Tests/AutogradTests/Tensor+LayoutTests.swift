import Autograd
import XCTest

/// Splitting, repeating, reordering, triangles, diagonals and `cross` against PyTorch.
final class TensorLayoutTests: XCTestCase {
    typealias R = OperatorReference

    func testSplittingMatchesPyTorch() throws {
        try R.check("chunk") { try $0[0].chunk(2, dim: 1) }
        try R.check("chunk_uneven") { try $0[0].chunk(3) }
        try R.check("split") { try $0[0].split(sizes: [1, 3], dim: 1) }
        try R.check("split_second") { try $0[0].split(3, dim: 1)[1] }
        try R.check("unbind") { try $0[0].unbind(dim: 1)[2] }
        try R.check("narrow") { try $0[0].narrow(dim: 1, start: -3, length: 2) }
    }

    func testRepeatingMatchesPyTorch() throws {
        try R.check("repeat") { try $0[0].repeat([2, 3]) }
        try R.check("repeat_new_dim") { try $0[0].repeat([2, 1, 2]) }
        try R.check("repeat_transposed") { try $0[0].repeat([1, 2, 1]) }
        try R.check("tile") { try $0[0].tile([2]) }
        try R.check("expand") { try $0[0].expand([2, 3, 4]) }
        try R.check("expand_as") { try $0[0].expandAs(Tensor.zeros([3, 4])) }
        try R.check("meshgrid_xy") { try Tensor.meshgrid([$0[0], $0[1]], indexing: "xy")[1] }
    }

    func testReorderingMatchesPyTorch() throws {
        try R.check("flip") { try $0[0].flip([0, 1]) }
        try R.check("flip_one") { try $0[0].flip([-1]) }
        try R.check("roll") { try $0[0].roll([1], dims: [1]) }
        try R.check("roll_flat") { try $0[0].roll([-2]) }
        try R.check("roll_two") { try $0[0].roll([1, -5], dims: [0, 1]) }
        try R.check("movedim") { try $0[0].movedim([0, 1], [3, 0]) * 1.0 }
        try R.check("unflatten") { try $0[0].unflatten(dim: 1, sizes: [2, -1]) }
        try R.check("hstack") { try Tensor.hstack([$0[0], $0[1]]) }
        try R.check("vstack") { try Tensor.vstack([$0[0], $0[1]]) }
    }

    func testTrianglesAndDiagonalsMatchPyTorch() throws {
        try R.check("tril") { try $0[0].tril() }
        try R.check("triu") { try $0[0].triu(diagonal: 1) }
        try R.check("tril_batched") { try $0[0].tril(diagonal: -1) }
        try R.check("triu_wide") { try $0[0].triu(diagonal: 2) }
        try R.check("tril_int") { try $0[0].tril() }
        try R.check("diag_embed") { try $0[0].diag() }
        try R.check("diag_extract") { try $0[0].diag(diagonal: 1) }
        try R.check("diag_below") { try $0[0].diag(diagonal: -2) }
        try R.check("diagonal") { try $0[0].diagonal(offset: 1, dim1: 2, dim2: 0) }
        try R.check("diag_embed_batched") { try $0[0].diagEmbed(offset: -1, dim1: 0, dim2: 2) }
    }

    func testCrossMatchesPyTorch() throws {
        try R.check("cross") { try $0[0].cross($0[1], dim: -1) }
        try R.check("cross_dim0") { try $0[0].cross($0[1], dim: 0) }
        let ints = try Tensor(shape: [3], int64s: [1, 2, 3]).cross(Tensor(shape: [3], int64s: [4, 5, 6]))
        XCTAssertEqual(ints.dtype, .int64)
        XCTAssertEqual(ints.int64s, [-3, 6, -3])
    }

    func testViewsShareStorageAndCopiesDoNot() throws {
        let x = Tensor(shape: [2, 3], floats: [0, 1, 2, 3, 4, 5])
        let pieces = try x.split(2, dim: 1)
        XCTAssertTrue(pieces[1].storage === x.storage)
        XCTAssertEqual(pieces.map(\.shape), [[2, 2], [2, 1]])
        XCTAssertTrue(try x.expand([4, 2, 3]).storage === x.storage)
        XCTAssertTrue(try x.diagonal().storage === x.storage)
        XCTAssertTrue(try x.unbind(dim: 0)[1].storage === x.storage)
        XCTAssertFalse(try x.flip([0]).storage === x.storage)
        XCTAssertEqual(try x.flip([0]).floats, [3, 4, 5, 0, 1, 2])
        XCTAssertEqual(try x.roll([1], dims: [1]).floats, [2, 0, 1, 5, 3, 4])
        XCTAssertEqual(try x.diagonal(offset: 1).floats, [1, 5])
    }

    func testEveryDtypeIsMovedExactly() throws {
        let big: Int64 = (1 << 53) + 1
        let ints = Tensor(shape: [2, 2], int64s: [big, -big, 7, 8])
        XCTAssertEqual(try ints.flip([1]).int64s, [-big, big, 8, 7])
        XCTAssertEqual(try ints.repeat([1, 2]).int64s, [big, -big, big, -big, 7, 8, 7, 8])
        XCTAssertEqual(try ints.triu().int64s, [big, -big, 0, 8])
        XCTAssertEqual(try ints.diag().int64s, [big, 8])
        XCTAssertEqual(try ints.t().roll([1]).int64s, [8, big, 7, -big])
        let bools = Tensor(shape: [3], bools: [true, false, false])
        XCTAssertEqual(try bools.roll([1]).bools, [false, true, false])
        XCTAssertEqual(try bools.diag().dtype, .bool)
    }

    func testMultipleOutputsAreNumbered() throws {
        let x = Tensor(shape: [4], floats: [1, 2, 3, 4], requiresGrad: true)
        let pieces = try x.chunk(2)
        XCTAssertEqual(pieces.map { $0.gradFn?.name }, ["SplitBackward0", "SplitBackward0"])
        XCTAssertEqual(pieces.map { $0.gradFn?.outputIndex }, [0, 1])
        try (pieces[0] * 2 + pieces[1] * 3).sum().backward()
        XCTAssertEqual(x.grad?.floats, [2, 2, 3, 3])
    }

    func testBadArgumentsThrowPyTorchsErrors() throws {
        let x = Tensor.zeros([3, 4]), s = Tensor(2.0), v = Tensor.zeros([4])
        R.assertThrows("chunk expects `chunks` to be greater than 0, got: 0") { try x.chunk(0) }
        R.assertThrows("chunk expects at least a 1-dimensional tensor") { try s.chunk(2) }
        R.assertThrows("split expects split_size be non-negative, but got split_size=-1") { try x.split(-1) }
        R.assertThrows("split_size can only be 0 if dimension size is 0, but got dimension size of 4") { try x.split(0, dim: 1) }
        R.assertThrows("split_with_sizes expects split_sizes to sum exactly to 4 (input tensor's size at dimension 1), but got split_sizes=[1, 2]") {
            try x.split(sizes: [1, 2], dim: 1)
        }
        R.assertThrows("split_with_sizes expects split_sizes have only non-negative entries, but got split_sizes=[-1, 5]") {
            try x.split(sizes: [-1, 5], dim: 1)
        }
        R.assertThrows("Dimension specified as 0 but tensor has no dimensions") { try s.unbind() }
        R.assertThrows("start (3) + length (2) exceeds dimension size (4).") { try x.narrow(dim: 1, start: 3, length: 2) }
        R.assertThrows("start out of range (expected to be in range of [-4, 4], but got 5)") { try x.narrow(dim: 1, start: 5, length: 0) }
        R.assertThrows("narrow(): length must be non-negative.") { try x.narrow(dim: 1, start: 0, length: -1) }
        R.assertThrows("expand(torch.FloatTensor{[3, 4]}, size=[4]): the number of sizes provided (1) must be greater or equal to the number of dimensions in the tensor (2)") {
            try x.expand([4])
        }
        R.assertThrows("The expanded size of the tensor (5) must match the existing size (3) at non-singleton dimension 0.  Target sizes: [5, 4].  Tensor sizes: [3, 4]") {
            try x.expand([5, 4])
        }
        R.assertThrows("The expanded size of the tensor (-1) isn't allowed in a leading, non-existing dimension 0") { try x.expand([-1, 3, 4]) }
        R.assertThrows("numel: integer multiplication overflow") { try v.expand([1 << 40, 1 << 40, 4]) }
        R.assertThrows("Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor") { try x.repeat([2]) }
        R.assertThrows("Trying to create tensor with negative dimension -3: [-3, 8]") { try x.repeat([-1, 2]) }
        R.assertThrows("out of memory: the result of repeat has more elements than fit in an Int") { try x.repeat([1 << 62, 1 << 62]) }
        R.assertThrows("dim 0 appears multiple times in the list of dims") { try x.flip([0, -2]) }
        R.assertThrows("Dimension out of range (expected to be in range of [-2, 1], but got 2)") { try x.flip([2]) }
        R.assertThrows("shifts and dimensions must align. shifts: 2, dims:1") { try x.roll([1, 2], dims: [0]) }
        R.assertThrows("`shifts` required") { try x.roll([]) }
        R.assertThrows("tril: input tensor must have at least 2 dimensions") { try v.tril() }
        R.assertThrows("diag(): Supports 1D or 2D tensors. Got 0D") { try s.diag() }
        R.assertThrows("diagonal dimensions cannot be identical 0, 0") { try x.diagonal(offset: 0, dim1: 0, dim2: 0) }
        R.assertThrows("movedim: repeated dim in `source` ([0, 0])") { try x.movedim([0, 0], [0, 1]) }
        R.assertThrows("movedim: Invalid source or destination dims: source ([0, 1] dims) should contain the same number of dims as destination ([0] dims)") {
            try x.movedim([0, 1], [0])
        }
        R.assertThrows("meshgrid expects a non-empty TensorList") { try Tensor.meshgrid([]) }
        R.assertThrows("torch.meshgrid: indexing must be one of \"xy\" or \"ij\", but received: ab") { try Tensor.meshgrid([v], indexing: "ab") }
        R.assertThrows("linalg.cross: inputs dimension 1 must have length 3. Got 4 and 4") { try x.cross(x, dim: 1) }
        R.assertThrows("no dimension of size 3 in input") { try Tensor.zeros([2, 4]).cross(Tensor.zeros([2, 4])) }
        R.assertThrows("linalg.cross: inputs must have the same number of dimensions.") { try Tensor.zeros([3]).cross(x) }
        R.assertThrows("unflatten: Provided sizes [3, -1] don't multiply up to the size of dim 1 (4) in the input tensor") {
            try x.unflatten(dim: 1, sizes: [3, -1])
        }
        R.assertThrows("Input must be >= 2-d.") { try v.fliplr() }
        R.assertThrows("hstack expects a non-empty TensorList") { try Tensor.hstack([]) }
    }
}
