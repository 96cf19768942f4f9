import ArgumentParser
import FlareKit
import FoundationEssentials

/// Options every command takes: where the database is.
struct GlobalOptions: ParsableArguments {
    @Option(
        name: .customLong("db"),
        help: ArgumentHelp(
            "The database file (default: $FLARELOG_DB, else $XDG_DATA_HOME/flarelog/flarelog.db).",
            valueName: "path"))
    var databasePath: String?

    /// The resolved database path.
    var path: String {
        DatabaseLocation.resolve(explicit: databasePath)
    }

    func open(_ access: Database.Access) throws -> Database {
        try Database(path: path, access: access)
    }
}

/// How a command prints its data.
enum OutputFormat: String, CaseArgument {
    case table, json, csv
}
