import FoundationEssentials
import Glibc

/// A simulated history for `flarelog demo`: realistic-looking daily logs with a few planted effects,
/// so a newcomer can watch the analysis find them.
///
/// Planted: stress the day before raises pain; poor posture raises pain the same day; a short night
/// raises pain the same day; yoga lowers the next day's pain. Weather change, alcohol and a sedentary
/// day are noise. Flare episodes open on a day of pain ≥ 8 and close when pain drops below 6.
public struct DemoHistory {
    /// One entry to record: item, value, local wall time, optional note and regions.
    public struct Record: Sendable {
        public let kind: ItemKind
        public let item: String
        public let value: Double
        public let day: LocalDay
        public let hour: Int
        public let minute: Int
        public let note: String?
        public let regions: [String]
    }

    /// A flare episode, by local days (`end` nil: still open on the last day).
    public struct Episode: Sendable {
        public let start: LocalDay
        public let end: LocalDay?
    }

    public private(set) var records: [Record] = []
    public private(set) var episodes: [Episode] = []

    /// Simulates `days` days ending on `lastDay`, deterministically from `seed`. During `trial`'s days yoga
    /// follows its plan (A days with, B days without; one day in twenty off plan) instead of chance.
    public init(days: Int, lastDay: LocalDay, seed: UInt64, trial: TrialPlan? = nil) {
        var random = SplitMix64(seed: seed)
        var stress = 4.0
        var yesterdayStress = 4.0
        var yogaYesterday = false
        var noise = 0.0
        var openSince: LocalDay?
        let painRegions = ["lower-back", "neck", "upper-back", "left-shoulder-girdle", "right-hip", "left-hip"]
        for offset in stride(from: days - 1, through: 0, by: -1) {
            let day = lastDay - offset
            // Triggers.
            stress = min(10, max(0, 4 + 0.7 * (stress - 4) + random.normal() * 1.6))
            let sleep = min(11, max(3, 7 + random.normal() * 1.2))
            let posture = random.uniform() < 0.3
            let sedentary = random.uniform() < 0.25
            let weather = random.uniform() < 0.15
            let drinks = random.uniform() < 0.12 ? Double(1 + Int(random.uniform() * 3)) : 0
            let chance = random.uniform()
            let yoga = trial?.position(of: day).map { ($0.arm == .a) != (chance < 0.05) } ?? (chance < 0.35)
            let walking = random.uniform() < 0.5
            // The outcome, with autocorrelated noise.
            noise = 0.4 * noise + random.normal() * 0.7
            var pain = 4.6 + 0.9 * (yesterdayStress - 4) + (posture ? 2.6 : 0) + 0.7 * (7 - sleep)
            pain += (yogaYesterday ? -1.5 : 0) + noise
            let worst = min(10, max(0, pain.rounded()))
            let fatigue = min(10, max(0, (0.6 * worst + 2 + random.normal()).rounded()))

            add(.trigger, "stress", (stress * 2).rounded() / 2, day, 20, 30)
            add(.trigger, "sleep", (sleep * 4).rounded() / 4, day, 7, 15)
            if posture { add(.trigger, "poor posture", 1, day, 17, 0) }
            if sedentary { add(.trigger, "sedentary day", 1, day, 21, 0) }
            if weather { add(.trigger, "weather change", 1, day, 12, 0) }
            if drinks > 0 { add(.trigger, "alcohol", drinks, day, 20, 0) }
            if yoga { add(.intervention, "yoga", Double(20 + Int(random.uniform() * 5) * 5), day, 18, 0) }
            if walking { add(.intervention, "walking", Double(15 + Int(random.uniform() * 7) * 5), day, 12, 30) }
            add(.intervention, "magnesium", 300, day, 22, 0)
            // Pain twice a day: the worse reading in the evening half the time.
            let morning = max(0, worst - (random.uniform() < 0.5 ? 0 : 1))
            let region = painRegions[Int(random.uniform() * Double(painRegions.count))]
            let note = worst >= 8 ? "rough day, had to lie down" : nil
            records.append(
                Record(
                    kind: .symptom, item: "widespread pain", value: morning, day: day, hour: 8, minute: 30,
                    note: nil, regions: [region]))
            records.append(
                Record(
                    kind: .symptom, item: "widespread pain", value: worst, day: day, hour: 21, minute: 0,
                    note: note, regions: [region, "lower-back"]))
            add(.symptom, "fatigue", fatigue, day, 21, 5)

            // Flare episodes, as a person would mark them.
            if openSince == nil, worst >= 8 {
                openSince = day
            } else if let start = openSince, worst < 6 {
                episodes.append(Episode(start: start, end: day))
                openSince = nil
            }
            yesterdayStress = stress
            yogaYesterday = yoga
        }
        if let start = openSince { episodes.append(Episode(start: start, end: nil)) }
    }

    private mutating func add(
        _ kind: ItemKind, _ item: String, _ value: Double, _ day: LocalDay, _ hour: Int, _ minute: Int
    ) {
        records.append(
            Record(kind: kind, item: item, value: value, day: day, hour: hour, minute: minute, note: nil, regions: []))
    }
}

/// A small, fast, reproducible generator (Steele, Lea & Flood 2014), so a seed always gives the same demo.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    mutating func uniform() -> Double { Double(next() >> 11) / Double(1 << 53) }

    /// Standard normal (Box–Muller).
    mutating func normal() -> Double {
        let u = max(uniform(), .leastNonzeroMagnitude)
        return (-2 * log(u)).squareRoot() * cos(2 * .pi * uniform())
    }
}
