import Glibc

/// ACR 2016 fibromyalgia criteria (Wolfe et al., Semin Arthritis Rheum 2016;46:319-329): the widespread pain
/// index over the 19 regions, the symptom severity scale, generalized pain, and the classification rule.
public struct ACR2016Answers: Sendable, Equatable {
    /// The ACR 2016 regions painful in the past week, in `BodyRegion.acr2016` order, each once.
    public let regions: [String]
    /// Fatigue, waking unrefreshed and cognitive symptoms over the past week: 0 no problem … 3 severe.
    public let fatigue: Int
    public let unrefreshed: Int
    public let cognitive: Int
    /// Headaches, pain or cramps in the lower abdomen, depression during the previous 6 months: 0 or 1.
    public let headaches: Int
    public let lowerAbdomen: Int
    public let depression: Int
    /// Symptoms at a similar level for at least 3 months.
    public let threeMonths: Bool

    /// - Throws: `FlareError.badData` for a region that is not one of the 19, or an answer out of range.
    public init(
        regions: [String], fatigue: Double, unrefreshed: Double, cognitive: Double, headaches: Double,
        lowerAbdomen: Double, depression: Double, threeMonths: Bool
    ) throws {
        var chosen = Set<String>()
        for region in regions {
            let name = try BodyRegion.normalized(region)
            guard BodyRegion.acr2016.contains(name) else {
                throw FlareError.badData(
                    "'\(region)' is not one of the 19 ACR 2016 regions (\(BodyRegion.acr2016.joined(separator: ", ")))")
            }
            chosen.insert(name)
        }
        self.regions = BodyRegion.acr2016.filter(chosen.contains)
        let values = try zip([fatigue, unrefreshed, cognitive, headaches, lowerAbdomen, depression], Self.questions)
            .map { Int(try $1.check($0)) }
        (self.fatigue, self.unrefreshed, self.cognitive) = (values[0], values[1], values[2])
        (self.headaches, self.lowerAbdomen, self.depression) = (values[3], values[4], values[5])
        self.threeMonths = threeMonths
    }

    /// The symptom severity questions, in the order of the initializer.
    public static let questions: [Question] = {
        let week = "over the past week: 0 no problem, 1 slight or mild, 2 moderate, 3 severe"
        let halfYear = "during the previous 6 months: 0 no, 1 yes"
        return [
            Question("fatigue", 0...3, whole: true, hint: week),
            Question("waking unrefreshed", 0...3, whole: true, hint: week),
            Question("cognitive symptoms", 0...3, whole: true, hint: week),
            Question("headaches", 0...1, whole: true, hint: halfYear),
            Question("lower abdomen pain or cramps", 0...1, whole: true, hint: halfYear),
            Question("depression", 0...1, whole: true, hint: halfYear),
        ]
    }()

    /// The five regions of generalized pain. Jaw, chest and abdomen are WPI regions but count toward none.
    static let generalizedPainRegions: [[String]] = [
        ["left-shoulder-girdle", "left-upper-arm", "left-lower-arm"],
        ["right-shoulder-girdle", "right-upper-arm", "right-lower-arm"],
        ["left-hip", "left-upper-leg", "left-lower-leg"],
        ["right-hip", "right-upper-leg", "right-lower-leg"],
        ["neck", "upper-back", "lower-back"],
    ]

    /// The widespread pain index, 0-19.
    public var wpi: Int { regions.count }
    /// The symptom severity scale, 0-12.
    public var sss: Int { fatigue + unrefreshed + cognitive + headaches + lowerAbdomen + depression }
    /// Pain in at least 4 of the 5 regions.
    public var generalizedPain: Bool {
        Self.generalizedPainRegions.count { area in area.contains(where: regions.contains) } >= 4
    }
    /// WPI ≥ 7 and SSS ≥ 5, or WPI 4-6 and SSS ≥ 9; generalized pain; symptoms for at least 3 months.
    /// The classification rule of the criteria, not a diagnosis.
    public var criteriaMet: Bool {
        let severity = (wpi >= 7 && sss >= 5) || ((4...6).contains(wpi) && sss >= 9)
        return severity && generalizedPain && threeMonths
    }

    /// The polysymptomatic distress band of a PSD (Wolfe et al., J Rheumatol 2015;42:1494-1501).
    static func psdBand(_ psd: Int) -> String {
        switch psd {
        case ..<4: "none"
        case ..<8: "mild"
        case ..<12: "moderate"
        case ..<20: "severe"
        default: "very severe"
        }
    }

    var result: AssessmentResult {
        let psd = wpi + sss
        return AssessmentResult(
            score: Double(psd),
            subscores: [Subscore("wpi", Double(wpi)), Subscore("sss", Double(sss)), Subscore("psd", Double(psd))],
            band: Self.psdBand(psd), criteriaMet: criteriaMet, generalizedPain: generalizedPain)
    }
}

/// The Revised Fibromyalgia Impact Questionnaire (Bennett et al., Arthritis Res Ther 2009;11:R120): 21 answers
/// 0-10 in three domains. flarelog stores the numbers only; the wording belongs to the instrument's copy.
public struct FIQRAnswers: Sendable, Equatable {
    /// Items 1-21, nil where the person left one out.
    public let items: [Double?]

    /// The domains: their item numbers (1-based) and the divisor of their sum.
    static let domains: [(name: String, items: ClosedRange<Int>, divisor: Double)] = [
        ("function", 1...9, 3), ("impact", 10...11, 1), ("symptoms", 12...21, 2),
    ]

