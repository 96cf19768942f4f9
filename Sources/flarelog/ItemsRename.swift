import ArgumentParser
import FlareKit

extension Flarelog {
    struct ItemsRename: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rename", abstract: "Rename an item; its history keeps following it.")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "symptom, trigger or intervention.") var kind: ItemKind
        @Argument(help: "The current name.") var name: String
        @Argument(help: "The new name.") var newName: String

        func run() throws {
            let item = try global.open(.write).renameItem(kind, from: name, to: newName)
            print("renamed to " + ItemOutput.line(item))
        }
    }
}
