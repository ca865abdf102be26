import Autograd
import NN
import XCTest

/// Every optimizer against `Tests/Reference/optim/optimizers.json`: four steps from
/// the same start with the same gradients (the second parameter has none at step 2),
/// with and without parameter groups; then the state dict's layout and the printing.
final class OptimizerTests: XCTestCase {
    /// `groups` holds each group's own options; `order` their order in PyTorch's
    /// `param_groups` (a JSON object does not keep the order they were given in).
    private func makeOptimizer(_ kind: String, _ kwargs: [String: Any], _ groups: [[String: Any]]?, order: [[String]],
                               _ params: [Tensor]) throws -> Optimizer {
        func number(_ key: String, _ fallback: Double) -> Double { (kwargs[key] as? NSNumber)?.doubleValue ?? fallback }
        func flag(_ key: String) -> Bool { (kwargs[key] as? Bool) ?? false }
        func option(_ value: Any) -> HyperParameter {
            if let pair = value as? [NSNumber] { return .pair(pair[0].doubleValue, pair[1].doubleValue) }
            if let number = value as? NSNumber {
                return ["d", "f"].contains(String(cString: number.objCType)) ? .float(number.doubleValue) : .int(number.intValue)
            }
            return .none
        }
        let parameterGroups = groups.map { groups in
            zip(params, zip(groups, order)).map { p, group in
                let (options, keys) = group
                let sorted = options.sorted { (keys.firstIndex(of: $0.key) ?? .max) < (keys.firstIndex(of: $1.key) ?? .max) }
                return ParameterGroup([p], sorted.map { ($0.key, option($0.value)) })
            }
        } ?? [ParameterGroup(params)]
        let betas = (kwargs["betas"] as? [NSNumber]).map { ($0[0].doubleValue, $0[1].doubleValue) } ?? (0.9, 0.999)
        switch kind {
        case "SGD":
            return try SGD(parameterGroups, lr: number("lr", 1e-3), momentum: number("momentum", 0), dampening: number("dampening", 0),
                           weightDecay: number("weight_decay", 0), nesterov: flag("nesterov"), maximize: flag("maximize"))
        case "Adam":
            return try Adam(parameterGroups, lr: number("lr", 1e-3), betas: betas, eps: number("eps", 1e-8),
                            weightDecay: number("weight_decay", 0), amsgrad: flag("amsgrad"))
        case "AdamW":
            return try AdamW(parameterGroups, lr: number("lr", 1e-3), betas: betas, eps: number("eps", 1e-8),
                             weightDecay: number("weight_decay", 1e-2), amsgrad: flag("amsgrad"))
        case "RMSprop":
            return try RMSprop(parameterGroups, lr: number("lr", 1e-2), alpha: number("alpha", 0.99), eps: number("eps", 1e-8),
                               weightDecay: number("weight_decay", 0), momentum: number("momentum", 0), centered: flag("centered"))
        case "Adagrad":
            return try Adagrad(parameterGroups, lr: number("lr", 1e-2), lrDecay: number("lr_decay", 0), weightDecay: number("weight_decay", 0),
                               initialAccumulatorValue: number("initial_accumulator_value", 0), eps: number("eps", 1e-10))
        case "Adadelta":
            return try Adadelta(parameterGroups, lr: number("lr", 1), rho: number("rho", 0.9), eps: number("eps", 1e-6),
                                weightDecay: number("weight_decay", 0))
        default:
            throw ModuleError("unknown optimizer \(kind)")
        }
    }

