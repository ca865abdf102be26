import Pictures
import Autograd
import Script

/// `graph(of: tensor)`: the autograd graph behind a tensor as an SVG picture,
/// shown as the cell's rich output. Tensors without a label are named after the
/// top-level variable that holds them (`a`, `b`, `Q`) while the picture is drawn.
enum GraphBindings {
    static func register(in interpreter: Interpreter) {
        interpreter.defineFunction("graph(of tensor: Tensor)") { [unowned interpreter] (tensor: Tensor) in
            var named: [Tensor] = []
            for (name, value) in interpreter.globalBindings {
                guard case .host(let object) = value.unwrapped, let variable = object as? Tensor, variable.label == nil else { continue }
                variable.label = name
                named.append(variable)
            }
            defer { for variable in named { variable.label = nil } }
            interpreter.display(svg: tensor.graph().svg())
        }
    }
}
