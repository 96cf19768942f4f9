import ArgumentParser
import FlareKit

extension Flarelog {
    struct AssessACR2016: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "acr2016",
            abstract: "ACR 2016 fibromyalgia criteria: WPI, SSS, PSD (Wolfe et al., Semin Arthritis Rheum 2016).",
            discussion: """
                WPI (0-19): the regions painful in the past week. SSS (0-12): fatigue, waking unrefreshed and
                cognitive symptoms over the past week, each 0 no problem, 1 slight or mild, 2 moderate, 3 severe;
                plus headaches, pain or cramps in the lower abdomen, and depression during the previous 6 months,
                each 0 or 1. Generalized pain: pain in at least 4 of the 5 regions (left upper, right upper, left
                lower, right lower, axial; jaw, chest and abdomen count toward none). The criteria are met when
                WPI >= 7 and SSS >= 5, or WPI 4-6 and SSS >= 9; with generalized pain; and symptoms at a similar
                level for at least 3 months (Wolfe et al., Semin Arthritis Rheum 2016;46:319-329). This is the
                classification rule, not a diagnosis. PSD = WPI + SSS (0-31), banded 0-3 none, 4-7 mild, 8-11
                moderate, 12-19 severe, 20-31 very severe (Wolfe et al., J Rheumatol 2015;42:1494-1501).
                --regions logged takes the ACR regions of your symptom entries of the last 7 days.
                Example:  flarelog assess acr2016 --regions neck,lower-back,left-hip,right-hip,left-upper-arm \\
                            --fatigue 2 --unrefreshed 2 --cognitive 1 --headaches 1 --lower-abdomen 0 \\
                            --depression 0 --three-months yes
                """)

        @Option(
            help: ArgumentHelp(
                "The regions painful in the past week, comma-separated; 'none', or 'logged' for your entries' regions.",
                valueName: "regions"))
        var regions: String?
        @Option(help: "Fatigue over the past week, 0-3.") var fatigue: String?
        @Option(help: "Waking unrefreshed over the past week, 0-3.") var unrefreshed: String?
        @Option(help: "Cognitive symptoms over the past week, 0-3.") var cognitive: String?
        @Option(help: "Headaches during the previous 6 months, 0 or 1.") var headaches: String?
        @Option(help: "Pain or cramps in the lower abdomen during the previous 6 months, 0 or 1.")
        var lowerAbdomen: String?
        @Option(help: "Depression during the previous 6 months, 0 or 1.") var depression: String?
        @Option(help: "Symptoms at a similar level for at least 3 months: yes or no.") var threeMonths: YesNo?
        @OptionGroup var options: AssessOptions

        enum YesNo: String, CaseArgument { case yes, no }

        private static let symptomFlags = [
            "--fatigue", "--unrefreshed", "--cognitive", "--headaches", "--lower-abdomen", "--depression",
        ]

        func run() throws {
            let texts = [fatigue, unrefreshed, cognitive, headaches, lowerAbdomen, depression]
            let given = try zip(texts, ACR2016Answers.questions).map { text, question in
                try text.map { try commandLineAnswer($0, question) }
            }
            var missing = zip(given, Self.symptomFlags).filter { $0.0 == nil }.map(\.1)
            if regions == nil { missing.insert("--regions", at: 0) }
            if threeMonths == nil { missing.append("--three-months") }
            let ask =
                missing.isEmpty
                ? nil
                : try Questions(
                    missing: missing.joined(separator: ", ") + (missing.count == 1 ? " is" : " are"), command: "acr2016"
                )
            let session = try options.session()
            try options.store(session) {
                let chosen = try regions.map { try regionList($0, session) } ?? askRegions(ask, session)
                let values = try zip(given, ACR2016Answers.questions).map { value, question in
                    try value ?? ask?.number(question) ?? question.range.lowerBound
                }
                let lasting =
                    try threeMonths.map { $0 == .yes }
                    ?? ask?.yesNo("symptoms at a similar level for at least 3 months") ?? false
                return .acr2016(
                    try ACR2016Answers(
                        regions: chosen, fatigue: values[0], unrefreshed: values[1], cognitive: values[2],
                        headaches: values[3], lowerAbdomen: values[4], depression: values[5],
                        threeMonths: lasting))
            }
        }

        /// The regions of the last 7 days' symptom entries, up to the assessment's day.
        private func loggedRegions(_ session: Session) throws -> [String] {
            let day = try session.time(options.at).localDay
            return try session.database.loggedACRRegions(since: day - 6, until: day)
        }

        private func regionList(_ text: String, _ session: Session) throws -> [String] {
            switch text.trimmed().lowercased() {
            case "none", "": return []
            case "logged": return try loggedRegions(session)
            default: return text.split(separator: ",").map { String($0) }
            }
        }

        /// Offers the logged regions; Enter keeps them, or the person types the list.
        private func askRegions(_ ask: Questions?, _ session: Session) throws -> [String] {
            guard let ask else { return [] }
            let logged = try loggedRegions(session)
            writeToStandardError(
                "The 19 regions: \(BodyRegion.acr2016.joined(separator: ", ")).\n"
                    + "Logged on your symptom entries of the last 7 days: "
                    + (logged.isEmpty ? "none" : logged.joined(separator: ", ")) + ".\n")
            while true {
                let text = try ask.line(
                    "Regions painful in the past week (comma-separated, 'none'; Enter keeps the logged ones): ")
                let regions = text.isEmpty ? logged : try regionList(text, session)
                do {
                    // Checked here, so that a misspelt region is asked again rather than refused at the end.
                    _ = try ACR2016Answers(
                        regions: regions, fatigue: 0, unrefreshed: 0, cognitive: 0, headaches: 0, lowerAbdomen: 0,
                        depression: 0, threeMonths: false)
                    return regions
                } catch let error as FlareError {
                    writeToStandardError("  \(error.message); try again\n")
                }
            }
        }
    }
}
