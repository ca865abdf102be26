extension Generator {
    /// `a · b + c` on eight float lanes with a single rounding, bit-identical to
    /// `fmaf` and `_mm256_fmadd_ps`, without per-lane calls.
    ///
    /// Swift compiles for x86-64 processors without fused multiply-add, so
    /// `addingProduct` becomes a call to `fmaf` for every lane. Here the product of
    /// two floats is formed exactly in double precision and added there, and the
    /// double sum is rounded to float. Rounding twice can only differ from rounding
    /// once when the double sum lies exactly halfway between two floats (its 29 low
    /// mantissa bits are a one followed by zeros), or when the result is not above
    /// float's smallest normal number, where the halfway points lie elsewhere. Such
    /// lanes (about one in 2²⁸ for arbitrary operands, more where exact ties are
    /// common) make `allExact` false, and the caller then redoes its work with the
    /// scalar `addingProduct`.
    ///
    /// The vector functions built on it (`CephesMath.log`, `CephesMath.sincos`)
    /// also send here the lanes outside the range their vector form handles.
    struct FusedMultiplyAdd {
        /// Set where a double sum lay halfway between two floats: tested on the low
        /// 32-bit word of each 64-bit lane (the high words never match).
        private var halfway = SIMDMask<SIMD16<Int32>>()
        /// Set where a result was not above float's smallest normal number, or where
        /// the caller sent the lane to the scalar path.
        private var scalarLanes = SIMDMask<SIMD8<Int32>>()

        /// Whether every lane so far is certainly what the scalar path gives.
        @inline(__always) var allExact: Bool { !any(halfway) && !any(scalarLanes) }

        /// Sends the lanes of `mask` to the scalar path.
        @inline(__always)
        mutating func requireScalar(where mask: SIMDMask<SIMD8<Int32>>) {
            scalarLanes .|= mask
        }

        /// `a · b + c`, rounded once.
        @inline(__always)
        mutating func callAsFunction(_ a: SIMD8<Float>, _ b: SIMD8<Float>, _ c: SIMD8<Float>) -> SIMD8<Float> {
            let sum = Self.widen(a) * Self.widen(b) + Self.widen(c)
            let lowBits = unsafeBitCast(unsafeBitCast(sum, to: SIMD8<UInt64>.self) & 0x1fff_ffff, to: SIMD16<UInt32>.self)
            halfway .|= lowBits .== unsafeBitCast(SIMD8<UInt64>(repeating: 0x1_1000_0000), to: SIMD16<UInt32>.self)
            let result = Self.narrow(sum)
            let magnitude = unsafeBitCast(unsafeBitCast(result, to: SIMD8<UInt32>.self) & 0x7fff_ffff, to: SIMD8<Float>.self)
            scalarLanes .|= magnitude .<= Float.leastNormalMagnitude
            return result
        }

        /// Each lane converted to double (exactly), written lane by lane so the
        /// optimiser makes it one vector conversion rather than a generic call.
        @inline(__always)
        static func widen(_ v: SIMD8<Float>) -> SIMD8<Double> {
            SIMD8(Double(v[0]), Double(v[1]), Double(v[2]), Double(v[3]),
                  Double(v[4]), Double(v[5]), Double(v[6]), Double(v[7]))
        }

        /// Each lane rounded to float.
        @inline(__always)
        static func narrow(_ v: SIMD8<Double>) -> SIMD8<Float> {
            SIMD8(Float(v[0]), Float(v[1]), Float(v[2]), Float(v[3]),
                  Float(v[4]), Float(v[5]), Float(v[6]), Float(v[7]))
        }
    }
}
