import ArgumentParser
import FlareKit

extension Flarelog {
    struct ItemsArchive: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "archive",
            abstract: "Archive an item: it keeps its history but leaves listings and suggestions.")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "symptom, trigger or intervention.") var kind: ItemKind
        @Argument(help: "The item's name.") var name: String
        @Flag(help: "Bring an archived item back instead.") var undo = false

        func run() throws {
            let session = try Session(global, .write)
            let item = try session.database.archiveItem(kind, named: name, archived: !undo, now: session.now)
            print((undo ? "unarchived " : "archived ") + ItemOutput.line(item))
        }
    }
}
