import Autograd

/// Parameters held in a list, PyTorch's `nn.ParameterList`: registered as `"0"`,
/// `"1"`, …, printed as PyTorch prints them.
public final class ParameterList: Module {
    /// The tensors in order, each registered as a parameter.
    public init(_ parameters: [Tensor] = []) {
        super.init()
        for p in parameters { append(p) }
    }

    /// Number of parameters.
    public var count: Int { namedParameters(recurse: false).count }

    /// Adds `parameter` at the end, named by its position.
    public func append(_ parameter: Tensor) { register(parameter: parameter, name: String(count)) }

    /// The parameter at `index` (negative counts from the end).
    public func parameter(at index: Int) throws -> Tensor {
        let all = parameters(recurse: false)
        guard index >= -all.count && index < all.count else { throw ModuleError("index \(index) is out of range") }
        return all[index < 0 ? index + all.count : index]
    }

    public override var extraDescription: String {
        namedParameters(recurse: false).map { name, p in
            let size = p.shape.map(String.init).joined(separator: "x")
            return "  (\(name)): Parameter containing: [torch.\(p.dtype == .float32 ? "float32" : "\(p.dtype)") of size \(size)]"
        }.joined(separator: "\n")
    }

    public override func callAsFunction(_ input: Tensor) throws -> Tensor {
        throw ModuleError("Module [ParameterList] is missing the required \"forward\" function")
    }
}
