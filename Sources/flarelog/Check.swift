import ArgumentParser
import FlareKit
import FoundationEssentials

extension Flarelog {
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Check the database file and flarelog's own rules; exit 1 when problems are found.",
            discussion: "Opens the file read-only and never changes it.")

        @OptionGroup var global: GlobalOptions
        @Flag(help: "Run SQLite's full integrity_check (also verifies indexes) instead of quick_check.")
        var full = false
        @Option(help: "Output format: table or json.") var format: OutputFormat = .table

        func validate() throws {
            if format == .csv { throw ValidationError("check prints table or json, not csv") }
        }

        func run() throws {
            let report = try global.open(.read).healthCheck(full: full)
            switch format {
            case .json:
                var json = JSONObject()
                json["path"] = .string(report.path)
                json["full"] = .bool(report.full)
                json["healthy"] = .bool(report.isHealthy)
                json["problems"] = .int(report.problemCount)
                json["checks"] = .array(
                    report.findings.map { finding in
                        var item = JSONObject()
                        item["name"] = .string(finding.name)
                        item["ok"] = .bool(finding.problems == 0)
                        item["problems"] = .int(finding.problems)
                        item["examples"] = .array(finding.examples.map { .string($0) })
                        return .object(item)
                    })
                json["leftovers"] = .array(
                    report.leftovers.map { leftover in
                        var item = JSONObject()
                        item["kind"] = .string(leftover.kind.rawValue)
                        item["path"] = .string(leftover.path)
                        item["pid"] = .int(Int(leftover.pid))
                        item["size_bytes"] = .int(Int(leftover.sizeBytes))
                        return .object(item)
                    })
                print(JSONValue.object(json).text)
            case .table, .csv:
                var table = TextTable(columns: ["check", "result", "what it verifies"])
                for finding in report.findings {
                    table.add([
                        finding.name, finding.problems == 0 ? "ok" : "\(finding.problems) FAILED", finding.summary,
                    ])
                }
                print(table.render(), terminator: "")
                for finding in report.findings where finding.problems > 0 {
                    for example in finding.examples { print("\(finding.name): \(example)") }
                    if finding.problems > finding.examples.count {
                        print("\(finding.name): … and \(finding.problems - finding.examples.count) more")
                    }
                }
                for leftover in report.leftovers {
                    print(
                        "leftover: \(leftover.path) (\(leftover.sizeBytes) bytes) of a \(leftover.kind.rawValue) killed"
                            + " as process \(leftover.pid); it may hold health data: delete it")
                }
                if report.isHealthy { print("ok: \(report.path) passed every check") }
            }
            guard report.isHealthy else {
                let count = report.problemCount
                throw FlareError(
                    .problemsFound,
                    "\(count) problem\(count == 1 ? "" : "s") found in \(report.path); see the list above; "
                        + "if the file is damaged, restore a backup with 'flarelog restore'")
            }
        }
    }
}
