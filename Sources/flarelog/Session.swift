import ArgumentParser
import FlareKit
import FoundationEssentials

/// What a command needs once it has opened the database: the clock, the zone and the time parser.
struct Session {
    let database: Database
    /// The current instant as stored (`created_at`, `updated_at`).
    let now: String
    let parser: WhenParser

    /// Opens the database. The `times` the command will read (`--at` texts) are checked first, before the file
    /// is opened or created, so that a typo leaves no new database behind.
    init(_ global: GlobalOptions, _ access: Database.Access, allowFuture: Bool = false, times: [String?] = []) throws {
        let nowMillis = Timestamp.nowMillis()
        let zone = try Zone.user()
        // Only whether the text reads: which day it names, and so whether it is in the future or in a clock
        // change, can depend on the database's day start, and is checked once the file is open.
        let syntax = WhenParser(nowMillis: nowMillis, timeZone: zone, allowFuture: true)
        for case let text? in times {
            do { _ = try syntax.parse(text) } catch  where error.isUnreadable { throw FlareError(error) } catch {}
        }
        database = try global.open(access)
        now = Timestamp.format(nowMillis)
        parser = WhenParser(
            nowMillis: nowMillis, timeZone: zone, dayStart: try database.dayStart(),
            allowFuture: allowFuture)
    }

    /// Runs `body`, the command's work; when it fails, a database this command created is removed again (when
    /// nothing was written to it), so that a refused command leaves no new file behind.
    func removingNewDatabaseOnFailure<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch {
            if database.created { Database.removeIfUnused(database.path) }
            throw error
        }
    }

    /// The moment `text` names (nil: now), as stored on an entry.
    func time(_ text: String?) throws -> EntryTime {
        guard let text else { return EntryTime(parser.now) }
        do {
            return EntryTime(try parser.parse(text))
        } catch {
            throw FlareError(error)
        }
    }

    /// The local day `text` names (`YYYY-MM-DD` or any `--at` form), for --since/--until.
    func day(_ text: String?) throws -> LocalDay? {
        guard let text else { return nil }
        do {
            return try parser.day(text)
        } catch {
            throw FlareError(error)
        }
    }
}

extension ItemKind: CaseArgument {}
extension ValueType: CaseArgument {}
extension Aggregate: CaseArgument {}