    /// Item `number` (1-21) as a question: "item 4 (function)", 0-10. The item text is the instrument's own.
    public static func question(item number: Int) -> Question {
        let domain = domains.first { $0.items.contains(number) }?.name ?? ""
        return Question("FIQR item \(number) (\(domain))", 0...10, whole: true, hint: "see your copy of the FIQR")
    }

    /// - Throws: `FlareError.badData` for a count other than 21, an answer out of 0-10, or a domain left empty.
    public init(_ items: [Double?]) throws {
        guard items.count == 21 else {
            throw FlareError.badData("FIQR needs 21 answers ('-' for one left out); got \(items.count)")
        }
        self.items = try items.enumerated().map { index, value in
            try value.map { try Self.question(item: index + 1).check($0) }
        }
        for domain in Self.domains where domain.items.allSatisfy({ self.items[$0 - 1] == nil }) {
            throw FlareError.badData("FIQR's \(domain.name) domain (items \(domain.items)) needs at least one answer")
        }
    }

    var result: AssessmentResult {
        // A missing answer scales its domain's sum by items/answered (the published scoring).
        let subscores = Self.domains.map { domain in
            let answered = domain.items.compactMap { items[$0 - 1] }
            let sum = answered.reduce(0, +) * Double(domain.items.count) / Double(answered.count)
            return Subscore(domain.name, sum / domain.divisor)
        }
        return AssessmentResult(score: subscores.map(\.value).reduce(0, +), subscores: subscores, band: nil)
    }
}

/// The Bath Ankylosing Spondylitis Disease Activity Index (Garrett et al., J Rheumatol 1994;21:2286-2291).
public struct BASDAIAnswers: Sendable, Equatable {
    /// Fatigue; spinal pain; peripheral joint pain/swelling; enthesitis/tenderness; morning stiffness severity;
    /// morning stiffness duration (0 none … 10 two hours or more). Each 0-10.
    public let items: [Double]

    /// Q1-Q6.
    public static let questions = [
        Question("BASDAI fatigue", 0...10, hint: "0 none ... 10 very severe"),
        Question("BASDAI spinal pain", 0...10, hint: "0 none ... 10 very severe"),
        Question("BASDAI peripheral joint pain/swelling", 0...10, hint: "0 none ... 10 very severe"),
        Question("BASDAI enthesitis/tenderness", 0...10, hint: "0 none ... 10 very severe"),
        Question("BASDAI morning stiffness severity", 0...10, hint: "0 none ... 10 very severe"),
        Question("BASDAI morning stiffness duration", 0...10, hint: "0 none, 5 one hour, 10 two hours or more"),
    ]

    /// - Throws: `FlareError.badData` for a count other than 6 or an answer out of 0-10.
    public init(_ items: [Double]) throws {
        guard items.count == 6 else { throw FlareError.badData("BASDAI needs 6 answers; got \(items.count)") }
        self.items = try zip(items, Self.questions).map { try $1.check($0) }
    }

    var result: AssessmentResult {
        let score = (items[0] + items[1] + items[2] + items[3] + (items[4] + items[5]) / 2) / 5
        return AssessmentResult(score: score, band: score >= 4 ? "active" : "not active")
    }
}

/// ASDAS with C-reactive protein (Lukas et al., Ann Rheum Dis 2009;68:18-24); bands of Machado et al., Ann
/// Rheum Dis 2018;77:1539-1540; a CRP below 2 mg/L counts as 2 (Machado et al., Arthritis Rheumatol
/// 2015;67:408-413).
public struct ASDASAnswers: Sendable, Equatable {
    /// Back pain, patient global, peripheral pain/swelling, morning stiffness duration: each 0-10.
    public let backPain: Double
    public let patientGlobal: Double
    public let peripheral: Double
    public let stiffnessDuration: Double
    /// C-reactive protein in mg/L, as measured.
    public let crp: Double

    /// - Throws: `FlareError.badData` for an answer out of 0-10 or a CRP out of 0-1000 mg/L.
    public init(backPain: Double, patientGlobal: Double, peripheral: Double, stiffnessDuration: Double, crp: Double)
        throws
    {
        let values = try zip([backPain, patientGlobal, peripheral, stiffnessDuration, crp], Self.questions)
            .map { try $1.check($0) }
        (self.backPain, self.patientGlobal, self.peripheral) = (values[0], values[1], values[2])
        (self.stiffnessDuration, self.crp) = (values[3], values[4])
    }

    /// Back pain, patient global, peripheral pain/swelling, morning stiffness duration, CRP.
    public static let questions = [
        Question("back pain", 0...10, hint: "0 none ... 10 very severe"),
        Question("patient global", 0...10, hint: "how active was your disease, 0 not ... 10 very"),
        Question("peripheral pain/swelling", 0...10, hint: "0 none ... 10 very severe"),
        Question("morning stiffness duration", 0...10, hint: "0 none, 5 one hour, 10 two hours or more"),
        Question("CRP", 0...1000, hint: "mg/L, from your lab result"),
    ]

    /// The CRP the formula uses: the measured one, or 2 mg/L when it is below 2.
    public var crpUsed: Double { max(crp, 2) }

    static func band(_ score: Double) -> String {
        switch score {
        case ..<1.3: "inactive"
        case ..<2.1: "low"
        case ...3.5: "high"
        default: "very high"
        }
    }

    var result: AssessmentResult {
        let score =
            0.121 * backPain + 0.110 * patientGlobal + 0.073 * peripheral + 0.058 * stiffnessDuration + 0.579
            * log(crpUsed + 1)
        return AssessmentResult(score: score, subscores: [Subscore("crp_used", crpUsed)], band: Self.band(score))
    }
}
