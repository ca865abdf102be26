import CBLAS

/// Winograd's minimal filtering F(2×2, 3×3) for 3×3 convolutions with unit
/// stride and dilation and one group (Lavin & Gray, "Fast Algorithms for
/// Convolutional Neural Networks").
///
/// The output is cut into 2×2 tiles; each tile reads a 4×4 input patch. With
/// `Bᵀ d B` the transformed patch, `G g Gᵀ` the transformed kernel and
/// `Aᵀ m A` the output transform, a tile is `Aᵀ [(G g Gᵀ) ⊙ (Bᵀ d B)] A`.
/// Summed over input channels, the element-wise products become 16 matrix
/// products (one per position of the 4×4 transformed tile) of
/// `[outChannels, inChannels]` weights by `[inChannels, tiles]` patches:
/// 16 multiply-adds per 4 outputs instead of 36.
///
/// The input gradient of such a convolution is the same convolution of the
/// output gradient with the kernel flipped and its channels swapped, and
/// padding `2 - padding`. Flipping a kernel permutes its transform (rows and
/// columns 0 and 3 swap), so the forward's transformed weights serve, read
/// transposed.
///
/// The weight gradient is the adjoint of the forward: the output gradient's
/// tiles transformed by `A gy Aᵀ`, multiplied by the transformed input patches
/// summed over tiles, and brought back to 3×3 by `Gᵀ u G`.
enum Winograd {
    /// Positions of a transformed tile.
    static let positions = 16

    /// Whether a convolution of these sizes can run through Winograd's algorithm.
    static func applies(to g: ConvolutionGeometry) -> Bool {
        g.kernelHeight == 3 && g.kernelWidth == 3 && g.strideH == 1 && g.strideW == 1
            && g.dilationH == 1 && g.dilationW == 1 && g.groups == 1
            && g.padH <= 2 && g.padW <= 2 && g.batch > 0 && g.inChannels > 0 && g.outChannels > 0
            && g.outHeight > 0 && g.outWidth > 0
    }

    /// Whether Winograd's algorithm beats im2col for this convolution (or its input gradient).
    ///
    /// Its transforms and its short products cost more than they save on few tiles
    /// (the weights' transforms grow as channels², the savings as channels² × tiles):
    /// in ResNet18 at 224×224 it wins from 14×14 on, at 64×64 nowhere.
    static func isFaster(for g: ConvolutionGeometry, gradient: Bool) -> Bool {
        let p = g.winogradProblem(gradient: gradient)
        return p.tiles >= 40 && p.inChannels * p.outChannels * p.tiles >= 1 << 21
    }

    /// Writes the transforms `G g Gᵀ` of a `[outChannels, inChannels, 3, 3]`
    /// weight as 16 `[outChannels, inChannels]` matrices.
    static func transformWeights(_ weight: UnsafePointer<Float>, outChannels: Int, inChannels: Int, into u: UnsafeMutablePointer<Float>) {
        let plane = outChannels * inChannels
        ComputeThreads.forEachPart(of: outChannels) { range in
            // One output channel's taps, tap-major so that the loops below run along channels.
            withUnsafeTemporaryAllocation(of: Float.self, capacity: 21 * inChannels) { buffer in
                let taps = buffer.baseAddress!, t = taps + 9 * inChannels
                for o in range {
                    let g = weight + o * inChannels * 9
                    for c in 0..<inChannels {
                        for k in 0..<9 { taps[k * inChannels + c] = g[c * 9 + k] }
                    }
                    // Rows: t = G g (4×3), for every channel.
                    for j in 0..<3 {
                        let g0 = taps + j * inChannels, g1 = g0 + 3 * inChannels, g2 = g1 + 3 * inChannels
                        let t0 = t + j * inChannels, t1 = t0 + 3 * inChannels, t2 = t1 + 3 * inChannels, t3 = t2 + 3 * inChannels
                        multiplyByG(g0, g1, g2, count: inChannels, into: t0, t1, t2, t3)
                    }
                    // Columns: u = t Gᵀ (4×4), written as rows of the 16 matrices.
                    for a in 0..<4 {
                        let r0 = t + 3 * a * inChannels, r1 = r0 + inChannels, r2 = r1 + inChannels
                        let u0 = u + 4 * a * plane + o * inChannels, u1 = u0 + plane, u2 = u1 + plane, u3 = u2 + plane
                        multiplyByG(r0, r1, r2, count: inChannels, into: u0, u1, u2, u3)
                    }
                }
            }
        }
    }

