import Autograd
import NN
import XCTest

final class ActivationsTests: XCTestCase {
    func testForwardAndDescriptions() throws {
        let x = Tensor(shape: [1, 3], floats: [-1, 0, 2])
        XCTAssertEqual(try ReLU()(x).floats, [0, 0, 2])
        XCTAssertEqual(try Sigmoid()(x).floats, x.sigmoid().floats)
        XCTAssertEqual(try Tanh()(x).floats, x.tanh().floats)
        XCTAssertEqual(try Softmax(dim: 1)(x).floats, try x.softmax(dim: 1).floats)
        XCTAssertEqual(try LogSoftmax(dim: 1)(x).floats, try x.logSoftmax(dim: 1).floats)
        XCTAssertTrue(try Identity()(x) === x)
        XCTAssertEqual(ReLU().description, "ReLU()")
        XCTAssertEqual(ReLU(inplace: true).description, "ReLU(inplace=True)")
        XCTAssertEqual(Softmax(dim: 1).description, "Softmax(dim=1)")
        XCTAssertEqual(Identity().description, "Identity()")
    }
}

final class ActivationReferenceTests: XCTestCase {
    func testMatchPyTorch() throws {
        try LayerReference("leaky_relu").check(LeakyReLU())
        try LayerReference("leaky_relu_0.2").check(LeakyReLU(negativeSlope: 0.2))
        try LayerReference("gelu").check(GELU())
        try LayerReference("gelu_tanh").check(GELU(approximate: "tanh"))
        try LayerReference("silu").check(SiLU())
        try LayerReference("elu").check(ELU())
        try LayerReference("elu_0.5").check(ELU(alpha: 0.5))
        try LayerReference("softplus").check(Softplus())
        try LayerReference("softplus_2_10").check(Softplus(beta: 2, threshold: 10))
        try LayerReference("relu6").check(ReLU6())
        try LayerReference("hardtanh").check(Hardtanh(minVal: -2, maxVal: 3))
    }

    func testDescriptionsAndErrors() {
        XCTAssertEqual(LeakyReLU(negativeSlope: 0.2, inplace: true).description, "LeakyReLU(negative_slope=0.2, inplace=True)")
        XCTAssertEqual(SiLU(inplace: true).description, "SiLU(inplace=True)")
        XCTAssertEqual(ELU(alpha: 0.5, inplace: true).description, "ELU(alpha=0.5, inplace=True)")
        XCTAssertEqual(ReLU6(inplace: true).description, "ReLU6(inplace=True)")
        XCTAssertEqual(ReLU6().description, "ReLU6()")
        XCTAssertEqual(try Hardtanh().description, "Hardtanh(min_val=-1.0, max_val=1.0)")
        XCTAssertThrowsError(try Hardtanh(minVal: 1, maxVal: 1)) { error in
            XCTAssertEqual("\(error)", "max_val (1.0) must be greater than min_val (1.0)")
        }
        XCTAssertThrowsError(try GELU(approximate: "fast")(Tensor([1.0]))) { error in
            XCTAssertEqual("\(error)", "approximate argument must be either none or tanh.")
        }
    }
}
