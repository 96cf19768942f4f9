import FoundationEssentials

/// The clinical questionnaires flarelog scores (docs/assessments.md gives each rule with its source).
public enum Instrument: String, CaseIterable, Sendable {
    case acr2016
    case fiqr
    case basdai
    case asdasCRP = "asdas-crp"

    /// The version of the instrument's scoring that flarelog applies, stored with each assessment so that a
    /// later change of a rule never silently re-scores an old answer.
    public var version: String {
        switch self {
        case .acr2016: "2016"
        case .fiqr: "2009"
        case .basdai: "1994"
        case .asdasCRP: "2009"
        }
    }

    /// The name a clinician knows.
    public var title: String {
        switch self {
        case .acr2016: "ACR 2016 fibromyalgia criteria"
        case .fiqr: "FIQR"
        case .basdai: "BASDAI"
        case .asdasCRP: "ASDAS-CRP"
        }
    }

    /// What its total is called in one line ("ACR 2016 PSD 13").
    public var scoreName: String { self == .acr2016 ? "ACR 2016 PSD" : title }

    /// The publication whose scoring flarelog follows.
    public var source: String {
        switch self {
        case .acr2016: "Wolfe et al., Semin Arthritis Rheum 2016;46:319-329"
        case .fiqr: "Bennett et al., Arthritis Res Ther 2009;11:R120"
        case .basdai: "Garrett et al., J Rheumatol 1994;21:2286-2291"
        case .asdasCRP: "Lukas et al., Ann Rheum Dis 2009;68:18-24"
        }
    }

    /// The range of the total score.
    public var scoreRange: ClosedRange<Double> {
        switch self {
        case .acr2016: 0...31
        case .fiqr: 0...100
        case .basdai: 0...10
        // The largest ASDAS has no fixed bound (CRP has none); the report's axis stops at 6.
        case .asdasCRP: 0...6
        }
    }
}

/// One named part of a score, e.g. the WPI of ACR 2016 or the function domain of the FIQR.
public struct Subscore: Sendable, Equatable {
    public let name: String
    public let value: Double

    public init(_ name: String, _ value: Double) {
        self.name = name
        self.value = value
    }
}

/// What an instrument computes from a complete set of answers.
public struct AssessmentResult: Sendable, Equatable {
    /// The instrument's total (for ACR 2016 the polysymptomatic distress scale, WPI + SSS).
    public let score: Double
    /// The parts of the score, in the instrument's order.
    public let subscores: [Subscore]
    /// The band the score falls in ("moderate", "active"); nil where the instrument defines none (FIQR).
    public let band: String?
    /// ACR 2016 only: whether the classification rule is met.
    public let criteriaMet: Bool?
    /// ACR 2016 only: pain in at least 4 of the 5 regions.
    public let generalizedPain: Bool?

    init(
        score: Double, subscores: [Subscore] = [], band: String?, criteriaMet: Bool? = nil,
        generalizedPain: Bool? = nil
    ) {
        self.score = score
        self.subscores = subscores
        self.band = band
        self.criteriaMet = criteriaMet
        self.generalizedPain = generalizedPain
    }

    /// The subscore of that name.
    public func subscore(_ name: String) -> Double? { subscores.first { $0.name == name }?.value }
}

/// The answers of one completed questionnaire, checked against the instrument's ranges.
public enum AssessmentAnswers: Sendable, Equatable {
    case acr2016(ACR2016Answers)
    case fiqr(FIQRAnswers)
    case basdai(BASDAIAnswers)
    case asdasCRP(ASDASAnswers)

    public var instrument: Instrument {
        switch self {
        case .acr2016: .acr2016
        case .fiqr: .fiqr
        case .basdai: .basdai
        case .asdasCRP: .asdasCRP
        }
    }

    /// The score of these answers.
    public var result: AssessmentResult {
        switch self {
        case .acr2016(let answers): answers.result
        case .fiqr(let answers): answers.result
        case .basdai(let answers): answers.result
        case .asdasCRP(let answers): answers.result
        }
    }

    /// The answers as stored and exported (README, "Assessments").
    public var json: JSONObject {
        var object = JSONObject()
        switch self {
        case .acr2016(let answers):
            object["regions"] = .array(answers.regions.map { .string($0) })
            object["fatigue"] = .int(answers.fatigue)
            object["unrefreshed"] = .int(answers.unrefreshed)
            object["cognitive"] = .int(answers.cognitive)
            object["headaches"] = .int(answers.headaches)
            object["lower_abdomen"] = .int(answers.lowerAbdomen)
            object["depression"] = .int(answers.depression)
            object["three_months"] = .bool(answers.threeMonths)
        case .fiqr(let answers):
            object["items"] = .array(answers.items.map { JSONValue.number($0) })
        case .basdai(let answers):
            object["items"] = .array(answers.items.map { .number($0) })
        case .asdasCRP(let answers):
            object["back_pain"] = .number(answers.backPain)
            object["patient_global"] = .number(answers.patientGlobal)
            object["peripheral"] = .number(answers.peripheral)
            object["stiffness_duration"] = .number(answers.stiffnessDuration)
            object["crp"] = .number(answers.crp)
        }
        return object
    }

