import XCTest
@testable import Notebook

final class ScriptExecutorTests: XCTestCase {
    private func outputs(_ cells: [String]) throws -> [String] {
        let executor = ScriptExecutor(seed: 0)
        return try cells.enumerated().map { k, source in
            let output = CellOutput()
            try executor.execute(source, file: "n.md", firstLine: 1 + 10 * k,
                                 deadline: .now + .seconds(60), output: output)
            return output.text
        }
    }

    /// A cell ending with an expression shows its value, as Jupyter does; a
    /// print, an assignment, a Void call, a discarded value or nil shows nothing.
    func testTheLastExpressionIsShown() throws {
        XCTAssertEqual(try outputs([
            "let x = Tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])\nx.shape",
            "let model = Linear(2, 3)\nmodel.eval()",
            "print(\"hi\")",
            "var n = 1\nn += 1",
            "_ = model.eval()",
            "x.grad",
            "x.requiresGrad = true\nx.grad = nil",
            "n",
            "x.sum().backward()",
        ]), [
            "[2, 3]\n",
            "Linear(in_features=2, out_features=3, bias=True)\n",
            "hi\n",
            "", "", "", "",
            "2\n",
            "",
        ])
    }
}
