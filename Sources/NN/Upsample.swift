import Autograd

/// Resizes the last two dimensions of `[N, C, H, W]` inputs to `size` or by
/// `scaleFactor`, PyTorch's `nn.Upsample`, with `mode` `"nearest"` or `"bilinear"`
/// (`alignCorners` as in PyTorch, only for `"bilinear"`).
public final class Upsample: Module {
    /// The output height and width: one number for both, or one per dimension; nil when scaling.
    public let size: [Int]?
    /// The factor the height and width are multiplied by: one for both, or one per dimension; nil when sized.
    public let scaleFactor: [Double]?
    /// `"nearest"` or `"bilinear"`.
    public let mode: String
    /// Whether corner pixels of input and output coincide (bilinear only); nil when not set.
    public let alignCorners: Bool?

    /// An upsampling layer; PyTorch's errors for a bad combination come when it is applied.
    /// A zero `scaleFactor` counts as none, as in PyTorch.
    public init(size: [Int]? = nil, scaleFactor: [Double]? = nil, mode: String = "nearest", alignCorners: Bool? = nil) {
        self.size = size
        self.scaleFactor = scaleFactor.flatMap { $0.count == 1 && $0[0] == 0 ? nil : $0 }
        self.mode = mode
        self.alignCorners = alignCorners
        super.init()
    }

    /// An upsampling layer multiplying both dimensions by `scaleFactor`.
    public convenience init(scaleFactor: Double, mode: String = "nearest", alignCorners: Bool? = nil) {
        self.init(scaleFactor: [scaleFactor], mode: mode, alignCorners: alignCorners)
    }

    public override func callAsFunction(_ input: Tensor) throws -> Tensor {
        try interpolate(input, size: size, scaleFactor: scaleFactor, mode: mode, alignCorners: alignCorners)
    }

    public override var extraDescription: String {
        func tuple(_ items: [String]) -> String { items.count == 1 ? items[0] : "(" + items.joined(separator: ", ") + ")" }
        let info = scaleFactor.map { "scale_factor=" + tuple($0.map(Python.float)) }
            ?? "size=" + (size.map { tuple($0.map(String.init)) } ?? "None")
        return info + ", mode='\(mode)'"
    }
}

/// PyTorch's `F.interpolate` for 4-D inputs: resizes the height and width to `size`
/// or by `scaleFactor` (one number for both or one per dimension; exactly one of them),
/// `"nearest"` or `"bilinear"`, with PyTorch's errors for the combinations it rejects.
public func interpolate(
    _ input: Tensor, size: [Int]? = nil, scaleFactor: [Double]? = nil, mode: String = "nearest", alignCorners: Bool? = nil
) throws -> Tensor {
    let modes = ["nearest", "linear", "bilinear", "bicubic", "trilinear", "area", "nearest-exact"]
    if ["nearest", "area", "nearest-exact"].contains(mode), alignCorners != nil {
        throw ModuleError("align_corners option can only be set with the interpolating modes: linear | bilinear | bicubic | trilinear")
    }
    let spatial = Array(input.shape.dropFirst(2)), dims = Swift.max(input.rank - 2, 0)
    func list<T>(_ values: [T]) -> String { "[" + values.map { "\($0)" }.joined(separator: ", ") + "]" }
    var outputSize: [Int]
    var scales: [Double?] = Array(repeating: nil, count: dims)
    switch (size, scaleFactor) {
    case (.some, .some):
        throw ModuleError("only one of size or scale_factor should be defined")
    case (.some(let size), nil):
        guard size.count == 1 || size.count == dims else {
            throw ModuleError("Input and output must have the same number of spatial dimensions, but got input with spatial dimensions of \(list(spatial)) and output size of \(list(size)). Please provide input tensor in (N, C, d1, d2, ...,dK) format and output size in (o1, o2, ...,oK) format.")
        }
        outputSize = size.count == 1 ? Array(repeating: size[0], count: dims) : size
    case (nil, .some(let factors)):
        guard factors.count == 1 || factors.count == dims else {
            throw ModuleError("Input and scale_factor must have the same number of spatial dimensions, but got input with spatial dimensions of \(list(spatial)) and scale_factor of shape \(list(factors.map(Python.float))). Please provide input tensor in (N, C, d1, d2, ...,dK) format and scale_factor in (s1, s2, ...,sK) format.")
        }
        let all = factors.count == 1 ? Array(repeating: factors[0], count: dims) : factors
        scales = all.map { $0 }
        outputSize = zip(spatial, all).map { size, factor in
            let product = (Double(size) * factor).rounded(.towardZero)
            return product.isFinite && abs(product) < 1e15 ? Int(product) : -1
        }
    case (nil, nil):
        throw ModuleError("either size or scale_factor should be defined")
    }
    guard modes.contains(mode) else {
        throw ModuleError("Input Error: Only 3D, 4D and 5D input Tensors supported (got \(input.rank)D) for the modes: nearest | linear | bilinear | bicubic | trilinear | lanczos | area | nearest-exact (got \(mode))")
    }
    guard input.rank == 4 else {
        if input.rank == 3 && mode == "bilinear" { throw ModuleError("Got 3D input, but bilinear mode needs 4D input") }
        if input.rank == 5 && mode == "bilinear" { throw ModuleError("Got 5D input, but bilinear mode needs 4D input") }
        if input.rank < 3 || input.rank > 5 {
            throw ModuleError("Input Error: Only 3D, 4D and 5D input Tensors supported (got \(input.rank)D) for the modes: nearest | linear | bilinear | bicubic | trilinear | lanczos | area | nearest-exact (got \(mode))")
        }
        throw ModuleError("interpolate: mode '\(mode)' on \(input.rank)D input is not supported; 4D input with 'nearest' or 'bilinear' is")
    }
    let target = (outputSize[0], outputSize[1]), scalePair = (scales[0], scales[1])
    switch mode {
    case "nearest": return try input.upsampleNearest2d(outputSize: target, scales: scalePair)
    case "bilinear": return try input.upsampleBilinear2d(outputSize: target, alignCorners: alignCorners ?? false, scales: scalePair)
    case "linear": throw ModuleError("Got 4D input, but linear mode needs 3D input")
    case "trilinear": throw ModuleError("Got 4D input, but trilinear mode needs 5D input")
    default: throw ModuleError("interpolate: mode '\(mode)' is not supported; 'nearest' and 'bilinear' are")
    }
}
