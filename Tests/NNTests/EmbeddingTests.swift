import Autograd
import NN
import XCTest

final class EmbeddingTests: XCTestCase {
    func testMatchesPyTorch() throws {
        // The tables are drawn after `manual_seed(1)`, as PyTorch draws them.
        manualSeed(1)
        try LayerReference("embedding").check(Embedding(6, 3), loadState: false)
        manualSeed(1)
        try LayerReference("embedding_padding").check(Embedding(6, 3, paddingIndex: 2), loadState: false)
    }

    func testBadIndicesAndSizesThrowPyTorchsErrors() throws {
        func message(_ body: () throws -> Any) -> String {
            do { _ = try body(); return "no error" } catch { return "\(error)" }
        }
        let e = try Embedding(4, 2)
        XCTAssertEqual(message { try e(Tensor(shape: [1], int64s: [4])) }, "index out of range in self")
        XCTAssertEqual(message { try e(Tensor(shape: [1], int64s: [-1])) }, "index out of range in self")
        XCTAssertEqual(message { try e(Tensor([1.0])) },
                       "Expected tensor for argument #1 'indices' to have one of the following scalar types: Long, Int; but got torch.FloatTensor instead (while checking arguments for embedding)")
        XCTAssertEqual(message { try Embedding(4, 2, paddingIndex: 4) }, "Padding_idx must be within num_embeddings")
        XCTAssertEqual(message { try Embedding(-1, 2) }, "Trying to create tensor with negative dimension -1: [-1, 2]")
        XCTAssertEqual(try Embedding(4, 2, paddingIndex: -1).paddingIndex, 3)
        XCTAssertEqual(try Embedding(10, 3, paddingIndex: 0).description, "Embedding(10, 3, padding_idx=0)")
    }
}
