import Autograd
import Foundation
import XCTest

/// Every operation that saves a tensor for its backward detects an in-place
/// change to that tensor, because its backward can only read it through the node.
final class GradFnTests: XCTestCase {
    /// One operation: what it computes from `x` (a leaf that requires grad), and
    /// the tensor it saves that the case changes in place before the backward.
    private struct Case {
        let name: String
        let build: (Tensor) throws -> (output: Tensor, saved: Tensor)
    }

    private static let message =
        "one of the variables needed for gradient computation has been modified by an inplace operation: "

    private var cases: [Case] {
        let other = Tensor(shape: [2, 3], floats: [0.5, 1.5, 2, 3, 0.25, 1])
        let square = Tensor(shape: [3, 2], floats: [1, 2, 3, 4, 5, 6])
        let indices = Tensor(shape: [2], int64s: [1, 0])
        let column = Tensor(shape: [2, 1], int64s: [2, 0])
        let condition = Tensor(shape: [2, 3], bools: [true, false, true, false, true, true])
        return [
            Case(name: "mul saves the other factor") { x in (try x * other, other) },
            Case(name: "mul saves self") { x in (try other.mul(x), other) },
            Case(name: "div") { x in (try x / other, other) },
            Case(name: "reciprocal") { x in let y = x.reciprocal(); return (y, y) },
            Case(name: "pow") { x in let y = try x * 1.0; return (y.pow(3), y) },
            Case(name: "pow tensor") { x in (try x.pow(other), other) },
            Case(name: "rpow") { x in let y = x.rpow(2); return (y, y) },
            Case(name: "exp") { x in let y = x.exp(); return (y, y) },
            Case(name: "log") { x in let y = try x * 1.0; return (y.log(), y) },
            Case(name: "sqrt") { x in let y = x.sqrt(); return (y, y) },
            Case(name: "abs") { x in let y = try x * 1.0; return (try y.abs(), y) },
            Case(name: "relu") { x in let y = x.relu(); return (y, y) },
            Case(name: "sigmoid") { x in let y = x.sigmoid(); return (y, y) },
            Case(name: "tanh") { x in let y = x.tanh(); return (y, y) },
            Case(name: "softmax") { x in let y = try x.softmax(dim: 1); return (y, y) },
            Case(name: "logSoftmax") { x in let y = try x.logSoftmax(dim: 1); return (y, y) },
            Case(name: "max") { x in let y = try x.max(); return (y, y) },
            Case(name: "min input") { x in let y = try x * 1.0; return (try y.min(), y) },
            Case(name: "max(dim:) indices") { x in let r = try x.max(dim: 1); return (r.values, r.indices) },
            Case(name: "min(dim:) indices") { x in let r = try x.min(dim: 0); return (r.values, r.indices) },
            Case(name: "mseLoss target") { x in (try x.mseLoss(other), other) },
            Case(name: "nllLoss target") { x in
                let target = Tensor(shape: [2], int64s: [2, 0])
                return (try x.nllLoss(target), target)
            },
            Case(name: "nllLoss weight") { x in
                let weight = Tensor(shape: [3], floats: [1, 2, 3])
                return (try x.nllLoss(Tensor(shape: [2], int64s: [2, 0]), weight: weight), weight)
            },
            Case(name: "linear weight") { x in
                let w = Tensor(shape: [4, 3], floats: (0..<12).map { Float($0) / 10 })
                return (try x.linear(weight: w), w)
            },
            Case(name: "linear input") { x in
                let w = try Tensor(shape: [4, 3], floats: (0..<12).map { Float($0) / 10 }).requiresGrad(true)
                let input = try x.detach() * 1.0
                return (try input.linear(weight: w), input)
            },
            Case(name: "mm") { x in (try x.mm(square), square) },
            Case(name: "batched matmul") { x in
                let b = Tensor(shape: [1, 3, 2], floats: [1, 2, 3, 4, 5, 6])
                return (try x.unsqueeze(dim: 0).matmul(b), b)
            },
            Case(name: "conv2d weight") { x in
                let w = Tensor(shape: [1, 1, 2, 2], floats: [1, -1, 0.5, 2])
                return (try x.reshape([1, 1, 2, 3]).conv2d(weight: w), w)
            },
            Case(name: "convTranspose2d weight") { x in
                let w = Tensor(shape: [1, 1, 2, 2], floats: [1, -1, 0.5, 2])
                return (try x.reshape([1, 1, 2, 3]).convTranspose2d(weight: w), w)
            },
            Case(name: "batchNorm input") { x in
                let y = try x * 1.0
                return (try y.batchNorm(runningMean: nil, runningVar: nil, training: true), y)
            },
            Case(name: "batchNorm weight") { x in
                let w = Tensor(shape: [3], floats: [1, 2, 3])
                return (try x.batchNorm(runningMean: nil, runningVar: nil, weight: w, training: true), w)
            },
            Case(name: "maxPool2d indices") { x in
                let r = try x.reshape([1, 1, 2, 3]).maxPool2dWithIndices(kernelSize: (2, 2), stride: (1, 1))
                return (r.values, r.indices)
            },
            Case(name: "in-place mul") { x in
                let y = try x * 1.0
                try y.mulInPlace(other)
                return (y, other)
            },
            Case(name: "in-place div") { x in
                let y = try x * 1.0
                try y.divInPlace(other)
                return (y, other)
            },
            Case(name: "atan2") { x in (try x.atan2(other), other) },
            Case(name: "clamp") { x in let y = try x * 1.0; return (try y.clamp(min: 0.75, max: 2), y) },
            Case(name: "maximum") { x in (try x.maximum(other), other) },
            Case(name: "minimum") { x in (try other.minimum(x), other) },
            Case(name: "embedding indices") { x in (try x.embedding(indices), indices) },
            Case(name: "cross") { x in (try x.cross(other), other) },
            Case(name: "index") { x in (try x.index([indices]), indices) },
            Case(name: "index put") { x in
                let y = try x * 1.0
                try y.indexPut_([indices], Tensor(5.0))
                return (y, indices)
            },
            Case(name: "cumprod") { x in let y = try x * 1.0; return (try y.cumprod(dim: 1), y) },
            Case(name: "sort indices") { x in let r = try x.sort(dim: 1); return (r.values, r.indices) },
            Case(name: "topk indices") { x in let r = try x.topk(2, dim: 1); return (r.values, r.indices) },
            Case(name: "prod") { x in let y = try x * 1.0; return (try y.prod(), y) },
            Case(name: "prod(dim:)") { x in let y = try x * 1.0; return (try y.prod(dim: 1), y) },
            Case(name: "var") { x in let y = try x * 1.0; return (try y.variance(dim: 1), y) },
            Case(name: "std") { x in let y = try x * 1.0; return (try y.std(), y) },
            Case(name: "norm") { x in let y = try x * 1.0; return (try y.norm(), y) },
            Case(name: "logsumexp") { x in let y = try x * 1.0; return (try y.logsumexp(dim: 1), y) },
            Case(name: "leakyRelu") { x in let y = try x * 1.0; return (y.leakyRelu(), y) },
            Case(name: "gelu") { x in let y = try x * 1.0; return (try y.gelu(), y) },
            Case(name: "gelu tanh") { x in let y = try x * 1.0; return (try y.gelu(approximate: "tanh"), y) },
            Case(name: "silu") { x in let y = try x * 1.0; return (y.silu(), y) },
            Case(name: "elu") { x in let y = try x * 1.0; return (y.elu(), y) },
            Case(name: "softplus") { x in let y = try x * 1.0; return (y.softplus(), y) },
            Case(name: "hardtanh") { x in let y = try x * 1.0; return (y.hardtanh(), y) },
            Case(name: "sin") { x in let y = try x * 1.0; return (y.sin(), y) },
            Case(name: "cos") { x in let y = try x * 1.0; return (y.cos(), y) },
            Case(name: "tan") { x in let y = try x * 1.0; return (y.tan(), y) },
            Case(name: "asin") { x in let y = try x * 0.1; return (y.asin(), y) },
            Case(name: "acos") { x in let y = try x * 0.1; return (y.acos(), y) },
            Case(name: "atan") { x in let y = try x * 1.0; return (y.atan(), y) },
            Case(name: "sinh") { x in let y = try x * 1.0; return (y.sinh(), y) },
            Case(name: "cosh") { x in let y = try x * 1.0; return (y.cosh(), y) },
            Case(name: "log2") { x in let y = try x * 1.0; return (y.log2(), y) },
            Case(name: "log10") { x in let y = try x * 1.0; return (y.log10(), y) },
            Case(name: "log1p") { x in let y = try x * 1.0; return (y.log1p(), y) },
            Case(name: "expm1") { x in let y = try x * 1.0; return (y.expm1(), y) },
            Case(name: "rsqrt") { x in let y = try x * 1.0; return (y.rsqrt(), y) },
            Case(name: "fmod tensor") { x in (try x.fmod(other), other) },
            Case(name: "remainder tensor") { x in (try x.remainder(other), other) },
            Case(name: "dot") { x in
                let w = Tensor(shape: [6], floats: [1, 2, 3, 4, 5, 6])
                return (try x.reshape([6]).dot(w), w)
            },
            Case(name: "mv") { x in let v = Tensor(shape: [3], floats: [1, 2, 3]); return (try x.mv(v), v) },
            Case(name: "bmm") { x in
                let b = Tensor(shape: [1, 3, 2], floats: [1, 2, 3, 4, 5, 6])
                return (try x.unsqueeze(dim: 0).bmm(b), b)
            },
            Case(name: "where condition") { x in (try Tensor.where(condition, x, other), condition) },
            Case(name: "maskedFill mask") { x in (try x.maskedFill(condition, 0), condition) },
            Case(name: "gather index") { x in (try x.gather(dim: 1, index: column), column) },
            Case(name: "scatter index") { x in (try x.scatter(dim: 1, index: column, source: other), column) },
            Case(name: "scatterAdd index") { x in (try x.scatterAdd(dim: 1, index: column, source: other), column) },
            Case(name: "indexSelect index") { x in (try x.indexSelect(dim: 0, index: indices), indices) },
            Case(name: "layerNorm input") { x in let y = try x * 1.0; return (try y.layerNorm([3]), y) },
            Case(name: "layerNorm weight") { x in
                let w = Tensor(shape: [3], floats: [1, 2, 3])
                return (try x.layerNorm([3], weight: w), w)
            },
            Case(name: "groupNorm input") { x in let y = try x * 1.0; return (try y.reshape([1, 2, 3]).groupNorm(groups: 2), y) },
            Case(name: "binaryCrossEntropy target") { x in
                let t = Tensor(shape: [2, 3], floats: [0, 1, 0.5, 1, 0, 0.25])
                return (try x.sigmoid().binaryCrossEntropy(t), t)
            },
            Case(name: "binaryCrossEntropyWithLogits target") { x in (try x.binaryCrossEntropyWithLogits(other), other) },
            Case(name: "smoothL1Loss target") { x in (try x.smoothL1Loss(other), other) },
            Case(name: "huberLoss target") { x in (try x.huberLoss(other), other) },
            Case(name: "klDiv target") { x in (try x.klDiv(other), other) },
        ]
    }

