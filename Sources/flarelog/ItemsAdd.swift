import ArgumentParser
import FlareKit

extension Flarelog {
    struct ItemsAdd: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add", abstract: "Add your own symptom, trigger or intervention.")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "symptom, trigger or intervention.") var kind: ItemKind
        @Argument(help: "Its name (unique for its kind, any case).") var name: String
        @Option(name: .customLong("type"), help: "scale, quantity or boolean (yes/no).") var valueType: ValueType
        @Option(help: "The unit of a quantity, e.g. minutes, mg.") var unit: String?
        @Option(parsing: .unconditional, help: "The smallest value allowed.") var min: Double?
        @Option(parsing: .unconditional, help: "The largest value allowed.") var max: Double?
        @Option(help: "How a day's entries combine: max, mean, sum or any (default by type and kind).")
        var aggregate: Aggregate?
        @Flag(help: "A rating where a higher number is a better day, e.g. mood or energy (a scale with a min and max).")
        var betterWhenHigher = false
        @Option(help: "Output format: table or json.") var format: OutputFormat = .table

        func run() throws {
            // A scale without bounds is a 0-10 scale, the way every built-in scale reads.
            let isScale = valueType == .scale
            let new = NewItem(
                kind: kind, name: name, valueType: valueType, unit: unit, min: min ?? (isScale ? 0 : nil),
                max: max ?? (isScale ? 10 : nil), aggregate: aggregate,
                direction: betterWhenHigher ? .betterWhenHigher : .worseWhenHigher)
            let session = try Session(global, .write)
            let item = try session.removingNewDatabaseOnFailure { try session.database.addItem(new, now: session.now) }
            switch format {
            case .json: print(ItemOutput.json(ItemUsage(item: item, entryCount: 0, lastUsed: nil)).text)
            case .table, .csv: print("added " + ItemOutput.line(item))
            }
        }
    }
}
