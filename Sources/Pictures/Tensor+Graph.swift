import Autograd
/// Pictures of the autograd graph behind a tensor.
extension Tensor {
    /// The graph that produced this tensor, in the style of torchviz: leaves
    /// (tensors that require grad, with their label and shape) feed their
    /// `AccumulateGrad` node, each operation's backward node feeds the next, and
    /// the last one feeds this tensor. Edges point in the direction of the forward pass.
    public func graph() -> GraphPicture {
        var nodes: [GraphPicture.Node] = []
        var edges: [(from: Int, to: Int)] = []
        var ids: [ObjectIdentifier: Int] = [:]

        func shapeText(_ shape: [Int]) -> String { "(" + shape.map(String.init).joined(separator: ", ") + ")" }

        /// The picture node of `fn`, visiting its inputs first.
        func visit(_ fn: GradFn) -> Int {
            if let id = ids[ObjectIdentifier(fn)] { return id }
            let id = nodes.count
            ids[ObjectIdentifier(fn)] = id
            nodes.append(GraphPicture.Node(id: id, label: fn.name, kind: .operation))
            if let leaf = fn.variable {
                let leafID = nodes.count
                nodes.append(GraphPicture.Node(id: leafID, label: leaf.label ?? "", detail: shapeText(leaf.shape), kind: .leaf))
                edges.append((from: leafID, to: id))
            }
            for case let next? in fn.next { edges.append((from: visit(next), to: id)) }
            return id
        }

        let output = GraphPicture.Node(id: -1, label: label ?? "", detail: shapeText(shape), kind: .output)
        guard let root = gradientEdge() else {
            return GraphPicture(nodes: [GraphPicture.Node(id: 0, label: output.label, detail: output.detail, kind: .output)], edges: [])
        }
        let rootID = visit(root)
        if root.variable == nil {
            let outputID = nodes.count
            nodes.append(GraphPicture.Node(id: outputID, label: output.label, detail: output.detail, kind: .output))
            edges.append((from: rootID, to: outputID))
        }
        return GraphPicture(nodes: nodes, edges: edges)
    }
}

/// The autograd graph behind `tensor`, as a picture (`graph(of: Q)` in a notebook).
public func graph(of tensor: Tensor) -> GraphPicture { tensor.graph() }
