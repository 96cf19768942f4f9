/// Entries an import has checked but not stored yet, so that they can be stored in uid order.
///
/// Every entry adds a key to the unique index on `entry.uid`. In file order the uids are random, so each
/// insert lands somewhere else in a B-tree far larger than the CPU caches; in uid order each lands next to
/// the one before.
///
/// Rows refer to their text where it stands as is in the file read into memory, and copy into `arena` only
/// what is not (values the general path made, notes with doubled quotes). A row is about 100 bytes; the
/// session stores the staged rows when they reach `budget` bytes, so memory stays bounded on any file.
struct StagedEntries {
    /// Where one text value is: its count of bytes at an offset from the row's first byte in the file, or in
    /// the arena when the count's top bit is set. Both fit in 31 bits, so a text takes 8 bytes.
    struct Text {
        private let offset: UInt32
        private let packedCount: UInt32

        /// No value: binds NULL.
        static let null = Text(offset: .max, packedCount: 0)
        private static let arenaFlag: UInt32 = 1 << 31

        private init(offset: UInt32, packedCount: UInt32) {
            self.offset = offset
            self.packedCount = packedCount
        }

        /// The text at `range` of the file, for a row that starts at `base`; nil when it is too far or long.
        init?(file range: Range<Int>, base: Int) {
            guard let offset = UInt32(exactly: range.lowerBound - base), offset < Self.arenaFlag,
                let count = UInt32(exactly: range.count), count < Self.arenaFlag
            else { return nil }
            self.init(offset: offset, packedCount: count)
        }

        fileprivate init?(arena range: Range<Int>, base: Int) {
            guard let offset = UInt32(exactly: range.lowerBound - base), offset < Self.arenaFlag,
                let count = UInt32(exactly: range.count), count < Self.arenaFlag
            else { return nil }
            self.init(offset: offset, packedCount: count | Self.arenaFlag)
        }

        /// The bytes, or nil for `null`.
        fileprivate func bytes(file: UnsafeRawPointer, arena: UnsafeRawPointer) -> UnsafeRawBufferPointer? {
            guard offset != .max else { return nil }
            let start = packedCount & Self.arenaFlag == 0 ? file : arena
            return UnsafeRawBufferPointer(start: start + Int(offset), count: Int(packedCount & ~Self.arenaFlag))
        }
    }

    /// One checked entry. Text offsets count from `fileBase` in the file and from `arenaBase` in `arena`.
    struct Row {
        var fileBase = 0
        var arenaBase = 0
        var itemID: Int64
        var value: Double
        var uid: Text
        var occurredAt: Text
        var localDay: Text
        var note: Text
        var createdAt: Text
        var updatedAt: Text
        var deletedAt: Text
        /// An index in `regionLists`, or -1 for none.
        var regions: Int32 = -1
        var utcOffsetMinutes: Int16
        /// `ImportSession.index` of the item's kind.
        var kindIndex: UInt8
    }

    /// Staged bytes past which the session stores what it holds (checked after each row).
    static let budget = 128 << 20

    /// The file (read into memory) that rows refer to.
    private let file: UnsafeRawBufferPointer
    private var rows: [Row] = []
    private var keys: [SortKey] = []
    private var arena: [UInt8] = []
    private var regionLists: [[String]] = []

    init(file: UnsafeRawBufferPointer) {
        self.file = file
    }

    var isEmpty: Bool { rows.isEmpty }
    var isFull: Bool {
        rows.count * (MemoryLayout<Row>.stride + MemoryLayout<SortKey>.stride) + arena.count >= Self.budget
    }

    /// Where the next row's arena text starts: its `arenaBase`.
    var arenaEnd: Int { arena.count }

    /// Copies `bytes` into the arena for the row whose `arenaBase` is `base`; nil when the row grows too long.
    mutating func copy(_ bytes: some Collection<UInt8>, base: Int) -> Text? {
        let start = arena.count
        arena.append(contentsOf: bytes)
        return Text(arena: start..<arena.count, base: base)
    }