    /// The sizes of one Winograd convolution of an `[batch, inChannels, height, width]`
    /// input into an `[batch, outChannels, outHeight, outWidth]` output.
    struct Problem {
        let batch: Int, inChannels: Int, height: Int, width: Int
        let padH: Int, padW: Int
        let outChannels: Int, outHeight: Int, outWidth: Int

        var tilesH: Int { (outHeight + 1) / 2 }
        var tilesW: Int { (outWidth + 1) / 2 }
        /// Tiles of all samples: the columns of each of the 16 products.
        var tiles: Int { batch * tilesH * tilesW }
    }

    /// Convolves `input` with transformed weights `u` (from `transformWeights`) into `output`.
    ///
    /// With `flipped`, `u` holds the transforms of a `[inChannels, outChannels, 3, 3]`
    /// weight and the convolution uses that weight flipped with channels swapped
    /// (the input gradient's kernel). `bias`, when given, is added to every output.
    /// The transformed input patches (`[16, inChannels, tiles]`) are written to
    /// `patches` when given, for the weight gradient.
    static func convolve(
        _ input: UnsafePointer<Float>, _ p: Problem, weights u: UnsafePointer<Float>, flipped: Bool,
        bias: UnsafePointer<Float>?, patches: UnsafeMutablePointer<Float>? = nil, output: UnsafeMutablePointer<Float>
    ) {
        let tiles = p.tiles
        let vCount = patches == nil ? positions * p.inChannels * tiles : 0, mCount = positions * p.outChannels * tiles
        // Eight spare floats: the output transform reads up to seven past the last tile.
        let bytes = (vCount + mCount + 8) * MemoryLayout<Float>.stride
        let block = StoragePool.shared.allocate(bytes)
        defer { StoragePool.shared.release(block, bytes: bytes) }
        let m = block.assumingMemoryBound(to: Float.self), v = patches ?? m + mCount + 8

        ComputeThreads.forEachPart(of: p.inChannels) { transformInput(input, p, channels: $0, into: v) }
        let (ci, co) = (p.inChannels, p.outChannels)
        ComputeThreads.forEachPart(of: positions, minimumWork: co * ci * tiles * positions) { range in
            for position in range {
                // Flipping swaps transform rows and columns 0 and 3.
                let source = flipped ? flippedPosition(position) : position
                cblas_sgemm(
                    CblasRowMajor, flipped ? CblasTrans : CblasNoTrans, CblasNoTrans,
                    Int32(co), Int32(tiles), Int32(ci), 1, u + source * co * ci, Int32(flipped ? co : ci),
                    v + position * ci * tiles, Int32(tiles), 0, m + position * co * tiles, Int32(tiles))
            }
        }
        ComputeThreads.forEachPart(of: p.outChannels) { transformOutput(m, p, channels: $0, bias: bias, into: output) }
    }