    /// Every call site in `Sources/Autograd` that records a node saving tensors,
    /// as `file: operator name` (the name expression as written). A new site
    /// fails `testEveryCallSiteThatSavesHasACase` until it is listed here and
    /// gets a case above.
    private static let savingSites: [String: Int] = [
        "Tensor+Activations.swift: \"LeakyReluBackward0\"": 1, "Tensor+Activations.swift: \"GeluBackward0\"": 2,
        "Tensor+Activations.swift: \"SiluBackward0\"": 1, "Tensor+Activations.swift: \"EluBackward0\"": 1,
        "Tensor+Activations.swift: \"SoftplusBackward0\"": 1, "Tensor+Activations.swift: \"HardtanhBackward0\"": 1,
        "Tensor+TransposedConvolution.swift: \"ConvolutionBackward0\"": 1,
        "Tensor+Arithmetic.swift: \"MulBackward0\"": 1, "Tensor+Arithmetic.swift: \"DivBackward0\"": 1,
        "Tensor+Arithmetic.swift: \"ReciprocalBackward0\"": 1, "Tensor+Arithmetic.swift: \"PowBackward0\"": 1,
        "Tensor+Arithmetic.swift: \"PowBackward1\"": 1, "Tensor+Arithmetic.swift: \"PowBackward2\"": 1,
        "Tensor+Clamping.swift: \"ClampBackward1\"": 1, "Tensor+Clamping.swift: name": 1,
        "Tensor+Convolution.swift: \"ConvolutionBackward0\"": 1, "Tensor+Embedding.swift: \"EmbeddingBackward0\"": 1,
        "Tensor+GroupedNormalization.swift: name": 1,
        "Tensor+InPlace.swift: name": 1, "Tensor+InPlace.swift: \"MulBackward0\"": 1, "Tensor+InPlace.swift: \"DivBackward0\"": 1,
        "Tensor+Indexing.swift: \"IndexBackward0\"": 1, "Tensor+Indexing.swift: \"IndexPutBackward0\"": 1,
        "Tensor+Layout.swift: \"LinalgCrossBackward0\"": 1, "Tensor+Linear.swift: name": 1,
        "Tensor+Losses.swift: \"MseLossBackward0\"": 1, "Tensor+Losses.swift: name": 1,
        "Tensor+MatMul.swift: \"MmBackward0\"": 1, "Tensor+MatMul.swift: \"BmmBackward0\"": 1,
        "Tensor+Math.swift: \"ExpBackward0\"": 1, "Tensor+Math.swift: \"LogBackward0\"": 1,
        "Tensor+Math.swift: \"SqrtBackward0\"": 1, "Tensor+Math.swift: \"AbsBackward0\"": 1,
        "Tensor+Math.swift: \"ReluBackward0\"": 1, "Tensor+Math.swift: \"SigmoidBackward0\"": 1,
        "Tensor+Math.swift: \"TanhBackward0\"": 1, "Tensor+Math.swift: \"SoftmaxBackward0\"": 1,
        "Tensor+Math.swift: \"LogSoftmaxBackward0\"": 1, "Tensor+Normalization.swift: \"NativeBatchNormBackward0\"": 1,
        "Tensor+Pointwise.swift: name": 1, "Tensor+Pointwise.swift: \"FmodBackward1\"": 1,
        "Tensor+Pointwise.swift: \"RemainderBackward1\"": 1, "Tensor+PointwiseLosses.swift: name": 1,
        "Tensor+Pooling.swift: \"MaxPool2DWithIndicesBackward0\"": 1, "Tensor+Products.swift: \"DotBackward0\"": 1,
        "Tensor+Products.swift: \"MvBackward0\"": 1, "Tensor+Products.swift: \"BmmBackward0\"": 1,
        "Tensor+Reductions.swift: isMax ? \"MaxBackward1\" : \"MinBackward1\"": 2,
        "Tensor+Reductions.swift: isMax ? \"MaxBackward0\" : \"MinBackward0\"": 1,
        "Tensor+Scan.swift: \"CumprodBackward0\"": 1, "Tensor+Selection.swift: \"WhereBackward0\"": 1,
        "Tensor+Selection.swift: \"MaskedFillBackward0\"": 1, "Tensor+Selection.swift: \"GatherBackward0\"": 1,
        "Tensor+Selection.swift: add ? \"ScatterAddBackward0\" : \"ScatterBackward0\"": 1,
        "Tensor+Selection.swift: \"IndexSelectBackward0\"": 1, "Tensor+Sorting.swift: name": 1,
        "Tensor+Statistics.swift: name": 2, "Tensor+Trigonometry.swift: \"Atan2Backward0\"": 1,
    ]

