import FoundationEssentials
import SQLite

/// Which entries `flarelog list` shows.
public struct EntryFilter: Sendable {
    public var since: LocalDay?
    public var until: LocalDay?
    public var kind: ItemKind?
    public var item: Item?
    /// At most this many, newest first; nil for all.
    public var limit: Int?
    public var includeDeleted = false

    public init(
        since: LocalDay? = nil, until: LocalDay? = nil, kind: ItemKind? = nil, item: Item? = nil, limit: Int? = nil,
        includeDeleted: Bool = false
    ) {
        self.since = since
        self.until = until
        self.kind = kind
        self.item = item
        self.limit = limit
        self.includeDeleted = includeDeleted
    }
}

/// What `flarelog edit` changes; nil leaves a field as it is.
public struct EntryChanges: Sendable {
    public var value: Double?
    public var time: EntryTime?
    public var note: String?
    public var regions: [String]?

    public init(value: Double? = nil, time: EntryTime? = nil, note: String? = nil, regions: [String]? = nil) {
        self.value = value
        self.time = time
        self.note = note
        self.regions = regions
    }

    public var isEmpty: Bool { value == nil && time == nil && note == nil && regions == nil }
}

extension Database {
    /// Records an entry of `item`. Logging a uid that exists already stores nothing and returns the
    /// stored entry, so a retried command cannot record twice.
    /// - Returns: the entry, and whether it was created by this call.
    public func log(_ new: NewEntry, of item: Item, now: String) throws -> (entry: Entry, created: Bool) {
        try item.validate(new.value)
        let regions = try Self.uniqueRegions(new.regions)
        return try write {
            if let existing = try entry(uid: new.uid) { return (existing, false) }
            try connection.run(
                """
                INSERT INTO entry (uid, item_id, occurred_at, utc_offset_min, local_day, value, note, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    new.uid, item.id, new.time.occurredAt, new.time.utcOffsetMinutes, new.time.localDay.description,
                    new.value, new.note, now, now,
                ])
            let id = connection.lastInsertRowID
            try insertRegions(regions, entryID: id)
            return (try requireEntry(id: id), true)
        }
    }

    /// The entry with this uid, deleted or not.
    public func entry(uid: String) throws -> Entry? {
        try connection.firstRow(
            "SELECT \(Entry.columns) FROM entry JOIN item ON item.id = entry.item_id WHERE uid = ?", [uid]
        ) { try Entry(row: $0) }
    }

    /// The entry a person means by `reference`: its integer id, or its uid.
    /// - Throws: `FlareError.badData` when there is none.
    public func entry(reference: String) throws -> Entry {
        let trimmed = reference.trimmed()
        // Only "no such id" falls through to the uid: a damaged page must not read as "no entry".
        if let id = Int64(trimmed), let found = try entryIfPresent(id: id) { return found }
        if let found = try entry(uid: trimmed.lowercased()) ?? entry(uid: trimmed) { return found }
        throw FlareError.badData("no entry with id '\(reference)'; 'flarelog list' shows the ids")
    }

    private func entryIfPresent(id: Int64) throws -> Entry? {
        try connection.firstRow(
            "SELECT \(Entry.columns) FROM entry JOIN item ON item.id = entry.item_id WHERE entry.id = ?", [id]
        ) { try Entry(row: $0) }
    }

    private func requireEntry(id: Int64) throws -> Entry {
        guard let found = try entryIfPresent(id: id) else {
            throw FlareError.badData("no entry with id \(id); 'flarelog list' shows the ids")
        }
        return found
    }

    /// Entries matching `filter`, newest first.
    public func entries(_ filter: EntryFilter) throws -> [Entry] {
        try read {
            try connection.rows(
                """
                SELECT \(Entry.columns) FROM entry JOIN item ON item.id = entry.item_id
                WHERE (?1 OR deleted_at IS NULL) AND (?2 IS NULL OR local_day >= ?2) AND (?3 IS NULL OR local_day <= ?3)
                  AND (?4 IS NULL OR kind = ?4) AND (?5 IS NULL OR item_id = ?5)
                ORDER BY occurred_at DESC, entry.id DESC
                LIMIT ?6
                """,
                [
                    filter.includeDeleted, filter.since?.description, filter.until?.description, filter.kind?.rawValue,
                    filter.item?.id, filter.limit ?? -1,
                ]
            ) { try Entry(row: $0) }
        }
    }

    /// Changes an entry's value, time, note or regions, validating like `log`.
    public func edit(_ reference: String, _ changes: EntryChanges, now: String) throws -> Entry {
        guard !changes.isEmpty else {
            throw FlareError.usage("nothing to change; give --value, --at, --note or --region")
        }
        let regions = try changes.regions.map(Self.uniqueRegions)
        return try write {
            let current = try entry(reference: reference)
            guard current.deletedAt == nil else {
                throw FlareError.badData("entry \(current.id) is deleted; 'flarelog undelete \(current.id)' first")
            }
            if let value = changes.value {
                try item(current.itemKind, named: current.itemName).validate(value)
            }
            try connection.run(
                """
                UPDATE entry SET value = coalesce(?, value), occurred_at = coalesce(?, occurred_at),
                    utc_offset_min = coalesce(?, utc_offset_min), local_day = coalesce(?, local_day),
                    note = CASE WHEN ?5 THEN ?6 ELSE note END, updated_at = ?7
                WHERE id = ?8
                """,
                [
                    changes.value, changes.time?.occurredAt, changes.time?.utcOffsetMinutes,
                    changes.time?.localDay.description, changes.note != nil,
                    changes.note.flatMap { $0.isEmpty ? nil : $0 }, now, current.id,
                ])
            if let regions {
                try connection.run("DELETE FROM entry_region WHERE entry_id = ?", [current.id])
                try insertRegions(regions, entryID: current.id)
            }
            return try requireEntry(id: current.id)
        }
    }

    /// Soft-deletes (or, with `deleted: false`, restores) entries: all of them, or none when one is unknown.
    /// - Returns: the entries after the change.
    public func setDeleted(_ references: [String], deleted: Bool, now: String) throws -> [Entry] {
        try write {
            let targets = try references.map { try entry(reference: $0) }
            for target in targets {
                try connection.run(
                    "UPDATE entry SET deleted_at = ?, updated_at = ? WHERE id = ?",
                    [deleted ? (target.deletedAt ?? now) : nil, now, target.id])
            }
            return try targets.map { try requireEntry(id: $0.id) }
        }
    }

    private func insertRegions(_ regions: [String], entryID: Int64) throws {
        for region in regions {
            try connection.run("INSERT INTO entry_region (entry_id, region) VALUES (?, ?)", [entryID, region])
        }
    }

    private static func uniqueRegions(_ regions: [String]) throws -> [String] {
        var seen: [String] = []
        for region in try regions.map(BodyRegion.normalized) where !seen.contains(region) {
            seen.append(region)
        }
        return seen
    }
}
