/// Recording operations and running the graph backwards.
extension Tensor {
    /// Whether an operation on `inputs` must record a node now.
    package static func shouldRecord(_ inputs: [Tensor]) -> Bool {
        GradMode.isEnabled && inputs.contains { $0.requiresGrad }
    }

    /// Makes `output` the result of a differentiable operation on `inputs`.
    ///
    /// `saving` lists every tensor the backward reads (inputs, outputs such as
    /// `self`, or int64 indices the operation returns). `backward` receives the
    /// gradient of `output`, those tensors in the same order (after checking that
    /// none was changed in place since, PyTorch's error otherwise) and which
    /// inputs need a gradient; it returns one gradient per input (nil where not
    /// needed), each of that input's shape. A backward reads tensors only from its
    /// `saved` argument: a captured tensor would escape the check. Captures are
    /// for shapes, scalars and buffers private to the operation.
    /// Does nothing when no input requires grad or under `noGrad`.
    @discardableResult
    package func recordOperation(
        _ name: String, inputs: [Tensor], saving: [Tensor] = [],
        backward: @escaping GradFn.Backward
    ) -> Tensor {
        guard Tensor.shouldRecord(inputs) else { return self }
        let node = GradFn(name: name, next: inputs.map { $0.gradientEdge() }, outputShape: shape, saved: saving, backward: backward)
        node.outputDType = dtype
        // An output saved by its own node is that node's output.
        for i in node.saved.indices where node.saved[i].tensor === self {
            node.saved[i].producer = name
            node.saved[i].isOutput = true
        }
        gradFn = node
        return self
    }

    /// The node gradients for this tensor flow into: its `gradFn`, its leaf
    /// accumulator, or nil when it needs no grad.
    package func gradientEdge() -> GradFn? {
        if let gradFn { return gradFn }
        guard leafRequiresGrad else { return nil }
        if let gradAccumulator { return gradAccumulator }
        let node = GradFn(accumulatingInto: self)
        gradAccumulator = node
        return node
    }

    /// Computes the gradient of this tensor with respect to the graph's leaves and
    /// accumulates it into their `grad` (PyTorch's `tensor.backward()`).
    ///
    /// - Parameters:
    ///   - gradient: the gradient of some scalar with respect to this tensor; may be
    ///     omitted for a one-element tensor, where it is 1.
    ///   - retainGraph: keep saved tensors so that a second backward is possible.
    public func backward(gradient: Tensor? = nil, retainGraph: Bool = false) throws {
        guard requiresGrad else {
            throw TensorError("element 0 of tensors does not require grad and does not have a grad_fn")
        }
        let seed: Tensor
        if let gradient {
            guard gradient.shape == shape else {
                throw TensorError(
                    "Mismatch in shape: grad_output[0] has a shape of \(describe(shape: gradient.shape)) and output[0] has a shape of \(describe(shape: shape)).")
            }
            seed = gradient.dtype == dtype ? gradient.detach() : gradient.convertedData(to: dtype)
        } else {
            guard count == 1 else { throw TensorError("grad can be implicitly created only for scalar outputs") }
            seed = Tensor(shape: shape, values: [1], dtype: dtype)
        }
        try noGrad { try GraphExecutor(root: gradientEdge()!, retainGraph: retainGraph).run(seed: seed) }
    }
}

/// Runs a graph backwards from one root, in PyTorch's order: a node runs once
/// every node that feeds it a gradient has run, latest-created first.
struct GraphExecutor {
    let root: GradFn
    let retainGraph: Bool

    func run(seed: Tensor) throws {
        // Count, for every node, how many edges point to it.
        var dependencies: [ObjectIdentifier: Int] = [:]
        var stack = [root]
        var seen: Set<ObjectIdentifier> = [ObjectIdentifier(root)]
        while let node = stack.popLast() {
            for case let next? in node.next {
                dependencies[ObjectIdentifier(next), default: 0] += 1
                if seen.insert(ObjectIdentifier(next)).inserted { stack.append(next) }
            }
        }

        var pending: [ObjectIdentifier: Tensor] = [ObjectIdentifier(root): seed]
        var ready = [root]
        while !ready.isEmpty {
            // The ready node created last runs first.
            let index = ready.indices.max { ready[$0].sequenceNumber < ready[$1].sequenceNumber }!
            let node = ready.remove(at: index)
            // A node that received no gradient (every path to it was nil) still
            // releases its inputs' dependency counts.
            var grad = pending.removeValue(forKey: ObjectIdentifier(node))

            if let leaf = node.variable {
                if var owned = grad {
                    // Drop this reference so that `owned` may be the only one.
                    grad = nil
                    accumulate(&owned, into: leaf)
                }
                continue
            }
            var inputGrads: [Tensor?] = Array(repeating: nil, count: node.next.count)
            if let grad {
                inputGrads = try apply(node, grad)
                if !retainGraph { node.release() }
            }
            for (next, inputGrad) in zip(node.next, inputGrads) {
                guard let next else { continue }
                let id = ObjectIdentifier(next)
                if var inputGrad {
                    // A float32 input of a float64 operation receives a float32 gradient.
                    let type = next.variable?.dtype ?? next.outputDType
                    if inputGrad.dtype != type { inputGrad = inputGrad.convertedData(to: type) }
                    if let existing = pending[id] {
                        pending[id] = try existing.adding(inputGrad)
                    } else {
                        pending[id] = inputGrad
                    }
                }
                dependencies[id]! -= 1
                if dependencies[id] == 0 { ready.append(next) }
            }
        }
    }

    private func apply(_ node: GradFn, _ grad: Tensor) throws -> [Tensor?] {
        if node.released {
            throw TensorError(
                "Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed). Saved intermediate values of the graph are freed when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to backward through the graph a second time or if you need to access saved tensors after calling backward.")
        }
        // The backward sees its saved tensors only through this check.
        let saved = try node.saved.map { try $0.unpack() }
        guard let backward = node.backward else { return Array(repeating: nil, count: node.next.count) }
        let needs = node.next.map { $0 != nil }
        let grads = try backward(grad, saved, needs)
        precondition(grads.count == node.next.count, "\(node.name) returned \(grads.count) gradients for \(node.next.count) inputs")
        return grads
    }

    private func accumulate(_ grad: inout Tensor, into leaf: Tensor) {
        precondition(grad.shape == leaf.shape, "gradient of shape \(grad.shape) for a leaf of shape \(leaf.shape)")
        if let existing = leaf.grad {
            existing.addInPlaceUnchecked(grad)
        } else if Tensor.isSoleOwner(&grad) {
            // A gradient nobody else holds (the usual case) becomes the leaf's without a copy.
            leaf.grad = grad
        } else {
            // The leaf owns its gradient: never alias a tensor that someone else holds.
            leaf.grad = grad.dataCopy()
        }
    }
}