    /// The weight gradient of the convolution `p` of `input`: the adjoint of
    /// `convolve`, with 16 products `[outChannels, tiles] · [tiles, inChannels]`
    /// of the transformed output gradient by the transformed input (`patches`
    /// from the forward `convolve` when given, else transformed here).
    static func weightGradient(
        _ gradOutput: UnsafePointer<Float>, input: UnsafePointer<Float>, patches: UnsafePointer<Float>? = nil, _ p: Problem,
        into gradWeight: UnsafeMutablePointer<Float>
    ) {
        let (ci, co, tiles) = (p.inChannels, p.outChannels, p.tiles)
        let vCount = patches == nil ? positions * ci * tiles : 0, mCount = positions * co * tiles, uCount = positions * co * ci
        let bytes = (vCount + mCount + uCount) * MemoryLayout<Float>.stride
        let block = StoragePool.shared.allocate(bytes)
        defer { StoragePool.shared.release(block, bytes: bytes) }
        let m = block.assumingMemoryBound(to: Float.self), u = m + mCount
        let v: UnsafePointer<Float>
        if let patches {
            v = patches
        } else {
            let transformed = u + uCount
            ComputeThreads.forEachPart(of: ci) { transformInput(input, p, channels: $0, into: transformed) }
            v = UnsafePointer(transformed)
        }
        ComputeThreads.forEachPart(of: co) { transformGradOutput(gradOutput, p, channels: $0, into: m) }
        ComputeThreads.forEachPart(of: positions, minimumWork: co * ci * tiles * positions) { range in
            for position in range {
                cblas_sgemm(
                    CblasRowMajor, CblasNoTrans, CblasTrans, Int32(co), Int32(ci), Int32(tiles), 1,
                    m + position * co * tiles, Int32(tiles), v + position * ci * tiles, Int32(tiles),
                    0, u + position * co * ci, Int32(ci))
            }
        }
        ComputeThreads.forEachPart(of: co) { gradientOfWeightTransform(u, outChannels: co, inChannels: ci, channels: $0, into: gradWeight) }
    }

    /// Writes `A gy Aᵀ` of every 2×2 output-gradient tile of `channels` (zero
    /// beyond the output's edge) as `m[position][channel][tile]`: the adjoint of `transformOutput`.
    private static func transformGradOutput(
        _ gradOutput: UnsafePointer<Float>, _ p: Problem, channels: Range<Int>, into m: UnsafeMutablePointer<Float>
    ) {
        let (tilesH, tilesW, tiles) = (p.tilesH, p.tilesW, p.tiles)
        let (oh, ow) = (p.outHeight, p.outWidth)
        let stride = p.outChannels * tiles
        let rowLength = 2 * tilesW
        withUnsafeTemporaryAllocation(of: Float.self, capacity: 2 * rowLength) { buffer in
            let top = buffer.baseAddress!, bottom = top + rowLength
            top.initialize(repeating: 0, count: 2 * rowLength)
            for n in 0..<p.batch {
                for o in channels {
                    let plane = gradOutput + (n * p.outChannels + o) * oh * ow
                    for ty in 0..<tilesH {
                        top.update(from: plane + 2 * ty * ow, count: ow)
                        if 2 * ty + 1 < oh {
                            bottom.update(from: plane + (2 * ty + 1) * ow, count: ow)
                        } else {
                            bottom.update(repeating: 0, count: ow)
                        }
                        let first = (n * tilesH + ty) * tilesW
                        let base = m + o * tiles + first
                        var tx = 0
                        while tx + 8 <= tilesW {
                            let t = load16(top + 2 * tx), u = load16(bottom + 2 * tx)
                            let y00 = t.evenHalf, y01 = t.oddHalf, y10 = u.evenHalf, y11 = u.oddHalf
                            @inline(__always) func write(_ a: Int, _ l: SIMD8<Float>, _ r: SIMD8<Float>) {
                                let target = base + 4 * a * stride + tx
                                store(l, target)
                                store(l + r, target + stride)
                                store(l - r, target + 2 * stride)
                                store(-r, target + 3 * stride)
                            }
                            write(0, y00, y01)
                            write(1, y00 + y10, y01 + y11)
                            write(2, y00 - y10, y01 - y11)
                            write(3, -y10, -y11)
                            tx += 8
                        }
                        for tx in tx..<tilesW {
                            let y00 = top[2 * tx], y01 = top[2 * tx + 1], y10 = bottom[2 * tx], y11 = bottom[2 * tx + 1]
                            // Rows of A gy: (y0, y0 + y1, y0 - y1, -y1); then the same along columns.
                            @inline(__always) func write(_ a: Int, _ l: Float, _ r: Float) {
                                let target = base + 4 * a * stride + tx
                                target[0] = l
                                target[stride] = l + r
                                target[2 * stride] = l - r
                                target[3 * stride] = -r
                            }
                            write(0, y00, y01)
                            write(1, y00 + y10, y01 + y11)
                            write(2, y00 - y10, y01 - y11)
                            write(3, -y10, -y11)
                        }
                    }
                }
            }
        }
    }

