import Autograd

/// A transform of torchvision's `transforms`: one image in, one image out.
/// Images before `ToTensor()` are int64 tensors of bytes, `[H, W]` or
/// `[H, W, C]` (the engine's PIL images); after it, float tensors `[C, H, W]`.
/// Random transforms draw from `Generator.default` as torchvision draws
/// from torch's.
public protocol Transform: AnyObject {
    func callAsFunction(_ image: Tensor) throws -> Tensor
}

/// `transforms.ToTensor()`: bytes `[H, W(, C)]` to floats `[C, H, W]` in [0, 1].
public final class ToTensor: Transform, CustomStringConvertible {
    public init() {}

    /// torchvision's repr: `ToTensor()`.
    public var description: String { "ToTensor()" }

    public func callAsFunction(_ image: Tensor) throws -> Tensor {
        guard image.dtype == .int64 else { throw DataError("pic should be an image of bytes ([H, W] or [H, W, C]). Got \(image.dtype)") }
        guard image.rank == 2 || image.rank == 3 else { throw DataError("pic should be 2/3 dimensional. Got \(image.rank) dimensions.") }
        let (h, w, c) = (image.shape[0], image.shape[1], image.rank == 3 ? image.shape[2] : 1)
        let bytes = image.int64s
        var out = [Float](repeating: 0, count: bytes.count)
        for y in 0..<h { for x in 0..<w { for k in 0..<c {
            out[(k * h + y) * w + x] = Float(bytes[(y * w + x) * c + k]) / 255
        } } }
        return Tensor(shape: [c, h, w], floats: out)
    }
}

/// `transforms.Normalize(mean, std)`: `(x - mean[c]) / std[c]` per channel of a `[C, H, W]` tensor.
public final class Normalize: Transform, CustomStringConvertible {
    public let mean: [Double], std: [Double]

    /// torchvision's repr: `Normalize(mean=[0.5], std=[0.5])`.
    public var description: String {
        func list(_ values: [Double]) -> String { "[" + values.map(Python.float).joined(separator: ", ") + "]" }
        return "Normalize(mean=\(list(mean)), std=\(list(std)))"
    }

    public init(mean: [Double], std: [Double]) throws {
        guard !mean.isEmpty, mean.count == std.count else { throw DataError("Normalize needs as many means as standard deviations") }
        guard !std.contains(0) else {
            throw DataError("std evaluated to zero after conversion to torch.float32, leading to division by zero.")
        }
        self.mean = mean
        self.std = std
    }

    public func callAsFunction(_ image: Tensor) throws -> Tensor {
        guard image.dtype == .float32, image.rank >= 3 else {
            throw DataError("Expected tensor to be a tensor image of size (..., C, H, W). Got \(image.shape).")
        }
        let c = image.shape[image.rank - 3], plane = image.shape[image.rank - 2] * image.shape[image.rank - 1]
        guard mean.count == c || mean.count == 1 else {
            throw DataError("Normalize: \(mean.count) means for an image of \(c) channels")
        }
        var values = image.floats
        for index in values.indices {
            let channel = mean.count == 1 ? 0 : (index / plane) % c
            values[index] = (values[index] - Float(mean[channel])) / Float(std[channel])
        }
        return Tensor(shape: image.shape, floats: values)
    }
}

/// `transforms.Compose([...])`: the transforms in order.
public final class Compose: Transform, CustomStringConvertible {
    public let transforms: [Transform]
    public init(_ transforms: [Transform]) { self.transforms = transforms }

    /// torchvision's repr: the class name, then each transform on a line of its own.
    public var description: String {
        var text = "Compose("
        for transform in transforms {
            let shown = (transform as? CustomStringConvertible)?.description ?? "\(type(of: transform))()"
            text += "\n    " + shown
        }
        return text + "\n)"
    }

    public func callAsFunction(_ image: Tensor) throws -> Tensor {
        try transforms.reduce(image) { try $1($0) }
    }
}

/// `transforms.Lambda(f)`: a function as a transform.
public final class Lambda: Transform, CustomStringConvertible {
    private let body: (Tensor) throws -> Tensor
    public init(_ body: @escaping (Tensor) throws -> Tensor) { self.body = body }
    /// torchvision's repr: `Lambda()`.
    public var description: String { "Lambda()" }
    public func callAsFunction(_ image: Tensor) throws -> Tensor { try body(image) }
}

/// `transforms.RandomHorizontalFlip(p)`: mirrors the image left to right when
/// `torch.rand(1) < p`, one draw per image.
public final class RandomHorizontalFlip: Transform, CustomStringConvertible {
    public let p: Double
    public init(p: Double = 0.5) { self.p = p }
    /// torchvision's repr: `RandomHorizontalFlip(p=0.5)`.
    public var description: String { "RandomHorizontalFlip(p=\(Python.float(p)))" }

