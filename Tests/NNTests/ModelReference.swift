import Autograd
import FixtureSupport
import Foundation
import NN
import XCTest

/// Checks a model built after `manualSeed(0)` against `Tests/Reference/models/NAME.json`
/// (made by `scripts/reference/make_models.py`): the parameter count, the
/// printing, and every state-dict tensor bit for bit. Returns the largest
/// difference in ulps over the tensors that differ (0 when all are equal).
@discardableResult
func checkModelReference(_ name: String, file: StaticString = #filePath, line: UInt = #line,
                         _ make: () throws -> Module) throws -> Double {
    let data = try Reference.json("models/\(name).json")
    manualSeed(0)
    let model = try make()
    XCTAssertEqual(model.parameters().reduce(0) { $0 + $1.count }, data["parameters"] as? Int, "\(name) parameter count", file: file, line: line)
    XCTAssertEqual(model.description, data["repr"] as? String, "\(name) printing", file: file, line: line)
    let state = try XCTUnwrap(data["state"] as? [[String: Any]])
    let ours = model.stateDict()
    XCTAssertEqual(ours.map(\.0), state.map { $0["name"] as? String ?? "" }, "\(name) state dict keys", file: file, line: line)
    var worst = 0.0
    for ((key, tensor), expected) in zip(ours, state) {
        XCTAssertEqual(tensor.shape, expected["shape"] as? [Int], "\(name) \(key)", file: file, line: line)
        if Fixtures.digest(tensor) != expected["sha256"] as? String {
            let first = try Reference.floats(expected["first"])
            let ulps = Reference.ulps(Array(tensor.floats.prefix(first.count)), first)
            worst = max(worst, ulps)
            XCTFail("\(name) \(key) differs from torchvision's: first elements \(tensor.floats.prefix(4)), torchvision's \(first)", file: file, line: line)
        }
    }
    return worst
}