    /// The index of `regions` for `Row.regions`.
    mutating func add(regions: [String]) -> Int32 {
        regionLists.append(regions)
        return Int32(regionLists.count - 1)
    }

    mutating func append(_ row: Row) {
        // The sort key is taken now, while the uid's bytes are still in the cache.
        let prefix = arena.withUnsafeBytes { arena in
            var prefix: UInt64 = 0
            for (offset, byte) in Self.uid(row, file: file, arena: arena).prefix(8).enumerated() {
                prefix |= UInt64(byte) << (56 - 8 * offset)
            }
            return prefix
        }
        keys.append(SortKey(prefix: prefix, index: UInt32(rows.count)))
        rows.append(row)
    }

    /// The first eight bytes of a uid, big-endian, to order most pairs without reaching for the uid itself.
    private struct SortKey {
        let prefix: UInt64
        let index: UInt32
    }

    private static func uid(_ row: Row, file: UnsafeRawBufferPointer, arena: UnsafeRawBufferPointer)
        -> UnsafeRawBufferPointer
    {
        // Empty buffers still need a base address for the side of a text that is never used.
        let placeholder = UnsafeRawPointer(bitPattern: 1)!
        return row.uid.bytes(
            file: (file.baseAddress ?? placeholder) + row.fileBase,
            arena: (arena.baseAddress ?? placeholder) + row.arenaBase)!
    }

    /// The text values of one row, in the file or the arena, ready to bind in place; nil for NULL.
    struct Values {
        var uid: UnsafeRawBufferPointer?
        var occurredAt: UnsafeRawBufferPointer?
        var localDay: UnsafeRawBufferPointer?
        var note: UnsafeRawBufferPointer?
        var createdAt: UnsafeRawBufferPointer?
        var updatedAt: UnsafeRawBufferPointer?
        var deletedAt: UnsafeRawBufferPointer?
    }

    /// Calls `body` with every row in uid order (rows with the same uid in the order they were staged, so
    /// the first one in the file wins), then empties the stage. `Values` stay valid until `body` returns.
    mutating func drain(_ body: (Row, Values, _ regions: [String]) throws -> Void) throws {
        defer {
            rows.removeAll(keepingCapacity: true)
            keys.removeAll(keepingCapacity: true)
            arena.removeAll(keepingCapacity: true)
            regionLists.removeAll()
        }
        try arena.withUnsafeBytes { arena in
            let (rows, file) = (self.rows, self.file)
            func uid(_ index: UInt32) -> UnsafeRawBufferPointer { Self.uid(rows[Int(index)], file: file, arena: arena) }
            // Ties on the prefix compare whole uids, bytewise like SQLite's BINARY collation.
            keys.sort { a, b in
                if a.prefix != b.prefix { return a.prefix < b.prefix }
                let (x, y) = (uid(a.index), uid(b.index))
                if !x.elementsEqual(y) { return x.lexicographicallyPrecedes(y) }
                return a.index < b.index
            }
            let placeholder = UnsafeRawPointer(bitPattern: 1)!
            let (fileStart, arenaStart) = (file.baseAddress ?? placeholder, arena.baseAddress ?? placeholder)
            for key in keys {
                let row = rows[Int(key.index)]
                let (file, arena) = (fileStart + row.fileBase, arenaStart + row.arenaBase)
                let values = Values(
                    uid: row.uid.bytes(file: file, arena: arena),
                    occurredAt: row.occurredAt.bytes(file: file, arena: arena),
                    localDay: row.localDay.bytes(file: file, arena: arena),
                    note: row.note.bytes(file: file, arena: arena),
                    createdAt: row.createdAt.bytes(file: file, arena: arena),
                    updatedAt: row.updatedAt.bytes(file: file, arena: arena),
                    deletedAt: row.deletedAt.bytes(file: file, arena: arena))
                try body(row, values, row.regions >= 0 ? regionLists[Int(row.regions)] : [])
            }
        }
    }
}
