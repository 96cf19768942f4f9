import ArgumentParser

extension Flarelog {
    struct Undelete: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "undelete", abstract: "Restore deleted entries.")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The ids (or uids) of the entries.") var ids: [String]

        func validate() throws {
            if ids.isEmpty { throw ValidationError("give at least one entry id") }
        }

        func run() throws {
            try DeletionRun.run(global, ids, deleted: false)
        }
    }
}
