import ArgumentParser
import FlareKit

extension Flarelog {
    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "init",
            abstract: "Create the database (or bring its schema up to date) and print where it is.")

        @OptionGroup var global: GlobalOptions

        func run() throws {
            let database = try global.open(.write)
            let info = try database.info()
            print("database: \(info.path)")
            print("schema version: \(info.schemaVersion)")
        }
    }
}
