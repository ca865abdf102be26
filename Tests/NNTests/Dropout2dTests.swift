import Autograd
import NN
import XCTest

final class Dropout2dTests: XCTestCase {
    func testChannelDropoutMatchesPyTorch() throws {
        // The reference draws the mask after torch.manual_seed(1), as the layer is created.
        manualSeed(1)
        try LayerReference("dropout2d").check(Dropout2d())
        manualSeed(1)
        try LayerReference("dropout2d_3d").check(Dropout2d(p: 0.3))
        try LayerReference("dropout2d_eval").check(Dropout2d())
    }

    func testChannelDropoutZeroesWholeChannels() throws {
        manualSeed(0)
        let y = try Dropout2d(p: 0.5)(Tensor.ones([4, 8, 3, 3]))
        let channels = stride(from: 0, to: y.count, by: 9).map { Array(y.floats[$0..<$0 + 9]) }
        XCTAssertTrue(channels.allSatisfy { Set($0).count == 1 && ($0[0] == 0 || $0[0] == 2) })
        XCTAssertTrue(channels.contains { $0[0] == 0 } && channels.contains { $0[0] == 2 })
        XCTAssertEqual(try Dropout2d(p: 0.2, inplace: true).description, "Dropout2d(p=0.2, inplace=True)")
        XCTAssertThrowsError(try Dropout2d(p: -0.1)) { XCTAssertEqual("\($0)", "dropout probability has to be between 0 and 1, but got -0.1") }
        XCTAssertThrowsError(try dropout2d(Tensor([1.0, 2.0]))) {
            XCTAssertEqual("\($0)", "Feature dropout requires at least 2 dimensions in the input")
        }
    }
}
