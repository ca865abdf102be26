/// Global functions that forward to a host type's members, for libraries whose
/// functions are spelt both ways (PyTorch's `torch.zeros(2)` and `x.gather(1, i)`
/// next to `torch.gather(x, 1, i)`).
extension Interpreter {
    /// Makes every overload of `type`'s static method `name` a global function
    /// too, with the same labels and defaults (`Tensor.eye(3)` as `eye(3)`).
    public func defineFunctions(forStaticMethod name: String, of type: HostType) {
        for function in type.findStaticMethods(name) ?? [] { defineFunction(function) }
    }

    /// Makes every overload of `type`'s method `name` a global function whose
    /// first, unlabelled argument is the receiver (`x.gather(1, i)` as
    /// `gather(x, 1, i)`); the other labels and defaults are the method's.
    public func defineFunctions(forMethod name: String, of type: HostType) {
        for method in type.findMethods(name) ?? [] {
            let receiver = NativeParameter(label: nil, name: "input", type: nil, defaultValue: nil, isVariadic: false)
            defineFunction(NativeFunction(name: name, parameters: [receiver] + method.parameters) { a in
                try method.call(Arguments(interpreter: a.interpreter, receiver: a.values[0], names: Array(a.names.dropFirst()),
                                          values: Array(a.values.dropFirst()), location: a.location))
            })
        }
    }
}