    /// The call sites of `recordOperation`, `updateInPlace` and `GradFn(name:)`
    /// in the engine's sources that save a non-empty list of tensors.
    private static func scanSavingSites() throws -> [String: Int] {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/Autograd")
        var sites: [String: Int] = [:]
        for file in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() where file.hasSuffix(".swift") {
            guard file != "GradFn.swift" && file != "Tensor+Autograd.swift" else { continue }
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            for line in text.split(separator: "\n").map(String.init) {
                let code = line.trimmingCharacters(in: .whitespaces)
                guard !code.hasPrefix("//"), !code.contains("func "),
                      code.contains("recordOperation(") || code.contains("updateInPlace(") || code.contains("GradFn(name:"),
                      let saving = code.range(of: "saving: ") ?? code.range(of: "saved: "),
                      !code[saving.upperBound...].hasPrefix("[]") else { continue }
                let name: String
                if let call = code.range(of: "recordOperation(") {
                    name = String(code[call.upperBound...].prefix { $0 != "," })
                } else if let label = code.range(of: "name: ") {
                    name = String(code[label.upperBound...].prefix { $0 != "," })
                } else {
                    name = "?"
                }
                sites["\(file): \(name)", default: 0] += 1
            }
        }
        return sites
    }

    func testEveryCallSiteThatSavesHasACase() throws {
        XCTAssertEqual(try GradFnTests.scanSavingSites(), GradFnTests.savingSites)
        // Every node name those sites record is exercised by a case.
        var covered: Set<String> = []
        for c in cases {
            let x = Tensor(shape: [2, 3], floats: [0.5, 2, 1.5, 3, 1, 0.25], requiresGrad: true)
            var stack = [try c.build(x).output.gradFn].compactMap { $0 }
            while let node = stack.popLast() {
                covered.insert(node.name)
                stack += node.next.compactMap { $0 }
            }
        }
        let names = ["LeakyReluBackward0", "GeluBackward0", "SiluBackward0", "EluBackward0", "SoftplusBackward0", "HardtanhBackward0", "MulBackward0",
                     "DivBackward0", "ReciprocalBackward0", "PowBackward0", "PowBackward1", "PowBackward2", "ClampBackward1",
                     "MaximumBackward0", "MinimumBackward0", "ConvolutionBackward0", "EmbeddingBackward0",
                     "NativeLayerNormBackward0", "NativeGroupNormBackward0", "IndexBackward0", "IndexPutBackward0",
                     "LinalgCrossBackward0", "MseLossBackward0", "NllLossBackward0", "MmBackward0", "BmmBackward0",
                     "ExpBackward0", "LogBackward0", "SqrtBackward0", "AbsBackward0", "ReluBackward0", "SigmoidBackward0",
                     "TanhBackward0", "SoftmaxBackward0", "LogSoftmaxBackward0", "NativeBatchNormBackward0", "SinBackward0",
                     "CosBackward0", "TanBackward0", "AsinBackward0", "AcosBackward0", "AtanBackward0", "SinhBackward0",
                     "CoshBackward0", "Log2Backward0", "Log10Backward0", "Log1PBackward0", "Expm1Backward0", "RsqrtBackward0",
                     "FmodBackward1", "RemainderBackward1", "BinaryCrossEntropyBackward0",
                     "BinaryCrossEntropyWithLogitsBackward0", "MaxPool2DWithIndicesBackward0", "DotBackward0", "MvBackward0",
                     "MaxBackward1", "MinBackward1", "MaxBackward0", "MinBackward0", "CumprodBackward0", "WhereBackward0",
                     "MaskedFillBackward0", "GatherBackward0", "ScatterBackward0", "ScatterAddBackward0",
                     "IndexSelectBackward0", "SortBackward0", "TopkBackward0", "ProdBackward0", "ProdBackward1",
                     "VarBackward0", "StdBackward0", "LinalgVectorNormBackward0", "LogsumexpBackward0", "Atan2Backward0"]
        for name in names { XCTAssertTrue(covered.contains(name), "no case records \(name)") }
    }