    func testMatchesPyTorch() throws {
        let data = try Reference.json("optim/optimizers.json")
        let shapes = try XCTUnwrap(data["shapes"] as? [[Int]])
        let start = try XCTUnwrap(data["p0"] as? [Any]).map(Reference.floats)
        let grads = try XCTUnwrap(data["grads"] as? [[Any]])
        let cases = try XCTUnwrap(data["cases"] as? [[String: Any]])
        XCTAssertEqual(cases.count, 18)
        var report: [String] = []
        for c in cases {
            let name = try XCTUnwrap(c["name"] as? String)
            let params = zip(shapes, start).map { Tensor(shape: $0, floats: $1, requiresGrad: true) }
            let optimizer = try makeOptimizer(try XCTUnwrap(c["optimizer"] as? String), try XCTUnwrap(c["kwargs"] as? [String: Any]),
                                              c["groups"] as? [[String: Any]],
                                              order: (c["param_groups"] as? [[[Any]]] ?? []).map { $0.compactMap { $0[0] as? String } }, params)
            let after = try XCTUnwrap(c["after"] as? [[Any]])
            var worst = 0.0
            for (k, stepGrads) in grads.enumerated() {
                for (p, g) in zip(params, stepGrads) { p.grad = g is NSNull ? nil : Tensor(shape: p.shape, floats: try Reference.floats(g)) }
                try optimizer.step()
                for (p, expected) in zip(params, after[k]) {
                    let reference = try Reference.floats(expected)
                    let ulps = Reference.ulps(p.floats, reference)
                    worst = max(worst, ulps)
                    let scale = reference.map { abs($0) }.max() ?? 1
                    let error = zip(p.floats, reference).map { abs($0 - $1) }.max() ?? 0
                    XCTAssertLessThanOrEqual(error, 1e-6 * max(scale, 1), "\(name) after step \(k + 1)")
                }
            }
            report.append("\(name) \(worst)")
            // The state dict: the same parameters with state, the same names and values.
            let state = optimizer.stateDict()
            let expectedState = try XCTUnwrap(c["state"] as? [String: [String: Any]])
            XCTAssertEqual(state.state.map { String($0.0) }, expectedState.keys.sorted(), name)
            for (index, entries) in state.state {
                let expected = try XCTUnwrap(expectedState[String(index)])
                // In PyTorch's order: a printed or saved state dict lists them so.
                let order = try XCTUnwrap(c["state_keys"] as? [String: [String]])
                XCTAssertEqual(entries.map(\.0), order[String(index)], "\(name) state \(index)")
                for (key, tensor) in entries {
                    let reference = try Reference.floats(expected[key])
                    let error = zip(tensor.floats, reference).map { abs($0 - $1) / max(abs($1), 1) }.max() ?? 0
                    XCTAssertLessThanOrEqual(error, 1e-5, "\(name) state \(index) \(key)")
                }
            }
            let groups = try XCTUnwrap(c["param_groups"] as? [[[Any]]])
            XCTAssertEqual(state.paramGroups.map { $0.options.map(\.0) + ["params"] },
                           groups.map { $0.compactMap { $0[0] as? String }.filter { $0 != "params" } + ["params"] }, name)
            XCTAssertEqual(state.paramGroups.map(\.params), groups.map { $0.last?[1] as? [Int] ?? [] }, name)
            XCTAssertEqual(optimizer.description, c["repr"] as? String, name)
        }
        print("Optimizers: largest difference from PyTorch in ulps: " + report.joined(separator: ", "))
    }

    func testStateDictRoundTripContinuesIdentically() throws {
        func run(_ restart: Bool) throws -> [Float] {
            let p = Tensor(shape: [3], floats: [1, -2, 3], requiresGrad: true)
            var optimizer = try Adam([p], lr: 0.1)
            for k in 0..<4 {
                if restart && k == 2 {
                    let saved = optimizer.stateDict()
                    optimizer = try Adam([p], lr: 0.5)
                    try optimizer.loadStateDict(saved)
                }
                p.grad = Tensor(shape: [3], floats: [Float(k) + 1, -1, 0.5])
                try optimizer.step()
            }
            XCTAssertEqual(optimizer.learningRate, 0.1)
            return p.floats
        }
        XCTAssertEqual(try run(true), try run(false))
    }