    /// Reads answers stored (or exported) as JSON, checking them as if they had been typed.
    /// - Throws: `FlareError.badData` naming the answer that is missing or out of range.
    init(_ instrument: Instrument, json: [String: ImportedJSON]) throws {
        func number(_ key: String) throws -> Double {
            guard case .number(let value) = json[key] else { throw FlareError.badData("answer '\(key)' is missing") }
            return value
        }
        func numbers(_ key: String) throws -> [Double?] {
            guard case .array(let values) = json[key] else { throw FlareError.badData("answer '\(key)' is missing") }
            return try values.map { value in
                switch value {
                case .null: return nil
                case .number(let number): return number
                default: throw FlareError.badData("answer '\(key)' holds '\(value)', not a number")
                }
            }
        }
        switch instrument {
        case .acr2016:
            guard case .array(let regionValues) = json["regions"] else {
                throw FlareError.badData("answer 'regions' is missing")
            }
            let regions = try regionValues.map { value in
                guard case .string(let region) = value else {
                    throw FlareError.badData("answer 'regions' holds '\(value)', not a region")
                }
                return region
            }
            guard case .bool(let threeMonths) = json["three_months"] else {
                throw FlareError.badData("answer 'three_months' is missing")
            }
            self = .acr2016(
                try ACR2016Answers(
                    regions: regions, fatigue: try number("fatigue"), unrefreshed: try number("unrefreshed"),
                    cognitive: try number("cognitive"), headaches: try number("headaches"),
                    lowerAbdomen: try number("lower_abdomen"), depression: try number("depression"),
                    threeMonths: threeMonths))
        case .fiqr:
            self = .fiqr(try FIQRAnswers(try numbers("items")))
        case .basdai:
            let items = try numbers("items")
            guard !items.contains(nil) else { throw FlareError.badData("BASDAI needs all 6 answers") }
            self = .basdai(try BASDAIAnswers(items.compactMap { $0 }))
        case .asdasCRP:
            self = .asdasCRP(
                try ASDASAnswers(
                    backPain: try number("back_pain"), patientGlobal: try number("patient_global"),
                    peripheral: try number("peripheral"), stiffnessDuration: try number("stiffness_duration"),
                    crp: try number("crp")))
        }
    }

    /// Reads answers from the stored JSON text.
    init(_ instrument: Instrument, jsonText: String) throws {
        guard let document = try? JSONDecoder().decode(ImportedJSON.self, from: Data(jsonText.utf8)),
            case .object(let object) = document
        else { throw FlareError.badData("the answers are not a JSON object") }
        try self.init(instrument, json: object)
    }
}

/// One numeric question of an instrument: its name (in errors and prompts), its range, and what the numbers mean.
public struct Question: Sendable {
    public let label: String
    public let range: ClosedRange<Double>
    /// Only whole numbers (a 0-3 or 0-10 scale of points, a yes/no as 0/1).
    public let whole: Bool
    /// What the ends of the scale mean, for a prompt ("0 no problem ... 3 severe"); may be empty.
    public let hint: String

    init(_ label: String, _ range: ClosedRange<Double>, whole: Bool = false, hint: String = "") {
        self.label = label
        self.range = range
        self.whole = whole
        self.hint = hint
    }

    /// The range as a person reads it: "0-3".
    public var rangeText: String {
        "\(JSONValue.numberText(range.lowerBound))-\(JSONValue.numberText(range.upperBound))"
    }

    /// The answer, when it is a finite number within the range (and whole where it must be).
    /// - Throws: `FlareError.badData` naming the question and its range.
    public func check(_ value: Double) throws -> Double {
        guard value.isFinite, range.contains(value), !whole || value == value.rounded() else {
            let kind = whole ? "a whole number" : "a number"
            throw FlareError.badData("\(label) must be \(kind) \(rangeText); got \(JSONValue.numberText(value))")
        }
        return value
    }
}

extension Instrument {
    /// A score as a person reads it: one decimal at most (ASDAS and BASDAI are reported to one decimal).
    public static func scoreText(_ score: Double) -> String { ValueText.number((score * 10).rounded() / 10) }
}