    func testEveryOperationChecksWhatItSaved() throws {
        for c in cases {
            let x = Tensor(shape: [2, 3], floats: [0.5, 2, 1.5, 3, 1, 0.25], requiresGrad: true)
            let (output, saved) = try c.build(x)
            // The same case without the change runs its backward.
            XCTAssertNoThrow(try output.sum().backward(retainGraph: true), c.name)
            try saved.detach().fill(0)
            XCTAssertThrowsError(try output.sum().backward(), c.name) {
                let message = ($0 as? TensorError)?.message ?? ""
                XCTAssertTrue(message.hasPrefix(GradFnTests.message), "\(c.name): \(message)")
            }
        }
    }

    func testMaxIndicesChangedInPlace() throws {
        let x = try Tensor([[1.0, 5.0, 2.0], [7.0, 0.0, 3.0]], requiresGrad: true)
        let r = try x.max(dim: 1)
        try r.indices.fill(0)
        XCTAssertThrowsError(try r.values.sum().backward()) {
            XCTAssertEqual(($0 as? TensorError)?.message,
                           "one of the variables needed for gradient computation has been modified by an inplace operation: [torch.LongTensor [2]] is at version 1; expected version 0 instead. Hint: enable anomaly detection to find the operation that failed to compute its gradient, with torch.autograd.set_detect_anomaly(True, check_nan=False).")
        }
        XCTAssertNil(x.grad)
    }