    /// Writes `Gᵀ u G` of the transformed weight gradient `u` (16 `[outChannels, inChannels]`
    /// matrices) into a `[outChannels, inChannels, 3, 3]` gradient: the adjoint of `transformWeights`.
    private static func gradientOfWeightTransform(
        _ u: UnsafePointer<Float>, outChannels: Int, inChannels: Int, channels: Range<Int>,
        into gradWeight: UnsafeMutablePointer<Float>
    ) {
        let plane = outChannels * inChannels
        withUnsafeTemporaryAllocation(of: Float.self, capacity: 21 * inChannels) { buffer in
            // t: 4 rows × 3 columns of Gᵀ-reduced columns; taps: 3×3, tap-major, per channel.
            let t = buffer.baseAddress!, taps = t + 12 * inChannels
            for o in channels {
                // Columns: t[a][k] = Σ_b u[a][b] G[b][k].
                for a in 0..<4 {
                    let u0 = u + 4 * a * plane + o * inChannels, u1 = u0 + plane, u2 = u1 + plane, u3 = u2 + plane
                    let t0 = t + 3 * a * inChannels, t1 = t0 + inChannels, t2 = t1 + inChannels
                    multiplyByGTransposed(u0, u1, u2, u3, count: inChannels, into: t0, t1, t2)
                }
                // Rows: taps[k][l] = Σ_a G[a][k] t[a][l].
                for l in 0..<3 {
                    let r0 = t + l * inChannels, r1 = r0 + 3 * inChannels, r2 = r1 + 3 * inChannels, r3 = r2 + 3 * inChannels
                    let k0 = taps + l * inChannels, k1 = k0 + 3 * inChannels, k2 = k1 + 3 * inChannels
                    multiplyByGTransposed(r0, r1, r2, r3, count: inChannels, into: k0, k1, k2)
                }
                let g = gradWeight + o * inChannels * 9
                for c in 0..<inChannels {
                    for k in 0..<9 { g[c * 9 + k] = taps[k * inChannels + c] }
                }
            }
        }
    }

    /// The position of a flipped kernel's transform holding `position` of the original's.
    @inline(__always)
    static func flippedPosition(_ position: Int) -> Int {
        let swap = { (i: Int) in i == 0 ? 3 : i == 3 ? 0 : i }
        return swap(position / 4) * 4 + swap(position % 4)
    }

