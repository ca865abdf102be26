import Autograd
import Foundation
import NN
import XCTest

/// One layer configuration of `Tests/Reference/layers/layers.json` (made by
/// `scripts/reference/make_layers.py`): the layer's printed form, its state before
/// the call, input, output, upstream gradient, the gradients of the input and of
/// the parameters, and the buffers after the call.
struct LayerReference {
    let values: [String: Any]

    /// The configuration named `name`.
    init(_ name: String) throws {
        let cases = try XCTUnwrap(Reference.json("layers/layers.json")["cases"] as? [[String: Any]])
        values = try XCTUnwrap(cases.first { $0["name"] as? String == name }, "no reference case \(name)")
    }

    /// The printed form PyTorch gives the layer.
    var repr: String { values["repr"] as? String ?? "" }

    /// The reference state dict as tensors (int64 for `num_batches_tracked`).
    func state() throws -> [String: Tensor] {
        let state = try XCTUnwrap(values["state"] as? [String: Any])
        let shapes = try XCTUnwrap(values["state_shapes"] as? [String: [Int]])
        var result: [String: Tensor] = [:]
        for (name, data) in state {
            let numbers = try Reference.floats(data), shape = try XCTUnwrap(shapes[name])
            result[name] = name == "num_batches_tracked"
                ? Tensor(shape: shape, int64s: numbers.map { Int64($0) })
                : Tensor(shape: shape, floats: numbers)
        }
        return result
    }

    /// Checks `module` against the reference: printing, (when `loadState`) the
    /// reference state loaded first, else its own initial state compared with
    /// PyTorch's, then the forward, the backward and the buffers, within
    /// `tolerance` of the largest reference magnitude.
    func check(_ module: Module, loadState: Bool = true, tolerance: Float = 1e-5,
               file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertEqual(module.description, repr, file: file, line: line)
        let reference = try state()
        if loadState {
            _ = try module.loadStateDict(reference)
        } else {
            for (name, tensor) in module.stateDict() {
                let expected = try XCTUnwrap(reference[name], "no \(name) in the reference", file: file, line: line)
                XCTAssertEqual(tensor.shape, expected.shape, name, file: file, line: line)
                XCTAssertEqual(tensor.floats, expected.floats, "initial \(name)", file: file, line: line)
            }
        }
        _ = module.train(values["train"] as? Bool ?? true)
        let shape = try XCTUnwrap(values["input_shape"] as? [Int])
        let data = try Reference.floats(values["input"])
        let isInteger = values["input_int"] as? Bool == true
        let input = isInteger
            ? Tensor(shape: shape, int64s: data.map { Int64($0) })
            : Tensor(shape: shape, floats: data, requiresGrad: true)
        let output = try module(input)
        XCTAssertEqual(output.shape, try XCTUnwrap(values["output_shape"] as? [Int]), "output shape", file: file, line: line)
        assertClose(output.floats, try Reference.floats(values["output"]), tolerance, "output", file: file, line: line)
        XCTAssertEqual(output.gradFn?.name, values["grad_fn"] as? String, "grad_fn", file: file, line: line)
        try output.backward(gradient: Tensor(shape: output.shape, floats: try Reference.floats(values["gout"])))
        if !isInteger {
            assertClose(try XCTUnwrap(input.grad, file: file, line: line).floats, try Reference.floats(values["grad"]),
                        tolerance, "input gradient", file: file, line: line)
        }
        let parameters = Dictionary(uniqueKeysWithValues: module.namedParameters())
        for (name, grad) in try XCTUnwrap(values["param_grads"] as? [String: Any]) {
            let ours = try XCTUnwrap(parameters[name]?.grad, "no gradient for \(name)", file: file, line: line)
            assertClose(ours.floats, try Reference.floats(grad), tolerance, "\(name) gradient", file: file, line: line)
        }
        let buffers = Dictionary(uniqueKeysWithValues: module.namedBuffers())
        for (name, after) in try XCTUnwrap(values["buffers_after"] as? [String: Any]) {
            let ours = try XCTUnwrap(buffers[name], "no buffer \(name)", file: file, line: line)
            assertClose(ours.floats, try Reference.floats(after), tolerance, "\(name) after the call", file: file, line: line)
        }
    }

    private func assertClose(_ ours: [Float], _ reference: [Float], _ tolerance: Float, _ what: String,
                             file: StaticString, line: UInt) {
        XCTAssertEqual(ours.count, reference.count, "\(what) count", file: file, line: line)
        let scale = max(reference.map { abs($0) }.max() ?? 0, 1)
        let worst = zip(ours, reference).map { abs($0 - $1) }.max() ?? 0
        XCTAssertLessThanOrEqual(worst, tolerance * scale, "\(what) differs from PyTorch's by \(worst)", file: file, line: line)
    }
}
