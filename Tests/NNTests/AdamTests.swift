import Autograd
import FixtureSupport
import NN
import XCTest

final class AdamTests: XCTestCase {
    func testMatchesPyTorch() throws {
        var worst = 0.0
        worst = max(worst, try checkOptimizerFixture("adam") { try Adam($0, lr: 0.01) })
        worst = max(worst, try checkOptimizerFixture("adam_wd") { try Adam($0, lr: 0.01, betas: (0.8, 0.95), eps: 1e-6, weightDecay: 0.1) })
        worst = max(worst, try checkOptimizerFixture("adamw") { try AdamW($0, lr: 0.01, weightDecay: 0.1) })
        print("Adam: largest relative error against PyTorch \(worst)")
    }

    func testFirstStepMovesByLearningRate() throws {
        // With bias correction the first step is lr · g / (|g| + eps) ≈ lr · sign(g).
        let p = Tensor(shape: [3], floats: [0, 0, 0], requiresGrad: true)
        let optimizer = try Adam([p], lr: 0.1)
        p.grad = Tensor(shape: [3], floats: [2, -0.5, 0])
        try optimizer.step()
        XCTAssertEqual(p.floats[0], -0.1, accuracy: 1e-6)
        XCTAssertEqual(p.floats[1], 0.1, accuracy: 1e-6)
        XCTAssertEqual(p.floats[2], 0)
        XCTAssertEqual(optimizer.state(of: p, "step")?.floats, [1])
    }

    func testAMSGradAndSkipping() throws {
        let p = Tensor(shape: [1], floats: [1], requiresGrad: true), q = Tensor(shape: [1], floats: [1], requiresGrad: true)
        let optimizer = try Adam([p, q], lr: 0.1, amsgrad: true)
        p.grad = Tensor(shape: [1], floats: [10])
        try optimizer.step()
        p.grad = Tensor(shape: [1], floats: [0.1])
        try optimizer.step()
        XCTAssertEqual(q.floats, [1])
        XCTAssertEqual(optimizer.state(of: p, "step")?.floats, [2]); XCTAssertNil(optimizer.state(of: q, "step"))
        XCTAssertLessThan(p.floats[0], 0.9)
        XCTAssertThrowsError(try Adam([p], betas: (1, 0.9))) { XCTAssertEqual("\($0)", "Invalid beta parameter at index 0: 1.0") }
    }
}
