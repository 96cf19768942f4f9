import ArgumentParser
import FlareKit
import FoundationEssentials

extension Flarelog {
    struct FlareCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "flare",
            abstract: "Mark flare episodes: every day from start to end counts as a flare day in the analysis.",
            subcommands: [FlareStart.self, FlareEnd.self, FlareList.self])
    }

    struct FlareStart: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "start", abstract: "A flare has begun.")

        @OptionGroup var global: GlobalOptions
        @Option(parsing: .unconditional, help: "When it began (any --at form of 'flarelog log'; default now).")
        var at: String?
        @Option(help: "A note to keep with the episode.") var note: String?
        @Flag(help: "Accept a time more than 5 minutes in the future.") var allowFuture = false

        func run() throws {
            let session = try Session(global, .write, allowFuture: allowFuture, times: [at])
            let flare = try session.removingNewDatabaseOnFailure {
                try session.database.startFlare(
                    at: try session.time(at), uid: UUID().uuidString.lowercased(), note: note, now: session.now)
            }
            print("flare #\(flare.id) started on \(flare.startDay); end it with 'flarelog flare end'")
        }
    }

    struct FlareEnd: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "end", abstract: "The open flare is over.")

        @OptionGroup var global: GlobalOptions
        @Option(parsing: .unconditional, help: "When it ended (any --at form of 'flarelog log'; default now).")
        var at: String?
        @Flag(help: "Accept a time more than 5 minutes in the future.") var allowFuture = false

        func run() throws {
            let session = try Session(global, .write, allowFuture: allowFuture, times: [at])
            let flare = try session.removingNewDatabaseOnFailure {
                try session.database.endFlare(at: try session.time(at))
            }
            let days = (flare.endDay ?? flare.startDay) - flare.startDay + 1
            print("flare #\(flare.id) ended: \(flare.startDay) to \(flare.endDay ?? flare.startDay), \(days) day(s)")
        }
    }

    struct FlareList: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List flare episodes.")

        @OptionGroup var global: GlobalOptions
        @Option(help: "Output format: table, json or csv.") var format: OutputFormat = .table

        func run() throws {
            let flares = try global.open(.read).flares()
            switch format {
            case .json:
                print(JSONValue.array(flares.map(Self.json)).text)
            case .csv:
                var csv = CSVText()
                csv.row(["id", "uid", "started_at", "ended_at", "start_day", "end_day", "note"])
                for flare in flares {
                    csv.row([
                        String(flare.id), flare.uid, flare.startedAt, flare.endedAt ?? "", flare.startDay.description,
                        flare.endDay?.description ?? "", flare.note ?? "",
                    ])
                }
                print(csv.text, terminator: "")
            case .table:
                if flares.isEmpty { print("no flare episodes") }
                var table = TextTable(columns: ["id", "from", "to", "days", "note"])
                for flare in flares {
                    let days = flare.endDay.map { String($0 - flare.startDay + 1) } ?? "open"
                    table.add([
                        "#\(flare.id)", flare.startDay.description, flare.endDay?.description ?? "(open)", days,
                        flare.note.map(EntryOutput.oneLine) ?? "",
                    ])
                }
                if !flares.isEmpty { print(table.render(), terminator: "") }
            }
        }

        static func json(_ flare: Flare) -> JSONValue {
            var object = JSONObject()
            object["id"] = .int(Int(flare.id))
            object["uid"] = .string(flare.uid)
            object["started_at"] = .string(flare.startedAt)
            object["ended_at"] = .string(flare.endedAt)
            object["start_day"] = .string(flare.startDay.description)
            object["end_day"] = .string(flare.endDay?.description)
            object["utc_offset_min"] = .int(flare.utcOffsetMinutes)
            object["note"] = .string(flare.note)
            return .object(object)
        }
    }
}
