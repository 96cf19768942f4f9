#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The circular-shift permutation machinery of §4.6, on flat calendar-indexed arrays.
///
/// A shifted pairing for shift `s` and lag `k` pairs day `t` (k ≤ t < D) with trigger day
/// `j = (t − k − s) mod D`; as `t` runs up, `j` runs up from `(D − s) mod D` and wraps once, so the sums are
/// two contiguous, branch-free loops over arrays where a missing value is stored as 0 with a 0 mask.
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
}

/// A trigger series prepared for the shift loop.
struct TriggerArrays {
    /// The raw values (0 where missing), for the exact constancy check.
    let raw: [Double]
    /// The values used in the sums: centred on the series' mean for numeric triggers (so that the one-pass
    /// sums stay well conditioned), raw 0/1 for boolean triggers; 0 where missing.
    let value: [Double]
    let square: [Double]
    /// 1 where present.
    let mask: [Double]
    let presence: [Bool]

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
        var mask = [Double](repeating: 0, count: raw.count)
        for index in raw.indices where present[index] {
            let centred = raw[index] - offset
            value[index] = centred
            square[index] = centred * centred
            mask[index] = 1
        }
        self.raw = raw
        self.value = value
        self.square = square
        self.mask = mask
        self.presence = present
    }

    /// The sums of the pairing at shift `s` (0 ≤ s < D) and lag `k`.
    func sums(_ flare: FlareArrays, shift s: Int, lag k: Int) -> PairingSums {
        let count = mask.count
        var result = PairingSums()
        guard k < count else { return result }
        value.withUnsafeBufferPointer { value in
            square.withUnsafeBufferPointer { square in
                mask.withUnsafeBufferPointer { mask in
                    flare.present.withUnsafeBufferPointer { present in
                        flare.flare.withUnsafeBufferPointer { isFlare in
                            var n = 0.0
                            var n1 = 0.0
                            var sx = 0.0
                            var sx1 = 0.0
                            var sxx = 0.0
                            var t = k
                            var j = (count - s) % count
                            var remaining = count - k
                            while remaining > 0 {
                                let length = Swift.min(remaining, count - j)
                                for i in 0..<length {
                                    let p = present[t + i]
                                    let f = isFlare[t + i]
                                    let m = mask[j + i]
                                    let x = value[j + i]
                                    n += m * p
                                    n1 += m * f
                                    sx += x * p
                                    sx1 += x * f
                                    sxx += square[j + i] * p
                                }
                                t += length
                                remaining -= length
                                j = 0
                            }
                            result = PairingSums(n: n, n1: n1, sx: sx, sx1: sx1, sxx: sxx)
                        }
                    }
                }
            }
        }
        return result
    }

    /// Whether all trigger values of the pairing at shift `s` and lag `k` are equal (the slow exact check).
    func isConstant(_ flare: FlareArrays, shift s: Int, lag k: Int) -> Bool {
        let count = mask.count
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

    /// |r| of a numeric pairing, or nil when x or f is constant (§4.6).
    func numericStatistic(_ flare: FlareArrays, shift s: Int, lag k: Int) -> Double? {
        let sums = sums(flare, shift: s, lag: k)
        guard sums.n1 > 0, sums.n1 < sums.n else { return nil }
        let sxxCentred = sums.sxx - sums.sx * sums.sx / sums.n
        // A constant x leaves only rounding error here; look exactly before calling it constant.
        if !(sxxCentred > 1e-9 * sums.sxx), isConstant(flare, shift: s, lag: k) { return nil }
        guard sxxCentred > 0 else { return 1 }
        let sxf = sums.sx1 - sums.sx * sums.n1 / sums.n
        let sff = sums.n1 * (sums.n - sums.n1) / sums.n
        return Swift.min(1, abs(sxf) / (sxxCentred * sff).squareRoot())
    }

    /// |ln OR| with ½ added to every cell, or nil when x or f is constant (§4.6, §0.4).
    func booleanStatistic(_ flare: FlareArrays, shift s: Int, lag k: Int) -> Double? {
        let sums = sums(flare, shift: s, lag: k)
        guard sums.n1 > 0, sums.n1 < sums.n, sums.sx > 0, sums.sx < sums.n else { return nil }
        let a = sums.sx1
        let b = sums.sx - a
        let c = sums.n1 - a
        let d = sums.n - sums.n1 - b
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
