import ArgumentParser

extension Flarelog {
    struct Lab: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "lab",
            abstract: "Record lab results (a value with its unit, e.g. 'lab crp 4.2 mg/L') and list them.",
            discussion: """
                'flarelog lab NAME VALUE UNIT' is 'flarelog lab add NAME VALUE UNIT'; a lab named 'add' or \
                'list' needs the 'add', and a negative value follows '--' ('flarelog lab base-excess -- -2 \
                mmol/L'). ASDAS-CRP uses the latest 'crp' result of the assessment's day or the 14 days before \
                it (docs/assessments.md).
                """,
            subcommands: [LabAdd.self, LabList.self],
            defaultSubcommand: LabAdd.self)
    }
}
