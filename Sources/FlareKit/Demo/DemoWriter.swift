import FoundationEssentials

extension Database {
    /// Records a simulated history in one transaction, resolving each local wall time in `timeZone`.
    /// - Returns: the number of entries and flare episodes written.
    public func record(_ history: DemoHistory, timeZone: Zone, now: String) throws -> (entries: Int, flares: Int) {
        // Simulated times are in the past by construction; the parser still checks each one is a real local time.
        let parser = WhenParser(nowMillis: Timestamp.nowMillis(), timeZone: timeZone, allowFuture: true)
        func time(_ day: LocalDay, _ hour: Int, _ minute: Int) -> EntryTime? {
            let text = "\(day)T\(twoDigits(hour)):\(twoDigits(minute))"
            return (try? parser.parse(text)).map(EntryTime.init)
        }
        return try write {
            var items: [String: Item] = [:]
            var entries = 0
            for (index, record) in history.records.enumerated() {
                guard let at = time(record.day, record.hour, record.minute) else { continue }
                let key = "\(record.kind.rawValue)/\(record.item)"
                let item = try items[key] ?? self.item(record.kind, named: record.item)
                items[key] = item
                let uid = demoUID(series: "8000", index)
                let entry = NewEntry(
                    uid: uid, value: record.value, time: at, note: record.note, regions: record.regions)
                _ = try log(entry, of: item, now: now)
                entries += 1
            }
            var flares = 0
            for (index, episode) in history.episodes.enumerated() {
                guard let start = time(episode.start, 9, 0) else { continue }
                let uid = demoUID(series: "9000", index)
                _ = try startFlare(at: start, uid: uid, note: "simulated flare", now: now)
                if let end = episode.end, let ended = time(end, 20, 0) { _ = try endFlare(at: ended) }
                flares += 1
            }
            return (entries, flares)
        }
    }
}

/// A fixed uid for the `index`th simulated entry (series 8000) or flare (9000), so two demos are alike.
private func demoUID(series: String, _ index: Int) -> String {
    let hex = String(index, radix: 16)
    return "00000000-0000-4000-\(series)-" + String(repeating: "0", count: max(0, 12 - hex.count)) + hex
}
