import ArgumentParser
import FlareKit

extension Flarelog {
    struct Delete: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "delete",
            abstract: "Delete entries (hidden from list and analysis; 'flarelog undelete' brings them back).")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The ids (or uids) of the entries.") var ids: [String]

        func validate() throws {
            if ids.isEmpty { throw ValidationError("give at least one entry id") }
        }

        func run() throws {
            try DeletionRun.run(global, ids, deleted: true)
        }
    }
}

/// The shared body of delete and undelete: all of the entries change, or none.
enum DeletionRun {
    static func run(_ global: GlobalOptions, _ ids: [String], deleted: Bool) throws {
        let session = try Session(global, .write)
        let entries = try session.database.setDeleted(ids, deleted: deleted, now: session.now)
        for entry in entries {
            print((deleted ? "deleted " : "restored ") + EntryOutput.line(entry))
        }
    }
}
