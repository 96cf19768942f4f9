import ArgumentParser
import FlareKit

extension Flarelog {
    struct Items: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "items",
            abstract: "List and manage the catalog of symptoms, triggers and interventions.",
            subcommands: [ItemsList.self, ItemsAdd.self, ItemsRename.self, ItemsArchive.self],
            defaultSubcommand: ItemsList.self)
    }

    struct ItemsList: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List items with their entry counts and last use.")

        @OptionGroup var global: GlobalOptions
        @Option(help: "Only symptom, trigger or intervention items.") var kind: ItemKind?
        @Flag(help: "Include archived items.") var archived = false
        @Option(help: "Output format: table, json or csv.") var format: OutputFormat = .table

        func run() throws {
            let items = try global.open(.read).items(kind: kind, includeArchived: archived)
            switch format {
            case .json:
                print(JSONValue.array(items.map(ItemOutput.json)).text)
            case .csv:
                var csv = CSVText()
                csv.row(ItemOutput.csvHeader)
                for usage in items { csv.row(ItemOutput.csvRow(usage)) }
                print(csv.text, terminator: "")
            case .table:
                var table = TextTable(columns: [
                    "kind", "name", "type", "range", "daily", "better", "entries", "last used",
                ])
                for usage in items {
                    let item = usage.item
                    table.add([
                        item.kind.rawValue, item.name + (item.archivedAt == nil ? "" : " (archived)"),
                        item.valueType.rawValue, item.allowedRange, item.aggregate.rawValue,
                        item.valueType != .scale ? "-" : item.direction == .betterWhenHigher ? "higher" : "lower",
                        String(usage.entryCount),
                        usage.lastUsed.map { String($0.prefix(10)) } ?? "-",
                    ])
                }
                print(table.render(), terminator: "")
            }
        }
    }
}

/// How items print in JSON and CSV (documented in README.md).
enum ItemOutput {
    static func json(_ usage: ItemUsage) -> JSONValue {
        let item = usage.item
        var object = JSONObject()
        object["id"] = .int(Int(item.id))
        object["kind"] = .string(item.kind.rawValue)
        object["name"] = .string(item.name)
        object["value_type"] = .string(item.valueType.rawValue)
        object["unit"] = .string(item.unit)
        object["min"] = .number(item.min)
        object["max"] = .number(item.max)
        object["aggregate"] = .string(item.aggregate.rawValue)
        object["direction"] = .string(item.direction.rawValue)
        object["builtin"] = .bool(item.builtin)
        object["created_at"] = .string(item.createdAt)
        object["archived_at"] = .string(item.archivedAt)
        object["entries"] = .int(usage.entryCount)
        object["last_used"] = .string(usage.lastUsed)
        return .object(object)
    }

    static let csvHeader = [
        "id", "kind", "name", "value_type", "unit", "min", "max", "aggregate", "builtin", "archived_at", "entries",
        "last_used", "direction",
    ]

    static func csvRow(_ usage: ItemUsage) -> [String] {
        let item = usage.item
        return [
            String(item.id), item.kind.rawValue, item.name, item.valueType.rawValue, item.unit ?? "",
            item.min.map(ValueText.number) ?? "", item.max.map(ValueText.number) ?? "", item.aggregate.rawValue,
            item.builtin ? "1" : "0", item.archivedAt ?? "", String(usage.entryCount), usage.lastUsed ?? "",
            item.direction.rawValue,
        ]
    }

    static func line(_ item: Item) -> String {
        "\(item.kind.rawValue) '\(item.name)': \(item.valueType.rawValue), \(item.allowedRange), daily \(item.aggregate.rawValue)"
            + (item.direction == .betterWhenHigher ? ", better when higher" : "")
            + (item.archivedAt == nil ? "" : " (archived)")
    }
}
