import Autograd
import NN
import XCTest

/// A small model written as a user would write one.
final class TinyNet: Module {
    init(channels: Int = 2) throws {
        super.init()
        register(module: try Conv2d(1, channels, kernelSize: 3, padding: 1), name: "conv")
        register(module: try BatchNorm2d(channels), name: "bn")
        register(module: Sequential(Flatten(), try Linear(2 * 4 * 4, 3)), name: "head")
        register(parameter: Tensor.ones([3], requiresGrad: true), name: "scale")
    }

    override func callAsFunction(_ x: Tensor) throws -> Tensor {
        var y = try self[child: "bn"]!(self[child: "conv"]!(x)).relu()
        y = try self[child: "head"]!(y)
        return try y * parameter(named: "scale")!
    }
}

final class ModuleTests: XCTestCase {
    func testNamesAndOrderFollowPyTorch() throws {
        let net = try TinyNet()
        XCTAssertEqual(net.namedParameters().map(\.0), ["scale", "conv.weight", "conv.bias", "bn.weight", "bn.bias", "head.1.weight", "head.1.bias"])
        XCTAssertEqual(net.namedBuffers().map(\.0), ["bn.running_mean", "bn.running_var", "bn.num_batches_tracked"])
        XCTAssertEqual(net.stateDict().map(\.0), [
            "scale", "conv.weight", "conv.bias", "bn.weight", "bn.bias", "bn.running_mean", "bn.running_var",
            "bn.num_batches_tracked", "head.1.weight", "head.1.bias",
        ])
        XCTAssertEqual(net.namedModules().map(\.0), ["", "conv", "bn", "head", "head.0", "head.1"])
        XCTAssertEqual(net.namedChildren().map(\.0), ["conv", "bn", "head"])
        XCTAssertEqual(net.parameters(recurse: false).count, 1)
    }

    func testSharedParametersAppearOnce() throws {
        let layer = try Linear(2, 2)
        let model = Sequential(layer, ReLU(), layer)
        XCTAssertEqual(model.namedParameters().map(\.0), ["0.weight", "0.bias"])
        XCTAssertEqual(model.stateDict().count, 4)
    }

    func testReplacingAChildChangesParameters() throws {
        let net = try TinyNet()
        let head = try XCTUnwrap(net[child: "head"] as? Sequential)
        head[1] = try Linear(32, 3, bias: false)
        XCTAssertEqual(net.namedParameters().suffix(1).map(\.0), ["head.1.weight"])
        XCTAssertEqual(try net(Tensor.randn([2, 1, 4, 4])).shape, [2, 3])
        net[child: "bn"] = nil
        XCTAssertFalse(net.namedParameters().contains { $0.0.hasPrefix("bn.") })
        XCTAssertTrue(net.description.contains("(bn): None"))
    }

    func testTrainEvalAndZeroGrad() throws {
        let net = try TinyNet()
        XCTAssertTrue(net.modules().allSatisfy(\.isTraining))
        net.eval()
        XCTAssertTrue(net.modules().allSatisfy { !$0.isTraining })
        net.train()
        try net(Tensor.randn([2, 1, 4, 4])).sum().backward()
        XCTAssertTrue(net.parameters().allSatisfy { $0.grad != nil })
        net.zeroGrad()
        XCTAssertTrue(net.parameters().allSatisfy { $0.grad == nil })
    }

    func testLoadStateDictCopiesInPlace() throws {
        let source = try TinyNet(), target = try TinyNet()
        try source(Tensor.randn([2, 1, 4, 4])).sum().backward()   // bumps source's num_batches_tracked
        let weight = target.parameters()[1]
        let result = try target.loadStateDict(source.stateDict())
        XCTAssertEqual(result, Module.LoadResult(missingKeys: [], unexpectedKeys: []))
        XCTAssertTrue(target.parameters()[1] === weight, "parameters are updated in place, not replaced")
        for ((key, a), (_, b)) in zip(source.stateDict(), target.stateDict()) {
            XCTAssertEqual(a.floats, b.floats, key)
            XCTAssertEqual(a.dtype, b.dtype, key)
        }
        XCTAssertEqual(target.namedBuffers().last?.1.int64s, [1])
        XCTAssertTrue(weight.requiresGrad && weight.isLeaf && weight.gradFn == nil)
    }

    func testLoadStateDictErrorsUsePyTorchWording() throws {
        let model = try resnet18(numClasses: 10)
        var state = try resnet18().stateDict()
        XCTAssertThrowsError(try model.loadStateDict(state)) { error in
            XCTAssertEqual("\(error)", """
                Error(s) in loading state_dict for ResNet:
                \tsize mismatch for fc.weight: copying a param with shape [1000, 512] from checkpoint, the shape in current model is [10, 512].
                \tsize mismatch for fc.bias: copying a param with shape [1000] from checkpoint, the shape in current model is [10].
                """)
        }
        state.removeAll { $0.0 == "fc.weight" || $0.0 == "fc.bias" }
        state.append(("fc.extra", Tensor.zeros([1])))
        state.append(("layer9.0.weight", Tensor.zeros([1])))
        XCTAssertThrowsError(try model.loadStateDict(state)) { error in
            XCTAssertEqual("\(error)", "Error(s) in loading state_dict for ResNet:\n\tMissing key(s) in state_dict: \"fc.weight\", \"fc.bias\". \n\tUnexpected key(s) in state_dict: \"layer9.0.weight\", \"fc.extra\". ")
        }
        let result = try model.loadStateDict(state, strict: false)
        XCTAssertEqual(result.missingKeys, ["fc.weight", "fc.bias"])
        XCTAssertEqual(result.unexpectedKeys, [])
    }

    func testDescriptionMatchesPyTorch() {
        XCTAssertEqual(try TinyNet().description, """
            TinyNet(
              (conv): Conv2d(1, 2, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))
              (bn): BatchNorm2d(2, eps=1e-05, momentum=0.1, affine=True, bias=True, track_running_stats=True)
              (head): Sequential(
                (0): Flatten(start_dim=1, end_dim=-1)
                (1): Linear(in_features=32, out_features=3, bias=True)
              )
            )
            """)
        XCTAssertEqual(Module().description, "Module()")
        XCTAssertEqual(Sequential().description, "Sequential()")
    }

    func testMissingForwardIsAnError() {
        XCTAssertThrowsError(try Module()(Tensor.zeros([1]))) { error in
            XCTAssertEqual("\(error)", "Module [Module] is missing the required \"forward\" function")
        }
    }

    func testFreezingWithSetRequiresGrad() throws {
        let net = try TinyNet().setRequiresGrad(false)
        XCTAssertTrue(net.parameters().allSatisfy { !$0.requiresGrad })
        XCTAssertFalse(try net(Tensor.randn([2, 1, 4, 4])).requiresGrad)
    }
}