    /// Writes `Bᵀ d B` of every 4×4 input patch of `channels` as `v[position][channel][tile]`.
    private static func transformInput(
        _ input: UnsafePointer<Float>, _ p: Problem, channels: Range<Int>, into v: UnsafeMutablePointer<Float>
    ) {
        let (tilesH, tilesW, tiles) = (p.tilesH, p.tilesW, p.tiles)
        // Padded rows of 2 × tiles + 2 columns, rounded up to whole vectors.
        let rowLength = (2 * tilesW + 2 + 7) / 8 * 8
        let stride = p.inChannels * tiles
        withUnsafeTemporaryAllocation(of: Float.self, capacity: 8 * rowLength) { buffer in
            let rows = buffer.baseAddress!, t = rows + 4 * rowLength
            // Columns of the padded rows that hold input; the rest stay zero.
            let lo = Swift.min(p.padW, rowLength), hi = Swift.min(rowLength, p.padW + p.width)
            rows.initialize(repeating: 0, count: 4 * rowLength)
            for n in 0..<p.batch {
                for c in channels {
                    let plane = input + (n * p.inChannels + c) * p.height * p.width
                    for ty in 0..<tilesH {
                        for r in 0..<4 {
                            let row = rows + r * rowLength
                            let ih = 2 * ty + r - p.padH
                            if ih >= 0 && ih < p.height && lo < hi {
                                (row + lo).update(from: plane + ih * p.width + lo - p.padW, count: hi - lo)
                            } else {
                                (row + lo).update(repeating: 0, count: Swift.max(0, hi - lo))
                            }
                        }
                        // Rows of Bᵀ d.
                        let r0 = rows, r1 = rows + rowLength, r2 = rows + 2 * rowLength, r3 = rows + 3 * rowLength
                        let t0 = t, t1 = t + rowLength, t2 = t + 2 * rowLength, t3 = t + 3 * rowLength
                        for x in Swift.stride(from: 0, to: rowLength, by: 8) {
                            let d0 = load(r0 + x), d1 = load(r1 + x), d2 = load(r2 + x), d3 = load(r3 + x)
                            store(d0 - d2, t0 + x)
                            store(d1 + d2, t1 + x)
                            store(d2 - d1, t2 + x)
                            store(d1 - d3, t3 + x)
                        }
                        // Columns: (Bᵀ d) B, one tile after the other.
                        let first = (n * tilesH + ty) * tilesW
                        for a in 0..<4 {
                            let ta = t + a * rowLength
                            let v0 = v + (4 * a * p.inChannels + c) * tiles + first
                            let v1 = v0 + stride, v2 = v1 + stride, v3 = v2 + stride
                            var tx = 0
                            while tx + 8 <= tilesW {
                                // Eight tiles at once: their even and odd columns.
                                let left = load16(ta + 2 * tx), right = load16(ta + 2 * tx + 2)
                                let x0 = left.evenHalf, x1 = left.oddHalf, x2 = right.evenHalf, x3 = right.oddHalf
                                store(x0 - x2, v0 + tx)
                                store(x1 + x2, v1 + tx)
                                store(x2 - x1, v2 + tx)
                                store(x1 - x3, v3 + tx)
                                tx += 8
                            }
                            for tx in tx..<tilesW {
                                let x0 = ta[2 * tx], x1 = ta[2 * tx + 1], x2 = ta[2 * tx + 2], x3 = ta[2 * tx + 3]
                                v0[tx] = x0 - x2
                                v1[tx] = x1 + x2
                                v2[tx] = x2 - x1
                                v3[tx] = x1 - x3
                            }
                        }
                    }
                }
            }
        }
    }

    /// Writes `Aᵀ m A` of every tile of `channels` (from `m[position][channel][tile]`) into the output planes.
    private static func transformOutput(
        _ m: UnsafePointer<Float>, _ p: Problem, channels: Range<Int>, bias: UnsafePointer<Float>?,
        into output: UnsafeMutablePointer<Float>
    ) {
        let (tilesH, tilesW, tiles) = (p.tilesH, p.tilesW, p.tiles)
        let (oh, ow) = (p.outHeight, p.outWidth)
        let stride = p.outChannels * tiles
        // Tiles whose two columns both lie inside the output.
        let fullW = ow / 2
        let rowLength = (tilesW + 7) / 8 * 8
        withUnsafeTemporaryAllocation(of: Float.self, capacity: 4 * rowLength) { buffer in
            let y0 = buffer.baseAddress!, y1 = y0 + rowLength, y2 = y1 + rowLength, y3 = y2 + rowLength
            for n in 0..<p.batch {
                for o in channels {
                    let plane = output + (n * p.outChannels + o) * oh * ow
                    let b = bias?[o] ?? 0
                    for ty in 0..<tilesH {
                        let first = (n * tilesH + ty) * tilesW
                        let base = m + o * tiles + first
                        // Rows of Aᵀ m for each column j: s0j = m0j + m1j + m2j, s1j = m1j - m2j - m3j.
                        // Eight tiles at once; reading past the row's last tile is harmless (`m` has room).
                        for tx in Swift.stride(from: 0, to: tilesW, by: 8) {
                            @inline(__always) func at(_ position: Int) -> SIMD8<Float> { load(base + position * stride + tx) }
                            let s00 = at(0) + at(4) + at(8), s10 = at(4) - at(8) - at(12)
                            let s01 = at(1) + at(5) + at(9), s11 = at(5) - at(9) - at(13)
                            let s02 = at(2) + at(6) + at(10), s12 = at(6) - at(10) - at(14)
                            let s03 = at(3) + at(7) + at(11), s13 = at(7) - at(11) - at(15)
                            store(s00 + s01 + s02 + b, y0 + tx)
                            store(s01 - s02 - s03 + b, y1 + tx)
                            store(s10 + s11 + s12 + b, y2 + tx)
                            store(s11 - s12 - s13 + b, y3 + tx)
                        }
                        let top = plane + 2 * ty * ow
                        interleave(y0, y1, count: fullW, into: top)
                        if fullW < tilesW { top[2 * fullW] = y0[fullW] }
                        guard 2 * ty + 1 < oh else { continue }
                        let bottom = top + ow
                        interleave(y2, y3, count: fullW, into: bottom)
                        if fullW < tilesW { bottom[2 * fullW] = y2[fullW] }
                    }
                }
            }
        }
    }

