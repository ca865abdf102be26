import Serialization
import Autograd
import Script

/// The engine as cells see it: installs tensors, autograd, modules, layers,
/// optimizers, models, checkpoints and graph pictures into an interpreter.
public enum EngineLibrary {
    /// Installs the engine into `interpreter` with a random generator of its own,
    /// seeded with `seed` and bound around every cell the interpreter runs (so
    /// notebooks running in parallel draw from separate, reproducible generators).
    /// Cells resolve relative paths in `folder` and save checkpoints only there;
    /// the returned folder can be moved to the notebook's once it is known.
    @discardableResult
    public static func install(into interpreter: Interpreter, seed: UInt64, folder: String? = nil) -> NotebookFolder {
        let notebookFolder = NotebookFolder(folder)
        let generator = Generator(seed: seed)
        // The cell language's own draws (`Int.random(in:)`) start from the same seed.
        interpreter.randomSource.seed(seed)
        // Engine kernels stop at the cell's deadline too, and a tensor over the
        // memory budget ends the cell (see `Cancellation`).
        interpreter.runWrapper = { [unowned interpreter] body in
            let cancellation = Cancellation(deadline: interpreter.deadline)
            try Cancellation.$current.withValue(cancellation) {
                try Generator.$bound.withValue(generator) { try body() }
            }
        }
        interpreter.hostFailure = { Cancellation.current?.failure }
        let tensor = TensorBindings.register(in: interpreter)
        FunctionalBindings.register(in: interpreter)
        AutogradBindings.register(in: interpreter, generator: generator)
        let module = ModuleBindings.register(in: interpreter)
        DeviceBindings.register(in: interpreter, tensor: tensor, module: module)
        DTypeBindings.register(in: interpreter, tensor: tensor)
        LayerBindings.register(in: interpreter, module: module)
        ContainerBindings.register(in: interpreter, module: module)
        IncompatibleKeys.register(in: interpreter)
        ModelBindings.register(in: interpreter, module: module, folder: notebookFolder)
        OptimizerBindings.register(in: interpreter)
        SchedulerBindings.register(in: interpreter)
        CheckpointBindings.register(in: interpreter, folder: notebookFolder)
        GeneratorBindings.register(in: interpreter)
        let dataset = DataBindings.register(in: interpreter)
        DatasetBindings.register(in: interpreter, dataset: dataset, folder: notebookFolder)
        FunctionBindings.register(in: interpreter)
        GraphBindings.register(in: interpreter)
        return notebookFolder
    }
}
