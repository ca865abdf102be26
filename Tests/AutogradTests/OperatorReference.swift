import Autograd
import Foundation
import Serialization
import XCTest

/// PyTorch's outputs, input gradients and grad_fn names for the operators of
/// `scripts/reference/make_operators.py` (`Tests/Reference/operators`).
enum OperatorReference {
    static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Reference/operators")

    nonisolated(unsafe) private static var loaded: ([String: Tensor], [String: Any])?
    private static let lock = NSLock()

    /// The reference tensors and the grad_fn names, read once.
    static func data() throws -> (tensors: [String: Tensor], names: [String: Any]) {
        lock.lock()
        defer { lock.unlock() }
        if let loaded { return loaded }
        let tensors = try SafeTensors.read(folder.appendingPathComponent("operators.safetensors").path)
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("operators.json")))
        let result = (tensors, json as? [String: Any] ?? [:])
        loaded = result
        return result
    }

    /// `max |ours − reference| / max |reference|`; infinite for a shape mismatch.
    static func relativeError(_ ours: Tensor, _ reference: Tensor) -> Double {
        guard ours.shape == reference.shape else { return .infinity }
        var diff = 0.0, scale = 0.0
        for (x, y) in zip(ours.floats, reference.floats) {
            if x.isNaN && y.isNaN { continue }
            diff = max(diff, abs(Double(x) - Double(y)))
            scale = max(scale, abs(Double(y)))
        }
        return scale == 0 ? diff : diff / scale
    }

    /// Runs case `name`: leaf inputs (float ones require grad), `op`, then the
    /// stored upstream gradient backwards through the first output. Compares the
    /// outputs (integer ones exactly), the grad_fn name and the input gradients.
    static func check(_ name: String, file: StaticString = #filePath, line: UInt = #line, _ op: ([Tensor]) throws -> [Tensor]) throws {
        let (data, names) = try data()
        var inputs: [Tensor] = []
        while let t = data["\(name).in\(inputs.count)"] {
            inputs.append(t.dtype == .float32 ? Tensor(shape: t.shape, floats: t.floats, requiresGrad: true) : t)
        }
        XCTAssertFalse(inputs.isEmpty, "no reference case \(name)", file: file, line: line)
        let outputs = try op(inputs)
        for (i, out) in outputs.enumerated() {
            let key = outputs.count == 1 && data["\(name).out"] != nil ? "\(name).out" : "\(name).out\(i)"
            let expected = try XCTUnwrap(data[key], "no \(key)", file: file, line: line)
            if expected.dtype == .float32 {
                XCTAssertLessThan(relativeError(out, expected), 1e-4, "\(name) output \(i)", file: file, line: line)
            } else {
                XCTAssertEqual(out.shape, expected.shape, "\(name) output \(i) shape", file: file, line: line)
                XCTAssertEqual(out.int64s, expected.int64s, "\(name) output \(i)", file: file, line: line)
            }
        }
        let expectedName = names[name] as? String
        XCTAssertEqual(outputs.first?.gradFn?.name, expectedName, "\(name) grad_fn", file: file, line: line)
        guard let gout = data["\(name).gout"] else { return }
        try outputs[0].backward(gradient: gout)
        for (i, input) in inputs.enumerated() {
            guard let reference = data["\(name).gin\(i)"] else { continue }
            let grad = try XCTUnwrap(input.grad, "\(name) input \(i) has no grad", file: file, line: line)
            XCTAssertLessThan(relativeError(grad, reference), 1e-4, "\(name) gradient \(i)", file: file, line: line)
        }
    }

    /// `check` for an operator with one output.
    static func check(_ name: String, file: StaticString = #filePath, line: UInt = #line, _ op: ([Tensor]) throws -> Tensor) throws {
        try check(name, file: file, line: line) { [try op($0)] }
    }

    /// The stored tensor `key`.
    static func tensor(_ key: String) throws -> Tensor {
        try XCTUnwrap(try data().tensors[key], "no reference tensor \(key)")
    }

    /// Asserts that `body` throws a `TensorError` with exactly `message`.
    static func assertThrows(_ message: String, file: StaticString = #filePath, line: UInt = #line, _ body: () throws -> Any) {
        XCTAssertThrowsError(try body(), file: file, line: line) { error in
            XCTAssertEqual((error as? TensorError)?.message, message, file: file, line: line)
        }
    }
}