    func testSavedOutputNamesItsOperation() throws {
        let x = Tensor(shape: [2, 3], floats: [1, 2, 3, 4, 5, 6], requiresGrad: true)
        let e = try Tensor(shape: [2, 3], floats: [1, 2, 1, 2, 1, 2]).requiresGrad(true)
        let y = try x.exp().pow(e)
        try y.mulInPlace(2)
        XCTAssertThrowsError(try y.sum().backward()) {
            XCTAssertEqual(($0 as? TensorError)?.message,
                           "one of the variables needed for gradient computation has been modified by an inplace operation: [torch.FloatTensor [2, 3]], which is output 0 of Pow1, is at version 1; expected version 0 instead. Hint: enable anomaly detection to find the operation that failed to compute its gradient, with torch.autograd.set_detect_anomaly(True, check_nan=False).")
        }
    }

    func testSquaringInPlaceFailsItsBackward() throws {
        let x = Tensor([1.0, 2.0, 3.0], requiresGrad: true)
        let a = try x * 1.0
        try a.mulInPlace(a)
        XCTAssertThrowsError(try a.sum().backward()) {
            XCTAssertTrue((($0 as? TensorError)?.message ?? "").contains("which is output 0 of Mul, is at version 1; expected version 0"))
        }
    }
}
