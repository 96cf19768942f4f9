import ArgumentParser
import FlareKit
import FoundationEssentials

/// What a command needs once it has opened the database: the clock, the zone and the time parser.
struct Session {
    let database: Database
    /// The current instant as stored (`created_at`, `updated_at`).
    let now: String
    let parser: WhenParser

    init(_ global: GlobalOptions, _ access: Database.Access, allowFuture: Bool = false) throws {
        database = try global.open(access)
        let nowMillis = Timestamp.nowMillis()
        now = Timestamp.format(nowMillis)
        parser = WhenParser(
            nowMillis: nowMillis, timeZone: TimeZone.user, dayStart: try database.dayStart(),
            allowFuture: allowFuture)
    }

    /// The moment `text` names (nil: now), as stored on an entry.
    func time(_ text: String?) throws -> EntryTime {
        guard let text else { return EntryTime(parser.now) }
        do {
            return EntryTime(try parser.parse(text))
        } catch {
            throw FlareError.badData(error.description)
        }
    }

    /// The local day `text` names (`YYYY-MM-DD` or any `--at` form), for --since/--until.
    func day(_ text: String?) throws -> LocalDay? {
        guard let text else { return nil }
        do {
            return try parser.day(text)
        } catch {
            throw FlareError.badData(error.description)
        }
    }
}

extension ItemKind: CaseArgument {}
extension ValueType: CaseArgument {}
extension Aggregate: CaseArgument {}
