import Autograd
import FixtureSupport
import NN
import XCTest

/// Runs configuration `name` of `ops/optim.safetensors`: three steps from `optim.p0` with
/// gradients `optim.g1…g3`, comparing the parameter after each step; returns the largest error.
func checkOptimizerFixture(_ name: String, file: StaticString = #filePath, line: UInt = #line,
                           _ make: ([Tensor]) throws -> Optimizer) throws -> Double {
    let data = try Fixtures.tensors("ops/optim.safetensors")
    let start = try XCTUnwrap(data["optim.p0"])
    let p = Tensor(shape: start.shape, floats: start.floats, requiresGrad: true)
    let optimizer = try make([p])
    var worst = 0.0
    for k in 1...3 {
        p.grad = try XCTUnwrap(data["optim.g\(k)"]).detach()
        try optimizer.step()
        let error = Fixtures.relativeError(p, try XCTUnwrap(data["optim.\(name).after\(k)"]))
        worst = max(worst, error)
        XCTAssertLessThan(error, 1e-5, "\(name) after step \(k)", file: file, line: line)
    }
    return worst
}

final class SGDTests: XCTestCase {
    func testMatchesPyTorch() throws {
        var worst = 0.0
        worst = max(worst, try checkOptimizerFixture("sgd_plain") { try SGD($0, lr: 0.1) })
        worst = max(worst, try checkOptimizerFixture("sgd_momentum") { try SGD($0, lr: 0.1, momentum: 0.9) })
        worst = max(worst, try checkOptimizerFixture("sgd_nesterov_wd") { try SGD($0, lr: 0.1, momentum: 0.9, weightDecay: 0.01, nesterov: true) })
        worst = max(worst, try checkOptimizerFixture("sgd_dampening") { try SGD($0, lr: 0.05, momentum: 0.5, dampening: 0.3) })
        print("SGD: largest relative error against PyTorch \(worst)")
    }

    func testSkipsParametersWithoutGradientAndBumpsVersion() throws {
        let a = Tensor(shape: [2], floats: [1, 2], requiresGrad: true)
        let b = Tensor(shape: [2], floats: [3, 4], requiresGrad: true)
        let optimizer = try SGD([a, b], lr: 0.5, momentum: 0.9)
        a.grad = Tensor(shape: [2], floats: [1, 1])
        try optimizer.step()
        XCTAssertEqual(a.floats, [0.5, 1.5])
        XCTAssertEqual(b.floats, [3, 4])
        XCTAssertNil(optimizer.state(of: b, "momentum_buffer"))
        // An in-place update is visible to autograd's version check.
        let y = try a * a
        a.grad = Tensor(shape: [2], floats: [1, 1])
        try optimizer.step()
        XCTAssertThrowsError(try y.sum().backward())
    }

    func testZeroGradAndErrors() throws {
        let p = Tensor(shape: [1], floats: [1], requiresGrad: true)
        p.grad = Tensor(shape: [1], floats: [1])
        let optimizer = try SGD([p], lr: 0.1)
        optimizer.zeroGrad()
        XCTAssertNil(p.grad)
        XCTAssertThrowsError(try SGD([p], lr: -1)) { XCTAssertEqual("\($0)", "Invalid learning rate: -1.0") }
        XCTAssertThrowsError(try SGD([p], lr: 0.1, nesterov: true)) {
            XCTAssertEqual("\($0)", "Nesterov momentum requires a momentum and zero dampening")
        }
    }
}