    func testLoadStateDictThatDoesNotFitThrowsAndChangesNothing() throws {
        let a = Tensor(shape: [2], floats: [1, 2], requiresGrad: true), b = Tensor(shape: [3], floats: [1, 2, 3], requiresGrad: true)
        let source = try SGD([a, b], lr: 0.1, momentum: 0.9)
        a.grad = Tensor(shape: [2], floats: [1, 1])
        b.grad = Tensor(shape: [3], floats: [1, 1, 1])
        try source.step()
        let saved = source.stateDict()

        let other = try SGD([a], lr: 0.1, momentum: 0.9)
        XCTAssertThrowsError(try other.loadStateDict(saved)) {
            XCTAssertEqual("\($0)", "loaded state dict contains a parameter group that doesn't match the size of optimizer's group")
        }
        let twoGroups = try SGD([ParameterGroup([a]), ParameterGroup([b])], lr: 0.1)
        XCTAssertThrowsError(try twoGroups.loadStateDict(saved)) {
            XCTAssertEqual("\($0)", "loaded state dict has a different number of parameter groups")
        }
        // Same sizes, swapped shapes: the buffers do not fit the parameters.
        let c = Tensor(shape: [3], floats: [0, 0, 0], requiresGrad: true), d = Tensor(shape: [2], floats: [0, 0], requiresGrad: true)
        let swapped = try SGD([c, d], lr: 0.3, momentum: 0.9)
        XCTAssertThrowsError(try swapped.loadStateDict(saved)) {
            XCTAssertEqual("\($0)", "loaded state dict has 'momentum_buffer' of shape [2] for parameter 0 of shape [3]")
        }
        XCTAssertEqual(swapped.learningRate, 0.3)
        XCTAssertTrue(swapped.stateDict().state.isEmpty)
        // An Adam state dict in an SGD: its betas do not fit.
        let adam = try Adam([c, d])
        var adamState = adam.stateDict()
        adamState.paramGroups[0].options = [("lr", .float(0.1)), ("momentum", .pair(0.9, 0.99))]
        XCTAssertThrowsError(try swapped.loadStateDict(adamState)) {
            XCTAssertEqual("\($0)", "loaded state dict has momentum=(0.9, 0.99) in parameter group 0, which does not fit SGD's momentum=0.9")
        }
    }

    func testParameterGroupErrors() throws {
        let a = Tensor(shape: [2], floats: [1, 2], requiresGrad: true)
        XCTAssertThrowsError(try SGD([Tensor](), lr: 0.1)) { XCTAssertEqual("\($0)", "optimizer got an empty parameter list") }
        XCTAssertThrowsError(try SGD([ParameterGroup([a]), ParameterGroup([a])], lr: 0.1)) {
            XCTAssertEqual("\($0)", "some parameters appear in more than one parameter group")
        }
        let nonLeaf = a * 2
        XCTAssertThrowsError(try SGD([nonLeaf], lr: 0.1)) { XCTAssertEqual("\($0)", "can't optimize a non-leaf Tensor") }
        let optimizer = try SGD([ParameterGroup([a], ["lr": HyperParameter.none])], lr: 0.1)
        a.grad = Tensor(shape: [2], floats: [1, 1])
        XCTAssertThrowsError(try optimizer.step()) { XCTAssertEqual("\($0)", "parameter group option 'lr' must be a number, got None") }
        XCTAssertThrowsError(try RMSprop([a], alpha: -1)) { XCTAssertEqual("\($0)", "Invalid alpha value: -1.0") }
        XCTAssertThrowsError(try Adagrad([a], lrDecay: -1)) { XCTAssertEqual("\($0)", "Invalid lr_decay value: -1.0") }
        XCTAssertThrowsError(try Adadelta([a], rho: 2)) { XCTAssertEqual("\($0)", "Invalid rho value: 2.0") }
    }
}
