// Section numbers (§) refer to docs/analysis.md, the analysis rules this code follows.
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The circular-shift permutation machinery of §4.6, on flat calendar-indexed arrays.
///
/// A shifted pairing for shift `s` and lag `k` pairs day `t` (k ≤ t < D) with trigger day
/// `j = (t − k − s) mod D`; as `t` runs up, `j` runs up from `(D − s) mod D` and wraps once, so the sums are
/// two contiguous, branch-free loops over arrays where a missing value is stored as 0 next to a 0/1 byte mask.
struct PairingSums {
    /// Number of pairs.
    var n = 0.0
    /// Pairs with f = 1.
    var n1 = 0.0
    /// Σx over the pairs.
    var sx = 0.0
    /// Σx over the pairs with f = 1.
    var sx1 = 0.0
    /// Σx² over the pairs.
    var sxx = 0.0
}

/// The outcome side of a pairing, precomputed once per report: 1/0 masks as doubles.
struct FlareArrays {
    /// 1 where F[t] is present.
    let present: [Double]
    /// 1 where F[t] = 1.
    let flare: [Double]
    /// The same masks as bytes, for the integer counts.
    let presentBytes: [UInt8]
    let flareBytes: [UInt8]

    init(present: [Double], flare: [Double]) {
        self.present = present
        self.flare = flare
        presentBytes = present.map { $0 != 0 ? 1 : 0 }
        flareBytes = flare.map { $0 != 0 ? 1 : 0 }
    }
}

/// A trigger series prepared for the shift loop.
struct TriggerArrays {
    /// The raw values (0 where missing), for the exact constancy check.
    let raw: [Double]
    /// The values used in the sums: centred on the series' mean for numeric triggers (so that the one-pass
    /// sums stay well conditioned), raw 0/1 for boolean triggers; 0 where missing.
    let value: [Double]
    let square: [Double]
    let presence: [Bool]
    /// 1 where present / where x = 1 (boolean triggers), as bytes.
    let maskBytes: [UInt8]
    let oneBytes: [UInt8]

    init(value raw: [Double], present: [Bool], centre: Bool) {
        var total = 0.0
        var count = 0
        for index in raw.indices where present[index] {
            total += raw[index]
            count += 1
        }
        let offset = centre && count > 0 ? total / Double(count) : 0
        var value = [Double](repeating: 0, count: raw.count)
        var square = [Double](repeating: 0, count: raw.count)
        for index in raw.indices where present[index] {
            let centred = raw[index] - offset
            value[index] = centred
            square[index] = centred * centred
        }
        self.raw = raw
        self.value = value
        self.square = square
        self.presence = present
        maskBytes = present.map { $0 ? 1 : 0 }
        oneBytes = raw.indices.map { present[$0] && raw[$0] == 1 ? 1 : 0 }
    }