    public func callAsFunction(_ image: Tensor) throws -> Tensor {
        guard Double(Generator.default.uniform(count: 1)[0]) < p else { return image }
        let layout = try ImageLayout(image)
        return layout.map(image) { y, x in (y, layout.width - 1 - x) }
    }
}

/// `transforms.RandomCrop(size, padding:)`: pads each side with zeros, then
/// cuts a `size × size` window at `torch.randint(0, h - size + 1)`,
/// `torch.randint(0, w - size + 1)` (no draw when the window is the whole image).
public final class RandomCrop: Transform, CustomStringConvertible {
    public let size: (Int, Int), padding: Int
    /// Whether a padding was given (torchvision shows `padding=None` otherwise).
    private let paddingGiven: Bool

    /// A crop of `size × size`; `padding` nil pads nothing (torchvision's `padding=None`).
    public convenience init(_ size: Int, padding: Int? = nil) throws {
        try self.init(height: size, width: size, padding: padding)
    }

    /// A crop of `height × width` (torchvision's `RandomCrop((h, w))`).
    public init(height: Int, width: Int, padding: Int? = nil) throws {
        guard height > 0, width > 0, (padding ?? 0) >= 0 else {
            throw DataError("RandomCrop needs a positive size and a non-negative padding")
        }
        self.size = (height, width)
        self.padding = padding ?? 0
        paddingGiven = padding != nil
    }

    /// torchvision's repr: `RandomCrop(size=(32, 32), padding=4)`.
    public var description: String {
        "RandomCrop(size=(\(size.0), \(size.1)), padding=\(paddingGiven ? String(padding) : "None"))"
    }

    public func callAsFunction(_ image: Tensor) throws -> Tensor {
        let layout = try ImageLayout(image)
        let (h, w) = (layout.height + 2 * padding, layout.width + 2 * padding)
        let (th, tw) = size
        guard h >= th, w >= tw else {
            throw DataError("Required crop size (\(th), \(tw)) is larger than input image size (\(h), \(w))")
        }
        var (top, left) = (0, 0)
        if !(h == th && w == tw) {
            top = Int(Generator.default.nextUInt32() % UInt32(h - th + 1))
            left = Int(Generator.default.nextUInt32() % UInt32(w - tw + 1))
        }
        return layout.map(image, height: th, width: tw) { y, x in
            let (sy, sx) = (y + top - padding, x + left - padding)
            return sy >= 0 && sy < layout.height && sx >= 0 && sx < layout.width ? (sy, sx) : nil
        }
    }
}

/// Where the rows and columns of an image are: `[H, W(, C)]` bytes or `[C, H, W]` floats.
struct ImageLayout {
    let channelsFirst: Bool
    let height: Int, width: Int, channels: Int

    init(_ image: Tensor) throws {
        if image.dtype == .int64, image.rank == 2 || image.rank == 3 {
            channelsFirst = false
            (height, width, channels) = (image.shape[0], image.shape[1], image.rank == 3 ? image.shape[2] : 1)
        } else if image.dtype == .float32, image.rank == 3 {
            channelsFirst = true
            (channels, height, width) = (image.shape[0], image.shape[1], image.shape[2])
        } else {
            throw DataError("expected an image: [H, W(, C)] bytes or a [C, H, W] tensor, got \(image.shape) \(image.dtype)")
        }
    }

    /// A new image of `height × width` whose pixel `(y, x)` is the source pixel
    /// `source(y, x)`, or zero when that is nil.
    func map(_ image: Tensor, height newHeight: Int? = nil, width newWidth: Int? = nil,
             _ source: (Int, Int) -> (Int, Int)?) -> Tensor {
        let (oh, ow) = (newHeight ?? height, newWidth ?? width)
        func index(_ y: Int, _ x: Int, _ k: Int, _ h: Int, _ w: Int) -> Int {
            channelsFirst ? (k * h + y) * w + x : (y * w + x) * channels + k
        }
        let shape = channelsFirst ? [channels, oh, ow] : (image.rank == 3 ? [oh, ow, channels] : [oh, ow])
        if image.dtype == .int64 {
            let values = image.int64s
            var out = [Int64](repeating: 0, count: oh * ow * channels)
            for y in 0..<oh { for x in 0..<ow { if let (sy, sx) = source(y, x) { for k in 0..<channels {
                out[index(y, x, k, oh, ow)] = values[index(sy, sx, k, height, width)]
            } } } }
            return Tensor(shape: shape, int64s: out)
        }
        let values = image.floats
        var out = [Float](repeating: 0, count: oh * ow * channels)
        for y in 0..<oh { for x in 0..<ow { if let (sy, sx) = source(y, x) { for k in 0..<channels {
            out[index(y, x, k, oh, ow)] = values[index(sy, sx, k, height, width)]
        } } } }
        return Tensor(shape: shape, floats: out)
    }
}
