import Autograd
import Script

/// Custom autograd functions, PyTorch's `torch.autograd.Function`: a cell
/// declares `class LegendrePolynomial3: Function` with `static func
/// forward(_ ctx: Context, _ input: Tensor) -> Tensor` and `static func
/// backward(_ ctx: Context, _ gradOutput: Tensor) -> Tensor`, and calls
/// `LegendrePolynomial3.apply(x)`. `forward` runs without recording; its output
/// gets one graph node named `LegendrePolynomial3Backward`, whose backward calls
/// the cell's `backward` with the gradient and returns one gradient per input
/// of `forward` (nil for an input that is not a tensor).
enum FunctionBindings {
    static func register(in interpreter: Interpreter) {
        let function = interpreter.defineType("Function")
        function.subclassable(makeBase: { instance in
            throw HostError("'\(instance.scriptClass.name)' is used through its static methods: call \(instance.scriptClass.name).apply(…)")
        })
        function.staticMethod("apply(_ arguments: Any...)") { a in
            guard case .type(let type)? = a.receiver, case .script(let cls) = type else {
                throw HostError("apply(_:) is called on a class that inherits from Function: LegendrePolynomial3.apply(x)")
            }
            guard case .array(let arguments) = a[0] else { return .nil }
            return try apply(cls, arguments, interpreter: a.interpreter)
        }
        let context = interpreter.defineType("Context", for: FunctionContext.self)
        context.method("saveForBackward(_ tensors: Tensor...)") { (ctx: FunctionContext, tensors: [Tensor]) in
            ctx.toSave = tensors
        }
        context.property("savedTensors") { (ctx: FunctionContext) -> [Tensor] in
            guard let saved = ctx.saved else {
                throw TensorError("Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed). Saved intermediate values of the graph are freed when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to backward through the graph a second time or if you need to access saved tensors after calling backward.")
            }
            return saved
        }
        context.property("needsInputGrad") { (ctx: FunctionContext) in ctx.needsInputGrad }
        context.dynamicMembers(names: { value in
            (value.hostObject as? FunctionContext).map { Array($0.attributes.keys) } ?? []
        }, get: { value, name in
            (value.hostObject as? FunctionContext)?.attributes[name]
        }, set: { value, name, newValue in
            guard let ctx = value.hostObject as? FunctionContext else { return false }
            ctx.attributes[name] = newValue
            return true
        })
    }

    /// Runs `cls.forward` without recording and records its node.
    private static func apply(_ cls: ScriptClass, _ arguments: [Value], interpreter: Interpreter) throws -> Value {
        let type = Value.type(.script(cls))
        let ctx = FunctionContext()
        let tensorInputs = arguments.compactMap { EngineValues.tensor(in: $0) }
        ctx.needsInputGrad = arguments.map { EngineValues.tensor(in: $0)?.requiresGrad ?? false }
        let result = try noGrad { try interpreter.callMethod("forward", on: type, [.host(ctx)] + arguments) }
        guard let output = EngineValues.tensor(in: result) else {
            throw HostError("\(cls.name).forward must return a Tensor")
        }
        // An input returned as it is becomes a new tensor, so that its history is not overwritten.
        let out = tensorInputs.contains { $0 === output } ? output.detach() : output
        let name = "\(cls.name)Backward"
        let positions = arguments.indices.filter { EngineValues.tensor(in: arguments[$0]) != nil }
        let shapes = tensorInputs.map(\.shape)
        out.recordOperation(name, inputs: tensorInputs, saving: ctx.toSave) { [weak interpreter, ctx] g, saved, needs in
            guard let interpreter else { throw HostError("the notebook that defined \(cls.name) has ended") }
            ctx.saved = saved
            defer { ctx.saved = nil }
            let returned = try interpreter.callMethod("backward", on: type, [.host(ctx), .host(g)])
            let grads: [Value]
            if case .tuple(let tuple) = returned { grads = tuple.elements } else { grads = [returned] }
            guard grads.count == arguments.count else {
                throw TensorError("function \(name) returned an incorrect number of gradients (expected \(arguments.count), got \(grads.count))")
            }
            return try zip(positions, zip(shapes, needs)).enumerated().map { i, entry in
                let (position, (shape, needed)) = entry
                guard needed, let grad = EngineValues.tensor(in: grads[position]) else { return nil }
                guard grad.shape == shape else {
                    throw TensorError("Function \(name) returned an invalid gradient at index \(i) - got \(EngineValues.describe(grad.shape)) but expected shape compatible with \(EngineValues.describe(shape))")
                }
                return grad.detach()
            }
        }
        ctx.toSave = []
        return .host(out)
    }
}
