/// A node of the autograd graph: the backward of one operation, named as
/// PyTorch names it (`MulBackward0`), or `AccumulateGrad` for a leaf.
///
/// A node refers to the nodes of its inputs (`next`), never to its own
/// output, so graphs are freed as soon as their output tensors are.
public final class GradFn {
    /// The gradient computation of one operation.
    ///
    /// It receives the gradient of the operation's output, the tensors the
    /// operation saved (in the order it listed them, each checked for in-place
    /// changes and unpacked without history) and which inputs need a gradient;
    /// it returns one gradient per input (nil where none is needed). A backward
    /// reads every tensor it needs from `saved`, never from a capture, so that
    /// no saved tensor escapes the version check (PyTorch's `SavedVariable`).
    public typealias Backward = (_ grad: Tensor, _ saved: [Tensor], _ needsInputGrad: [Bool]) throws -> [Tensor?]

    /// PyTorch's name for this node.
    public let name: String
    /// The nodes gradients flow to, one per input of the operation (nil where none is needed).
    public internal(set) var next: [GradFn?]
    /// The leaf this node accumulates into, for `AccumulateGrad` nodes.
    public let variable: Tensor?
    /// Creation order: backward runs later nodes first, as PyTorch does.
    let sequenceNumber: Int
    /// The gradient computation; nil once released after a backward.
    var backward: Backward?
    /// Tensors the backward reads, with the version each had when saved.
    var saved: [Saved]
    /// Shape and dtype of the output, for checking gradients and drawing the graph.
    public let outputShape: [Int]
    /// The dtype of the output: gradients arriving in another type are converted to it.
    public internal(set) var outputDType: DType = .float32
    /// Which output of its operation this node's tensor is (PyTorch's
    /// `output_nr`): operations with several outputs, such as `split`, record
    /// one node per output.
    public internal(set) var outputIndex = 0
    /// Whether saved tensors were freed by a backward without `retainGraph`.
    var released = false

    private static let counter = Counter()

    init(name: String, next: [GradFn?], outputShape: [Int], saved: [Tensor], backward: @escaping Backward) {
        self.name = name
        self.next = next
        self.variable = nil
        self.outputShape = outputShape
        self.saved = saved.map { Saved($0) }
        self.backward = backward
        self.sequenceNumber = GradFn.counter.next()
    }

    /// An `AccumulateGrad` node for a leaf.
    init(accumulatingInto leaf: Tensor) {
        self.name = "AccumulateGrad"
        self.next = []
        self.variable = leaf
        self.outputShape = leaf.shape
        self.saved = []
        self.backward = nil
        self.sequenceNumber = Int.max
    }

    /// Makes the saved tensors holding `old`'s values hold `new`'s (the same
    /// values, just copied there) as this node's output: an in-place form of an
    /// operation whose backward reads its output then reads the changed tensor,
    /// and a later change to it is detected, as in PyTorch (`relu_`).
    func resave(_ old: Tensor, as new: Tensor) {
        for i in saved.indices where saved[i].storage === old.storage {
            var entry = Saved(new)
            entry.producer = name
            entry.isOutput = true
            saved[i] = entry
        }
    }

    /// Frees what the backward saved, unless the graph is retained.
    func release() {
        guard !saved.isEmpty else { return }
        saved = []
        backward = nil
        released = true
    }

    /// A tensor a node's backward reads, with what detects an in-place change to it.
    ///
    /// The node keeps the tensor's data as a view without history (`data`), which
    /// is what the backward receives once the version check has passed. The saved
    /// tensor itself is held weakly: an operation that saves its own output would
    /// otherwise keep that output (and its whole graph) alive through a reference
    /// cycle until a backward runs.
    struct Saved {
        /// The tensor, while someone else keeps it alive (for the error's wording).
        weak var tensor: Tensor?
        /// The saved values: a view of the same storage, without history.
        let data: Tensor
        /// The storage's version when saved.
        let version: Int
        /// The name of the node that produced the tensor, for when it is no longer alive.
        var producer: String?
        /// Whether the tensor is the output of the node that saved it, which then
        /// stays its producer whatever in-place operation follows (as in PyTorch).
        var isOutput = false

        init(_ tensor: Tensor) {
            self.tensor = tensor
            data = tensor.detach()
            version = tensor.storage.version
            producer = tensor.gradFn?.name
        }

        /// The memory whose version is checked.
        var storage: Storage { data.storage }

        /// The producing node's name: the tensor's current one while it lives.
        var producerName: String? {
            if let tensor, !isOutput { return tensor.gradFn?.name }
            return producer
        }

        /// The saved values, or PyTorch's error when the tensor was changed in place since.
        func unpack() throws -> Tensor {
            let current = storage.version
            guard current == version else {
                let what = "[\(data.dtype.legacyName) \(describe(shape: data.shape))]"
                let origin = producerName.map { ", which is output 0 of \(Saved.operationName($0))," } ?? ""
                throw TensorError(
                    "one of the variables needed for gradient computation has been modified by an inplace operation: \(what)\(origin) is at version \(current); expected version \(version) instead. Hint: enable anomaly detection to find the operation that failed to compute its gradient, with torch.autograd.set_detect_anomaly(True, check_nan=False).")
            }
            return data
        }

        /// The operation a node computes the backward of, as PyTorch's message names
        /// it: `MulBackward0` is `Mul`, `PowBackward1` is `Pow1`.
        static func operationName(_ node: String) -> String {
            if node.hasSuffix("Backward0") { return String(node.dropLast("Backward0".count)) }
            guard let range = node.firstRange(of: "Backward") else { return node }
            var name = node
            name.replaceSubrange(range, with: "")
            return name
        }
    }

    /// A process-wide increasing counter, safe across threads.
    /// `@unchecked Sendable`: its one mutable property is only touched under `lock`.
    private final class Counter: @unchecked Sendable {
        private let lock = Lock()
        private var value = 0
        func next() -> Int {
            lock.withLock {
                value += 1
                return value
            }
        }
    }
}

extension GradFn: CustomStringConvertible {
    /// `<MulBackward0>` as Python shows a grad_fn.
    public var description: String { "<\(name)>" }
}
