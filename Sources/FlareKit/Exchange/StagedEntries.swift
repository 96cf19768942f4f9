/// Entries an import has checked but not stored yet, so that they can be stored in uid order.
///
/// Every entry adds a key to the unique index on `entry.uid`. In file order the uids are random, so each
/// insert lands somewhere else in a B-tree far larger than the CPU caches; in uid order each lands next to
/// the one before.
///
/// Rows refer to their text where it stands as is in the memory-mapped file, and copy into `arena` only
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

    private var rows: [Row] = []
    private var arena: [UInt8] = []
    private var regionLists: [[String]] = []

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
        rows.append(row)
    }

    /// The first eight bytes of a uid, big-endian, to order most pairs without reaching into the file.
    private struct SortKey {
        let prefix: UInt64
        let index: UInt32
    }

    /// Calls `body` with every row in uid order (rows with the same uid in the order they were staged, so
    /// the first one in the file wins), then empties the stage.
    mutating func drain(
        file: UnsafeRawBufferPointer,
        _ body: (Row, _ text: (Text) -> UnsafeRawBufferPointer?, _ regions: [String]) throws -> Void
    ) throws {
        defer {
            rows.removeAll(keepingCapacity: true)
            arena.removeAll(keepingCapacity: true)
            regionLists.removeAll()
        }
        // An empty file still needs a base address for the (never used) file side of a text.
        let fileStart = file.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!
        try arena.withUnsafeBytes { arenaBytes in
            let arenaStart = arenaBytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!
            let rows = self.rows
            func uid(_ index: UInt32) -> UnsafeRawBufferPointer {
                let row = rows[Int(index)]
                return row.uid.bytes(file: fileStart + row.fileBase, arena: arenaStart + row.arenaBase)!
            }
            var keys = rows.indices.map { index in
                var prefix: UInt64 = 0
                for (offset, byte) in uid(UInt32(index)).prefix(8).enumerated() {
                    prefix |= UInt64(byte) << (56 - 8 * offset)
                }
                return SortKey(prefix: prefix, index: UInt32(index))
            }
            // Ties on the prefix compare whole uids, bytewise like SQLite's BINARY collation.
            keys.sort { a, b in
                if a.prefix != b.prefix { return a.prefix < b.prefix }
                let (x, y) = (uid(a.index), uid(b.index))
                if !x.elementsEqual(y) { return x.lexicographicallyPrecedes(y) }
                return a.index < b.index
            }
            for key in keys {
                let row = rows[Int(key.index)]
                let file = fileStart + row.fileBase
                let arena = arenaStart + row.arenaBase
                try body(
                    row, { $0.bytes(file: file, arena: arena) }, row.regions >= 0 ? regionLists[Int(row.regions)] : [])
            }
        }
    }
}