    /// `(o0, o1, o2, o3) = G (a, b, c)` element-wise over `count` elements:
    /// `(a, (a + b + c) / 2, (a - b + c) / 2, c)`.
    @inline(__always)
    private static func multiplyByG(
        _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ c: UnsafePointer<Float>, count: Int,
        into o0: UnsafeMutablePointer<Float>, _ o1: UnsafeMutablePointer<Float>, _ o2: UnsafeMutablePointer<Float>,
        _ o3: UnsafeMutablePointer<Float>
    ) {
        var i = 0
        while i + 8 <= count {
            let x = load(a + i), y = load(b + i), z = load(c + i)
            store(x, o0 + i)
            store(0.5 * (x + y + z), o1 + i)
            store(0.5 * (x - y + z), o2 + i)
            store(z, o3 + i)
            i += 8
        }
        for i in i..<count {
            let x = a[i], y = b[i], z = c[i]
            o0[i] = x
            o1[i] = 0.5 * (x + y + z)
            o2[i] = 0.5 * (x - y + z)
            o3[i] = z
        }
    }

    /// `(o0, o1, o2) = Gᵀ (a, b, c, d)` element-wise over `count` elements:
    /// `(a + (b + c) / 2, (b - c) / 2, (b + c) / 2 + d)`.
    @inline(__always)
    private static func multiplyByGTransposed(
        _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ c: UnsafePointer<Float>, _ d: UnsafePointer<Float>,
        count: Int, into o0: UnsafeMutablePointer<Float>, _ o1: UnsafeMutablePointer<Float>, _ o2: UnsafeMutablePointer<Float>
    ) {
        var i = 0
        while i + 8 <= count {
            let half1 = 0.5 * load(b + i), half2 = 0.5 * load(c + i)
            store(load(a + i) + half1 + half2, o0 + i)
            store(half1 - half2, o1 + i)
            store(half1 + half2 + load(d + i), o2 + i)
            i += 8
        }
        for i in i..<count {
            let half1 = 0.5 * b[i], half2 = 0.5 * c[i]
            o0[i] = a[i] + half1 + half2
            o1[i] = half1 - half2
            o2[i] = half1 + half2 + d[i]
        }
    }

    /// Writes `even[i]` and `odd[i]` to `target[2i]` and `target[2i + 1]` for `i` in `0..<count`.
    @inline(__always)
    private static func interleave(
        _ even: UnsafePointer<Float>, _ odd: UnsafePointer<Float>, count: Int, into target: UnsafeMutablePointer<Float>
    ) {
        var i = 0
        while i + 8 <= count {
            var pair = SIMD16<Float>()
            pair.evenHalf = load(even + i)
            pair.oddHalf = load(odd + i)
            UnsafeMutableRawPointer(target + 2 * i).storeBytes(of: pair, as: SIMD16<Float>.self)
            i += 8
        }
        for i in i..<count {
            target[2 * i] = even[i]
            target[2 * i + 1] = odd[i]
        }
    }

    @inline(__always)
    private static func load(_ p: UnsafePointer<Float>) -> SIMD8<Float> {
        UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self)
    }

    @inline(__always)
    private static func load16(_ p: UnsafePointer<Float>) -> SIMD16<Float> {
        UnsafeRawPointer(p).loadUnaligned(as: SIMD16<Float>.self)
    }

    @inline(__always)
    private static func store(_ x: SIMD8<Float>, _ p: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(p).storeBytes(of: x, as: SIMD8<Float>.self)
    }
}
