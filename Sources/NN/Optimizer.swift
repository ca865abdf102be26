import Autograd

/// Something that updates parameters from their gradients, PyTorch's `torch.optim.Optimizer`.
public protocol Optimizer: AnyObject {
    /// The tensors updated by `step()`, in the order given.
    var parameters: [Tensor] { get }
    /// The step size.
    var learningRate: Double { get set }
    /// Updates every parameter that has a gradient, in place and without recording
    /// a graph; parameters whose `grad` is nil are skipped, as in PyTorch.
    func step() throws
}

extension Optimizer {
    /// Sets every parameter's gradient to nil (PyTorch's default `set_to_none=True`).
    public func zeroGrad() {
        for p in parameters { p.grad = nil }
    }

    /// Checks that a parameter and its gradient can be updated by a raw loop, and
    /// returns the gradient as contiguous float data.
    func checkedGradient(of parameter: Tensor, _ grad: Tensor) throws -> Tensor {
        guard parameter.dtype == .float32 else { throw ModuleError("optimizer can only optimize Tensors of floating point dtype, but got \(parameter.dtype)") }
        guard grad.shape == parameter.shape else {
            throw ModuleError("gradient of shape \(grad.shape) does not match parameter of shape \(parameter.shape)")
        }
        return grad.contiguousFloatData()
    }

    /// Runs `update` on the parameter's contiguous float memory, copying through
    /// a contiguous buffer when the parameter is a strided view, then marks it changed.
    func updateInPlace(_ parameter: Tensor, _ update: (UnsafeMutablePointer<Float>, Int) -> Void) {
        if parameter.isContiguous {
            update(parameter.mutableFloats, parameter.count)
            parameter.markModifiedInPlace()
        } else {
            let copy = parameter.contiguousFloatData()
            update(copy.mutableFloats, copy.count)
            parameter.copyValues(from: copy)
        }
    }
}
