// Section numbers (§) refer to docs/analysis.md, the analysis rules this code follows.
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Special functions for the analysis (spec §6), in plain double arithmetic.
///
/// Accuracy (checked against scipy in `AnalysisSpecialFunctionTests`):
/// * `logGamma`: the C library's `lgamma_r` (glibc: within a few ulp for positive arguments).
/// * `regularizedIncompleteBeta`: relative error about 1e-14 over the arguments the analysis uses
///   (a = (n−2)/2 for n ≥ 3, b = ½), including tails far below 1e-12; the continued fraction converges in
///   O(sqrt(max(a, b))) iterations.
/// * `normalTwoSidedTail`: the C library's `erfc` (glibc: < 1 ulp-ish, accurate deep into the tail).
/// * `hypergeometricProbability`: relative error about N·1e-16 (the absolute error of `lgamma(N+1)`), i.e.
///   ≤ 1e-12 for ten years of daily data.
enum SpecialFunctions {
    /// ln Γ(x) for x > 0 (re-entrant: does not touch the global `signgam`).
    static func logGamma(_ x: Double) -> Double {
        var sign: Int32 = 0
        return lgamma_r(x, &sign)
    }

    /// ln C(n, k) = lgamma(n+1) − lgamma(k+1) − lgamma(n−k+1).
    static func logChoose(_ n: Int, _ k: Int) -> Double {
        logGamma(Double(n) + 1) - logGamma(Double(k) + 1) - logGamma(Double(n - k) + 1)
    }

    /// I_x(a, b) with `y = 1 − x` given separately so that neither side loses digits to cancellation.
    ///
    /// Modified Lentz continued fraction, evaluated directly when x < (a+1)/(a+b+2) and as 1 − I_y(b, a)
    /// otherwise; iterates to a relative change below 1e-15.
    static func regularizedIncompleteBeta(a: Double, b: Double, x: Double, y: Double) -> Double {
        if x <= 0 { return 0 }
        if y <= 0 { return 1 }
        let logPrefactor = a * log(x) + b * log(y) - (logGamma(a) + logGamma(b) - logGamma(a + b))
        let prefactor = exp(logPrefactor)
        if x < (a + 1) / (a + b + 2) {
            return prefactor * continuedFraction(a: a, b: b, x: x) / a
        }
        return 1 - prefactor * continuedFraction(a: b, b: a, x: y) / b
    }

    /// The continued fraction of I_x(a, b) (Numerical Recipes' betacf), by the modified Lentz method.
    private static func continuedFraction(a: Double, b: Double, x: Double) -> Double {
        let tiny = 1e-300
        let qab = a + b
        let qap = a + 1
        let qam = a - 1
        var c = 1.0
        var d = 1 - qab * x / qap
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for m in 1...100_000 {
            let m = Double(m)
            let m2 = 2 * m
            var aa = m * (b - m) * x / ((qam + m2) * (a + m2))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-15 { break }
        }
        return h
    }

    /// Two-sided p of a correlation `r` from `n` pairs: I_{1−r²}((n−2)/2, ½), 0 when |r| = 1 (§4.3).
    static func correlationPValue(r: Double, n: Int) -> Double {
        if abs(r) >= 1 { return 0 }
        let x = (1 - r) * (1 + r)
        let y = r * r
        return min(1, regularizedIncompleteBeta(a: Double(n - 2) / 2, b: 0.5, x: x, y: y))
    }

    /// Two-sided p of Student's t statistic `t` with `df` degrees of freedom: I_{df/(df+t²)}(df/2, ½).
    static func studentTTwoSided(_ t: Double, df: Double) -> Double {
        let square = t * t
        return min(1, regularizedIncompleteBeta(a: df / 2, b: 0.5, x: df / (df + square), y: square / (df + square)))
    }

    /// P(T ≤ t) for Student's t with `df` degrees of freedom, from the tail on the far side of 0 so that
    /// neither tail loses digits.
    static func studentTCDF(_ t: Double, df: Double) -> Double {
        let tail = studentTTwoSided(t, df: df) / 2
        return t >= 0 ? 1 - tail : tail
    }

    /// The `probability` quantile (½ < probability < 1) of Student's t with `df` degrees of freedom: the t
    /// whose two-sided p is 2·(1 − probability), found by bisection on x = df/(df+t²) until x is exact to the
    /// last bit (I_x(df/2, ½) increases with x).
    static func studentTQuantile(_ probability: Double, df: Double) -> Double {
        let target = 2 * (1 - probability)
        var low = 0.0
        var high = 1.0
        while true {
            let middle = (low + high) / 2
            guard middle > low, middle < high else { break }
            let p = regularizedIncompleteBeta(a: df / 2, b: 0.5, x: middle, y: 1 - middle)
            if p < target { low = middle } else { high = middle }
        }
        let x = (low + high) / 2
        return (df * (1 - x) / x).squareRoot()
    }

    /// 2·Φ(−z) = erfc(z/√2).
    static func normalTwoSidedTail(_ z: Double) -> Double {
        erfc(z / 2.0.squareRoot())
    }

    /// P(X = x) for the hypergeometric law with row total `r`, first column total `c1`, grand total `n`.
    static func hypergeometricProbability(_ x: Int, r: Int, c1: Int, n: Int) -> Double {
        exp(logChoose(r, x) + logChoose(n - r, c1 - x) - logChoose(n, c1))
    }

    /// Fisher's exact two-sided p for the 2×2 table [a, b; c, d] with R's relative tie tolerance 1e-7 (§4.4).
    static func fisherExactTwoSided(a: Int, b: Int, c: Int, d: Int) -> Double {
        let r = a + b
        let c1 = a + c
        let n = a + b + c + d
        let low = max(0, c1 - (n - r))
        let high = min(r, c1)
        let observed = hypergeometricProbability(a, r: r, c1: c1, n: n) * (1 + 1e-7)
        var sum = 0.0
        for x in low...high {
            let probability = hypergeometricProbability(x, r: r, c1: c1, n: n)
            if probability <= observed { sum += probability }
        }
        return min(1, sum)
    }
}