    /// Integer counts of a boolean pairing at shift `s` and lag `k`: pairs, pairs with f = 1, pairs with x = 1,
    /// pairs with x = 1 and f = 1 (byte masks, a loop the compiler vectorizes).
    func counts(_ flare: FlareArrays, shift s: Int, lag k: Int) -> (n: Int, n1: Int, x1: Int, a: Int) {
        let count = maskBytes.count
        guard k < count else { return (0, 0, 0, 0) }
        var n: UInt32 = 0
        var n1: UInt32 = 0
        var x1: UInt32 = 0
        var a: UInt32 = 0
        maskBytes.withUnsafeBufferPointer { mask in
            oneBytes.withUnsafeBufferPointer { one in
                flare.presentBytes.withUnsafeBufferPointer { present in
                    flare.flareBytes.withUnsafeBufferPointer { isFlare in
                        let mask = UnsafeRawPointer(mask.baseAddress!)
                        let one = UnsafeRawPointer(one.baseAddress!)
                        let present = UnsafeRawPointer(present.baseAddress!)
                        let isFlare = UnsafeRawPointer(isFlare.baseAddress!)
                        func load(_ base: UnsafeRawPointer, _ index: Int) -> SIMD16<UInt8> {
                            base.loadUnaligned(fromByteOffset: index, as: SIMD16<UInt8>.self)
                        }
                        func widen(_ lanes: SIMD16<UInt8>) -> UInt32 {
                            UInt32(truncatingIfNeeded: SIMD16<UInt16>(truncatingIfNeeded: lanes).wrappedSum())
                        }
                        var t = k
                        var j = (count - s) % count
                        var remaining = count - k
                        while remaining > 0 {
                            let length = Swift.min(remaining, count - j)
                            var i = 0
                            // Byte lanes hold at most 255 before they are widened into the totals.
                            while i + 16 <= length {
                                var vn = SIMD16<UInt8>()
                                var vn1 = SIMD16<UInt8>()
                                var vx1 = SIMD16<UInt8>()
                                var va = SIMD16<UInt8>()
                                var blocks = 0
                                while i + 16 <= length && blocks < 255 {
                                    let p = load(present, t + i)
                                    let f = load(isFlare, t + i)
                                    let m = load(mask, j + i)
                                    let x = load(one, j + i)
                                    vn &+= m & p
                                    vn1 &+= m & f
                                    vx1 &+= x & p
                                    va &+= x & f
                                    i += 16
                                    blocks += 1
                                }
                                n &+= widen(vn)
                                n1 &+= widen(vn1)
                                x1 &+= widen(vx1)
                                a &+= widen(va)
                            }
                            while i < length {
                                let p = present.load(fromByteOffset: t + i, as: UInt8.self)
                                let f = isFlare.load(fromByteOffset: t + i, as: UInt8.self)
                                let m = mask.load(fromByteOffset: j + i, as: UInt8.self)
                                let x = one.load(fromByteOffset: j + i, as: UInt8.self)
                                n &+= UInt32(m & p)
                                n1 &+= UInt32(m & f)
                                x1 &+= UInt32(x & p)
                                a &+= UInt32(x & f)
                                i += 1
                            }
                            t += length
                            remaining -= length
                            j = 0
                        }
                    }
                }
            }
        }
        return (Int(n), Int(n1), Int(x1), Int(a))
    }

    /// The sums of the pairing at shift `s` (0 ≤ s < D) and lag `k`.
    ///
    /// The hot loop of `correlate`: four-lane SIMD accumulators over the two contiguous segments. The order of
    /// summation depends on the segments, but the observed statistic (shift 0) goes through the same code.
    func sums(_ flare: FlareArrays, shift s: Int, lag k: Int) -> PairingSums {
        let count = maskBytes.count
        guard k < count else { return PairingSums() }
        var sx = SIMD4<Double>()
        var sx1 = SIMD4<Double>()
        var sxx = SIMD4<Double>()
        var tail = PairingSums()
        value.withUnsafeBufferPointer { value in
            square.withUnsafeBufferPointer { square in
                flare.present.withUnsafeBufferPointer { present in
                    flare.flare.withUnsafeBufferPointer { isFlare in
                        let value = UnsafeRawPointer(value.baseAddress!)
                        let square = UnsafeRawPointer(square.baseAddress!)
                        let present = UnsafeRawPointer(present.baseAddress!)
                        let isFlare = UnsafeRawPointer(isFlare.baseAddress!)
                        let stride = MemoryLayout<Double>.stride
                        func load(_ base: UnsafeRawPointer, _ index: Int) -> SIMD4<Double> {
                            base.loadUnaligned(fromByteOffset: index * stride, as: SIMD4<Double>.self)
                        }
                        func scalar(_ base: UnsafeRawPointer, _ index: Int) -> Double {
                            base.loadUnaligned(fromByteOffset: index * stride, as: Double.self)
                        }
                        var t = k
                        var j = (count - s) % count
                        var remaining = count - k
                        while remaining > 0 {
                            let length = Swift.min(remaining, count - j)
                            var i = 0
                            while i + 4 <= length {
                                let p = load(present, t + i)
                                let f = load(isFlare, t + i)
                                let x = load(value, j + i)
                                sx += x * p
                                sx1 += x * f
                                sxx += load(square, j + i) * p
                                i += 4
                            }
                            while i < length {
                                let p = scalar(present, t + i)
                                let f = scalar(isFlare, t + i)
                                let x = scalar(value, j + i)
                                tail.sx += x * p
                                tail.sx1 += x * f
                                tail.sxx += scalar(square, j + i) * p
                                i += 1
                            }
                            t += length
                            remaining -= length
                            j = 0
                        }
                    }
                }
            }
        }
        // The counts are exact integers; the byte kernel is much cheaper than two more double products.
        let counts = counts(flare, shift: s, lag: k)
        return PairingSums(
            n: Double(counts.n), n1: Double(counts.n1), sx: sx.sum() + tail.sx, sx1: sx1.sum() + tail.sx1,
            sxx: sxx.sum() + tail.sxx)
    }

