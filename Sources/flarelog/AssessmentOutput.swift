import FlareKit

/// How assessments print: JSON objects (documented in README.md, "Assessments"), one line for a person, CSV.
enum AssessmentOutput {
    static func json(_ assessment: Assessment) -> JSONValue {
        let result = assessment.result
        var object = JSONObject()
        object["id"] = .int(Int(assessment.id))
        object["uid"] = .string(assessment.uid)
        object["instrument"] = .string(assessment.instrument.rawValue)
        object["version"] = .string(assessment.version)
        object["occurred_at"] = .string(assessment.occurredAt)
        object["utc_offset_min"] = .int(assessment.utcOffsetMinutes)
        object["local_time"] = .string(assessment.localTimeText)
        object["local_day"] = .string(assessment.localDay.description)
        object["answers"] = .object(assessment.answers.json)
        var subscores = JSONObject()
        for subscore in result.subscores { subscores[subscore.name] = .number(subscore.value) }
        object["subscores"] = .object(subscores)
        object["score"] = .number(assessment.score)
        object["band"] = .string(result.band)
        if assessment.instrument == .acr2016 {
            for name in ["wpi", "sss", "psd"] { object[name] = .number(result.subscore(name)) }
            object["generalized_pain"] = result.generalizedPain.map(JSONValue.bool) ?? .null
            object["criteria_met"] = result.criteriaMet.map(JSONValue.bool) ?? .null
        }
        object["created_at"] = .string(assessment.createdAt)
        return .object(object)
    }

    /// "#3  2026-11-25 08:30  BASDAI 4.2 (active)".
    static func line(_ assessment: Assessment) -> String {
        let clock = String(assessment.localTimeText.dropFirst(11).prefix(5))
        return "#\(assessment.id)  \(assessment.localDay) \(clock)  " + summary(assessment)
    }

    /// "ACR 2016 PSD 13 (severe): WPI 4, SSS 9, generalized pain, criteria met".
    static func summary(_ assessment: Assessment) -> String {
        let result = assessment.result
        let band = result.band.map { " (\($0))" } ?? ""
        switch assessment.answers {
        case .acr2016(let answers):
            return "ACR 2016 PSD \(answers.wpi + answers.sss)\(band): WPI \(answers.wpi), SSS \(answers.sss), "
                + (answers.generalizedPain ? "generalized pain" : "no generalized pain") + ", "
                + (answers.criteriaMet ? "criteria met" : "criteria not met")
        case .fiqr:
            let parts = result.subscores.map { "\($0.name) \(Instrument.scoreText($0.value))" }
            return "FIQR \(Instrument.scoreText(result.score)): " + parts.joined(separator: ", ")
        case .basdai:
            return "BASDAI \(Instrument.scoreText(result.score))\(band)"
        case .asdasCRP(let answers):
            let crp =
                answers.crp < 2
                ? "CRP \(ValueText.number(answers.crp)) mg/L counted as 2" : "CRP \(ValueText.number(answers.crp)) mg/L"
            return "ASDAS-CRP \(Instrument.scoreText(result.score))\(band), \(crp)"
        }
    }

    /// What a person should know about the score: the rule's source, and for ACR 2016 that it is not a diagnosis.
    static func notes(_ assessment: Assessment) -> [String] {
        var notes = ["scored as in \(assessment.instrument.source)"]
        if assessment.instrument == .acr2016 {
            notes.insert("the ACR 2016 classification rule, not a diagnosis: only a clinician diagnoses", at: 0)
        }
        return notes
    }

    static let csvHeader = [
        "id", "uid", "instrument", "version", "occurred_at", "utc_offset_min", "local_time", "local_day", "score",
        "band", "subscores", "criteria_met", "answers",
    ]

    static func csvRow(_ assessment: Assessment) -> [String] {
        let result = assessment.result
        return [
            String(assessment.id), assessment.uid, assessment.instrument.rawValue, assessment.version,
            assessment.occurredAt, String(assessment.utcOffsetMinutes), assessment.localTimeText,
            assessment.localDay.description, ValueText.exact(assessment.score), result.band ?? "",
            result.subscores.map { "\($0.name)=\(ValueText.exact($0.value))" }.joined(separator: ";"),
            result.criteriaMet.map { $0 ? "true" : "false" } ?? "",
            JSONValue.object(assessment.answers.json).compactText,
        ]
    }
}
