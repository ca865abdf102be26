/// A node of the autograd graph: the backward of one operation, named as
/// PyTorch names it (`MulBackward0`), or `AccumulateGrad` for a leaf.
///
/// A node refers to the nodes of its inputs (`next`), never to its own
/// output, so graphs are freed as soon as their output tensors are.
public final class GradFn {
    /// The gradient function of the inputs: a node, or nil for an input that needs no grad.
    public typealias Backward = (_ grad: Tensor, _ needsInputGrad: [Bool]) throws -> [Tensor?]

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
    /// Description of the output for version-counter errors.
    let outputIndex = 0
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

    /// Frees what the backward saved, unless the graph is retained.
    func release() {
        guard !saved.isEmpty else { return }
        saved = []
        backward = nil
        released = true
    }

    /// What a node remembers of a tensor its backward reads, to detect an in-place
    /// change to it. The tensor itself is held weakly: an operation that saves its
    /// own output would otherwise keep that output (and its whole graph) alive
    /// through a reference cycle until a backward runs.
    struct Saved {
        /// The tensor, while someone else keeps it alive (for the error's wording).
        weak var tensor: Tensor?
        /// The memory whose version is checked.
        let storage: Storage
        /// The storage's version when saved.
        let version: Int
        let shape: [Int]
        let dtype: DType
        /// The name of the node that produced the tensor, for when it is no longer alive.
        var producer: String?

        init(_ tensor: Tensor) {
            self.tensor = tensor
            storage = tensor.storage
            version = tensor.storage.version
            shape = tensor.shape
            dtype = tensor.dtype
            producer = tensor.gradFn?.name
        }

        /// The producing node's name: the tensor's current one while it lives.
        var producerName: String? {
            if let tensor { return tensor.gradFn?.name }
            return producer
        }
    }

    /// A process-wide increasing counter, safe across threads.
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
