/// Which half of a block a period belongs to: A with the intervention, B without it (or with the other one).
public enum TrialArm: String, Sendable, Hashable {
    case a = "A"
    case b = "B"
}

/// Where a day falls in a trial's plan.
public struct TrialDay: Sendable, Equatable {
    /// 1-based block number.
    public let block: Int
    /// 1-based period number over the whole trial (block 1 holds periods 1 and 2).
    public let period: Int
    public let arm: TrialArm
    /// 0-based day within its period.
    public let dayInPeriod: Int
    /// Washout days (the first `washout` of each period) are not analysed.
    public let isWashout: Bool
}

/// One period of a plan: its days, its arm, and the first analysed day after the washout.
public struct TrialPeriod: Sendable, Equatable {
    public let block: Int
    public let period: Int
    public let arm: TrialArm
    public let from: LocalDay
    public let to: LocalDay
    /// The first day after the washout.
    public let analysedFrom: LocalDay
}

/// A blocked, randomised single-patient (N-of-1) plan (docs/analysis.md, "Single-patient trials"): `blocks`
/// blocks of two periods of `periodDays` days, A and B in an order drawn independently for each block.
public struct TrialPlan: Sendable, Equatable {
    /// The intervention under test (A).
    public let intervention: String
    /// The other intervention of B; nil when B is simply without A.
    public let comparison: String?
    /// The symptom or rating whose daily value is the outcome.
    public let outcome: String
    public let periodDays: Int
    public let washoutDays: Int
    public let blocks: Int
    /// The seed the order was drawn from (0…Int64.max, so SQLite stores it as an integer).
    public let seed: UInt64
    public let start: LocalDay
    /// Two arms per block, in calendar order.
    public let arms: [TrialArm]

    public static let periodRange = 1...90
    public static let blockRange = 2...20
    /// Below this many blocks a two-sided randomisation p can never reach 0.05 (2^(1−k) > 0.05 for k ≤ 4).
    public static let recommendedBlocks = 5

    /// A plan with the order drawn from `seed`.
    /// - Throws: `FlareError.usage` when the design is refused (`check`).
    public init(
        intervention: String, comparison: String?, outcome: String, periodDays: Int, washoutDays: Int, blocks: Int,
        seed: UInt64, start: LocalDay
    ) throws {
        try Self.check(periodDays: periodDays, washoutDays: washoutDays, blocks: blocks, seed: seed)
        try self.init(
            intervention: intervention, comparison: comparison, outcome: outcome, periodDays: periodDays,
            washoutDays: washoutDays, blocks: blocks, seed: seed, start: start,
            arms: Self.randomArms(blocks: blocks, seed: seed))
    }

    /// The plan a request asks for; its seed must be given.
    /// - Throws: `FlareError.usage` when the design is refused or the request has no seed.
    public init(_ request: TrialRequest) throws {
        guard let seed = request.seed else { throw FlareError.usage("a trial plan needs its seed") }
        try self.init(
            intervention: request.intervention, comparison: request.comparison, outcome: request.outcome,
            periodDays: request.periodDays, washoutDays: request.washoutDays, blocks: request.blocks, seed: seed,
            start: request.start)
    }

    /// A plan as stored, with the order it was drawn with.
    /// - Throws: `FlareError.badData` when `arms` is not one A and one B per block.
    init(
        intervention: String, comparison: String?, outcome: String, periodDays: Int, washoutDays: Int, blocks: Int,
        seed: UInt64, start: LocalDay, arms: [TrialArm]
    ) throws {
        guard arms.count == 2 * blocks, stride(from: 0, to: arms.count, by: 2).allSatisfy({ arms[$0] != arms[$0 + 1] })
        else { throw FlareError.badData("a trial's order must hold one A and one B in every block") }
        self.intervention = intervention
        self.comparison = comparison
        self.outcome = outcome
        self.periodDays = periodDays
        self.washoutDays = washoutDays
        self.blocks = blocks
        self.seed = seed
        self.start = start
        self.arms = arms
    }

    /// Refuses a design that cannot give an answer, in one line that says what to change.
    /// - Throws: `FlareError.usage`.
    public static func check(periodDays: Int, washoutDays: Int, blocks: Int, seed: UInt64? = nil) throws {
        guard blockRange.contains(blocks) else {
            throw FlareError.usage(
                "--blocks must be between \(blockRange.lowerBound) and \(blockRange.upperBound): a trial compares "
                    + "at least two blocks, and all 2^blocks orders are enumerated for its randomisation p")
        }
        guard periodRange.contains(periodDays) else {
            throw FlareError.usage("--period must be between 1 and \(periodRange.upperBound) days")
        }
        guard washoutDays >= 0, washoutDays < periodDays else {
            throw FlareError.usage(
                "--washout must be at least 0 and shorter than --period (\(periodDays) days), "
                    + "else no day of a period is analysed")
        }
        if let seed, seed > UInt64(Int64.max) {
            throw FlareError.usage("--seed must be between 0 and \(Int64.max)")
        }
    }

    /// The order of A and B in each block, drawn from `seed` with SplitMix64 (the demo's generator,
    /// fully specified, so a stored seed redraws the same plan on every platform): block i is "A then B" when the
    /// top bit of the generator's i-th output is 0, else "B then A".
    public static func randomArms(blocks: Int, seed: UInt64) -> [TrialArm] {
        var generator = SplitMix64(seed: seed)
        return (0..<blocks).flatMap { _ in generator.next() >> 63 == 0 ? [TrialArm.a, .b] : [.b, .a] }
    }

    /// A fresh seed from the system's cryptographically secure generator (getrandom(2) on Linux).
    public static func randomSeed() -> UInt64 {
        var generator = SystemRandomNumberGenerator()
        return UInt64.random(in: 0...UInt64(Int64.max), using: &generator)
    }

    public var totalDays: Int { 2 * blocks * periodDays }
    /// The last planned day.
    public var end: LocalDay { start + (totalDays - 1) }

    /// A's name, and B's in words: "without yoga" or the other intervention.
    public var armAName: String { intervention }
    public var armBName: String { comparison ?? "without \(intervention)" }

    public func name(of arm: TrialArm) -> String { arm == .a ? armAName : armBName }

    /// What to do in a period of `arm`: "with yoga", "without yoga", "with walking".
    public func instruction(for arm: TrialArm) -> String {
        arm == .a ? "with \(intervention)" : comparison.map { "with \($0)" } ?? "without \(intervention)"
    }

    /// The plan's place of `day`; nil outside the trial.
    public func position(of day: LocalDay) -> TrialDay? {
        let index = day - start
        guard index >= 0, index < totalDays else { return nil }
        let period = index / periodDays
        let dayInPeriod = index % periodDays
        return TrialDay(
            block: period / 2 + 1, period: period + 1, arm: arms[period], dayInPeriod: dayInPeriod,
            isWashout: dayInPeriod < washoutDays)
    }

    /// Every period in calendar order.
    public var periods: [TrialPeriod] {
        arms.indices.map { index in
            let from = start + index * periodDays
            return TrialPeriod(
                block: index / 2 + 1, period: index + 1, arm: arms[index], from: from, to: from + (periodDays - 1),
                analysedFrom: from + washoutDays)
        }
    }
}