    /// Whether all trigger values of the pairing at shift `s` and lag `k` are equal (the slow exact check).
    func isConstant(_ flare: FlareArrays, shift s: Int, lag k: Int) -> Bool {
        let count = maskBytes.count
        var first: Double?
        var t = k
        var j = (count - s) % count
        while t < count {
            if presence[j] && flare.present[t] != 0 {
                if let first {
                    if raw[j] != first { return false }
                } else {
                    first = raw[j]
                }
            }
            t += 1
            j += 1
            if j == count { j = 0 }
        }
        return true
    }

    /// |r| of the pairing at shift `s` and lag `k` by the two-pass formula (the slow path for tiny spreads).
    func twoPassStatistic(_ flare: FlareArrays, shift s: Int, lag k: Int) -> Double? {
        let count = maskBytes.count
        var xs: [Double] = []
        var fs: [Double] = []
        var t = k
        var j = (count - s) % count
        while t < count {
            if presence[j] && flare.present[t] != 0 {
                xs.append(raw[j])
                fs.append(flare.flare[t])
            }
            t += 1
            j += 1
            if j == count { j = 0 }
        }
        return pearson(xs, fs).map(abs)
    }

    /// |r| of a numeric pairing, or nil when x or f is constant (§4.6).
    func numericStatistic(_ flare: FlareArrays, shift s: Int, lag k: Int) -> Double? {
        let sums = sums(flare, shift: s, lag: k)
        guard sums.n1 > 0, sums.n1 < sums.n else { return nil }
        let sxxCentred = sums.sxx - sums.sx * sums.sx / sums.n
        // A constant x leaves only rounding error here; when the spread is that small, look at the pairs
        // themselves: constant means undefined, otherwise the two-pass formula decides.
        if !(sxxCentred > 1e-9 * sums.sxx) {
            if isConstant(flare, shift: s, lag: k) { return nil }
            return twoPassStatistic(flare, shift: s, lag: k)
        }
        let sxf = sums.sx1 - sums.sx * sums.n1 / sums.n
        let sff = sums.n1 * (sums.n - sums.n1) / sums.n
        return Swift.min(1, abs(sxf) / (sxxCentred * sff).squareRoot())
    }

    /// |ln OR| with ½ added to every cell, or nil when x or f is constant (§4.6, §0.4).
    func booleanStatistic(_ flare: FlareArrays, shift s: Int, lag k: Int) -> Double? {
        let counts = counts(flare, shift: s, lag: k)
        guard counts.n1 > 0, counts.n1 < counts.n, counts.x1 > 0, counts.x1 < counts.n else { return nil }
        let a = Double(counts.a)
        let b = Double(counts.x1 - counts.a)
        let c = Double(counts.n1 - counts.a)
        let d = Double(counts.n - counts.n1 - counts.x1 + counts.a)
        return abs(log(((a + 0.5) * (d + 0.5)) / ((b + 0.5) * (c + 0.5))))
    }
}

/// perm_p of §4.6 from a statistic evaluated at shift 0 and at each shift; nil when no shift is valid.
func permutationPValue(shifts: [Int], statistic: (Int) -> Double?) -> Double? {
    guard let observed = statistic(0) else { return nil }
    var valid = 0
    var atLeast = 0
    for shift in shifts {
        guard let value = statistic(shift) else { continue }
        valid += 1
        if value >= observed - 1e-12 { atLeast += 1 }
    }
    guard valid > 0 else { return nil }
    return Double(1 + atLeast) / Double(valid + 1)
}
