import FoundationEssentials
import Glibc
import SQLite

/// How thoroughly a copy is checked: `PRAGMA quick_check` or the slower, index-checking `integrity_check`.
public enum Verification: String, Sendable, CaseIterable {
    case quick, full
}

/// Where `flarelog backup` writes.
public enum BackupDestination: Equatable, Sendable {
    /// A folder: the file is named `flarelog-YYYYMMDD-HHMMSS.db` (UTC), `-2`, `-3`, … when taken.
    case folder(String)
    /// Exactly this file, which must not exist yet.
    case file(String)

    /// `argument` as a folder when it is one or ends with `/`, else as a file; no argument means
    /// the default folder `$XDG_DATA_HOME/flarelog/backups`.
    public static func resolve(_ argument: String?, environment: EnvironmentLookup = processEnvironment)
        -> BackupDestination
    {
        guard let argument, !argument.isEmpty else {
            return .folder(BackupFolder.defaultPath(environment: environment))
        }
        var isFolder = false
        if argument.hasSuffix("/")
            || (FileManager.default.fileExists(atPath: argument, isDirectory: &isFolder)
                && isFolder)
        {
            var folder = argument
            while folder.count > 1 && folder.hasSuffix("/") { folder.removeLast() }
            return .folder(folder)
        }
        return .file(argument)
    }

    /// The folder the backup file goes in (the parent of a file destination).
    public var folder: String {
        switch self {
        case .folder(let folder): return folder
        case .file(let file):
            return PathName.folder(of: file)
        }
    }
}

/// Row counts read in one snapshot, to compare a copy with its source.
public struct TableCounts: Sendable, Equatable {
    public var items = 0
    /// Every entry row, soft-deleted ones included.
    public var entryRows = 0
    /// Live entries (not soft-deleted): what `info` calls entries.
    public var entries = 0
    public var regions = 0
    public var flares = 0
    public var settings = 0

    static func read(_ connection: Connection) throws -> TableCounts {
        let sql = """
            SELECT (SELECT count(*) FROM item), (SELECT count(*) FROM entry),
                   (SELECT count(*) FROM entry WHERE deleted_at IS NULL), (SELECT count(*) FROM entry_region),
                   (SELECT count(*) FROM flare), (SELECT count(*) FROM setting)
            """
        let counts = try connection.firstRow(sql) { row in
            TableCounts(
                items: row.column(0), entryRows: row.column(1), entries: row.column(2), regions: row.column(3),
                flares: row.column(4), settings: row.column(5))
        }
        return counts ?? TableCounts()
    }
}

/// A finished backup file.
public struct BackupReceipt: Sendable, Equatable {
    public let path: String
    public let sizeBytes: Int64
    public let schemaVersion: Int32
    /// Row counts of the copy (nil for a safety copy of a database too damaged to count).
    public let counts: TableCounts?
    /// SHA-256 of the file, as `sha256sum` prints it.
    public let sha256: String
    /// How the copy was checked; nil for a safety copy, which keeps the database exactly as it was.
    public let verification: Verification?
    /// Old backups deleted by `--keep`.
    public var removed: [String] = []
    /// True for an age file (`.db.age`): then `sizeBytes` and `sha256` are the encrypted file's.
    public var encrypted = false
}

extension Database {
    /// Copies the database into a new, verified, self-contained backup file and returns what was written.
    ///
    /// The copy is one consistent snapshot taken with SQLite's online backup API while other processes
    /// keep writing. It is written to a temporary file in the destination folder, switched to
    /// `journal_mode=DELETE`, verified (integrity, application id, schema version, row counts equal to the
    /// source's at the same snapshot), flushed, and only then given its name. On any failure the
    /// temporary file is removed.
    /// - Parameters:
    ///   - keep: when set, deletes the oldest backups of the folder beyond this many, by the rule of
    ///     `BackupPruning`.
    ///   - encryption: when set, the verified copy is encrypted into an age file (`BackupWriter.seal`).
    /// - Throws: `FlareError`.
    public func backup(
        to destination: BackupDestination, verification: Verification = .quick, keep: Int? = nil, now: Date = Date(),
        encryption: Encryption? = nil
    ) throws -> BackupReceipt {
        let file: String?
        if case .file(let path) = destination { file = path } else { file = nil }
        var receipt = try BackupWriter.write(
            from: connection, sourcePath: path, folder: destination.folder, file: file,
            names: BackupFolder.candidateNames(stem: BackupFolder.stem(for: now), encrypted: encryption != nil),
            verification: verification, madeAt: Timestamp.format(Timestamp.millis(of: now)), encryption: encryption)
        if let keep {
            receipt.removed = try BackupPruning.prune(
                folder: destination.folder, keep: keep, written: receipt.path, passphrase: encryption?.passphrase)
        }
        return receipt
    }
}

/// The steps of writing one backup file, shared by `backup` and the safety copy `restore` takes.
enum BackupWriter {
    /// Copies `source` into a new file in `folder` (named `file`, or the first free name of `names`).
    /// With `verification` nil the copy is not compared with its source (a safety copy of a database
    /// that may be damaged keeps whatever is there). With `madeAt`, the copy records when `backup` made it,
    /// which makes it one `--keep` may delete later (a safety copy has no record and stays).
    /// With `encryption`, the plaintext copy is made and verified beside the live database, never in `folder` (a
    /// synced folder or a USB stick), and only its encryption goes there (`seal`).
    static func write(
        from source: Connection, sourcePath: String, folder: String, file: String?, names: some Sequence<String>,
        verification: Verification?, madeAt: String? = nil, encryption: Encryption? = nil
    ) throws -> BackupReceipt {
        try BackupFolder.create(folder)
        if let file, FileManager.default.fileExists(atPath: file) {
            throw FlareError(.cannotCreate, "\(file) already exists; flarelog never overwrites a file")
        }
        let temporary = try BackupFolder.makeTemporaryFile(
            in: encryption == nil ? folder : PathName.folder(of: sourcePath))
        var sealed: String?
        do {
            // The plaintext copy an encrypted backup is made from is thrown away: it is neither flushed nor hashed.
            let (version, sourceCounts, work) = try copy(
                from: source, sourcePath: sourcePath, to: temporary, verification: verification, madeAt: madeAt,
                kept: encryption == nil)
            let counts: TableCounts?
            let copyDigest: String?
            do {
                counts = try verify(
                    temporary, version: version, counts: sourceCounts, verification: verification,
                    check: work.check, sourcePath: sourcePath)
                try work.flush.wait()
                copyDigest = try work.digest?.wait()
            } catch {
                work.settle()
                throw error
            }
            let (written, digest): (String, String)
            if let encryption {
                let file = try BackupFolder.makeTemporaryFile(in: folder)
                sealed = file
                (written, digest) = (file, try seal(temporary, into: file, encryption))
                BackupFolder.removeTemporary(temporary)
            } else if let copyDigest {
                (written, digest) = (temporary, copyDigest)
            } else {
                throw FlareError(.software, "internal error: the backup copy was not hashed")
            }
            var info = stat()
            stat(written, &info)
            let final = try BackupFolder.publish(written, as: file, in: folder, names: names)
            try BackupFolder.syncFolder(folder)
            var receipt = BackupReceipt(
                path: final, sizeBytes: Int64(info.st_size), schemaVersion: version, counts: counts, sha256: digest,
                verification: verification)
            receipt.encrypted = encryption != nil
            return receipt
        } catch {
            BackupFolder.removeTemporary(temporary)
            if let sealed { BackupFolder.removeTemporary(sealed) }
            throw error
        }
    }

    /// Encrypts the verified copy `plaintext` into the empty file `sealed`, flushes it, then decrypts it again in
    /// memory and compares what comes out with the copy, byte for byte. Returns the SHA-256 of the encrypted file,
    /// hashed on another thread meanwhile.
    ///
    /// Byte for byte rather than by the SHA-256 of both: equal bytes have equal digests, and two more passes of
    /// SHA-256 over the whole database (about 1 GB/s here, each) were most of what made an encrypted backup take
    /// more than twice as long as a plain one.
    private static func seal(_ plaintext: String, into sealed: String, _ encryption: Encryption) throws -> String {
        let descriptor = open(sealed, O_WRONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw FlareError(.cannotCreate, "cannot write \(sealed): \(FlareError.errnoText(errno))")
        }
        do {
            try EncryptedFile.encrypt(fileAt: plaintext, to: descriptor, name: sealed, encryption)
        } catch {
            close(descriptor)
            throw error
        }
        var failure = fsync(descriptor) == 0 ? 0 : errno
        if close(descriptor) != 0, failure == 0 { failure = errno }
        guard failure == 0 else {
            throw FlareError(.ioError, "I/O error: cannot flush \(sealed) to disk: \(FlareError.errnoText(failure))")
        }
        let digest = BackgroundWork { try SHA256.hex(ofFileAt: sealed) }
        let same: Bool
        do {
            same = try EncryptedFile.decrypts(sealed, to: plaintext, encryption.passphrase)
        } catch let error as AgeError {
            _ = try? digest.wait()
            throw FlareError(.ioError, "I/O error: the encrypted backup does not decrypt (\(error)); nothing was saved")
        } catch {
            _ = try? digest.wait()
            throw error
        }
        guard same else {
            _ = try? digest.wait()
            throw FlareError(
                .ioError, "I/O error: the encrypted backup decrypts to other bytes than the copy; nothing was saved")
        }
        return try digest.wait()
    }

    /// A `PRAGMA mmap_size` that maps any flarelog database whole (SQLite caps it at its SQLITE_MAX_MMAP_SIZE).
    private static let wholeFileMapping = 2_147_418_112

    /// Copies `source` into the empty file `temporary`, switches the copy to a rollback journal and starts the
    /// work on the finished copy. Returns the source's schema version and (when verifying) its row counts, read
    /// in the snapshot copied, with that work.
    private static func copy(
        from source: Connection, sourcePath: String, to temporary: String, verification: Verification?,
        madeAt: String?, kept: Bool
    ) throws -> (Int32, TableCounts?, FinishedCopy) {
        // Reading the snapshot through a memory mapping spares a read() and a copy per page: the backup API
        // asks for source pages read-only, which SQLite then serves from the mapping (https://sqlite.org/mmap.html).
        // Other processes may write meanwhile: in WAL mode a checkpoint never cuts the file below the snapshot a
        // reader has open, and in rollback mode the reader's shared lock keeps writers out.
        // The connection goes back to plain reads after the copy, for `restore`, which writes through it.
        try? source.execute("PRAGMA mmap_size = \(wholeFileMapping)")
        defer { try? source.execute("PRAGMA mmap_size = 0") }
        do {
            // The counts and the copy must describe the same snapshot: the one of this transaction's read
            // transaction, begun by reading the schema version. sqlite3_backup_step() only begins a read
            // transaction on the source when none is open, and ends only the one it began (backup.c:
            // `if( SQLITE_TXN_NONE==sqlite3BtreeTxnState(p->pSrc) )` … `bCloseTrans`), so one step of all pages
            // copies that snapshot and the counts after it still read it (BackupSnapshotTests shows both).
            // Counting after the copy lets the count overlap the check of the copy.
            return try source.transaction(.deferred) {
                let version = try source.userVersion
                try copyPages(from: source, into: temporary)
                try finishCopy(temporary, madeAt: madeAt, sourcePath: sourcePath)
                let work = FinishedCopy(temporary, verification: verification, kept: kept)
                do {
                    return (version, verification == nil ? nil : try TableCounts.read(source), work)
                } catch {
                    work.settle()
                    throw error
                }
            }
        } catch let error as SQLiteError {
            // Errors of the copy are reported on the destination but mostly come from the source (a damaged
            // page, a lock): the status follows the cause, and the words name the source.
            let cause = FlareError(error, path: sourcePath)
            throw FlareError(cause.status, "the backup of \(sourcePath) failed: \(cause.message)")
        }
    }

    /// Rewrites the header of the copy at `path` for a rollback journal and, with `madeAt`, records in it when
    /// the backup was made (`BackupPruning`).
    private static func finishCopy(_ path: String, madeAt: String?, sourcePath: String) throws {
        do {
            let copy = try Connection(path: path, mode: .readWrite)
            // No fsync while SQLite rewrites the header: the file is flushed once, by `write`, before it gets
            // its name, and thrown away on any failure, so SQLite's own syncs would only add waiting.
            try copy.execute("PRAGMA synchronous = OFF")
            // The backup API copies page 1 as it is, so a copy of a WAL database says WAL in its header and
            // would grow -wal/-shm files when opened. A backup is one self-contained file.
            let mode = try copy.scalar("PRAGMA journal_mode = DELETE", as: String.self)
            guard mode?.lowercased() == "delete" else {
                throw FlareError(
                    .software, "cannot switch the backup copy to journal_mode=DELETE (got \(mode ?? "nothing"))")
            }
            if let madeAt { try BackupPruning.record(in: copy, madeAt: madeAt, source: sourcePath) }
        } catch let error as SQLiteError {
            throw FlareError(error, path: path)
        }
    }

    /// Writes the pages of the snapshot `source` has open into the empty file `temporary`.
    ///
    /// The backup API writes into an in-memory database whose image is a shared mapping of the file, so
    /// each page is copied once, straight into the file's page cache. Copying into a database opened on
    /// the file takes a pwrite() per page through SQLite's page cache instead: with 4 KiB pages that is
    /// one system call per 4 KiB, which took twice as long. It remains for file systems that cannot map
    /// files for writing.
    private static func copyPages(from source: Connection, into temporary: String) throws {
        // In the open read transaction these are the snapshot's, which the copy cannot outgrow.
        let pageSize = try source.scalar("PRAGMA page_size", as: Int.self) ?? 0
        let pageCount = try source.scalar("PRAGMA page_count", as: Int.self) ?? 0
        let mapped: Void? = try BackupFolder.withWritableMapping(of: temporary, size: pageSize * pageCount) { image in
            // sqlite3_backup_init() gives the empty destination the source's page size.
            try copyAllPages(from: source, to: Connection(image: image), timeout: 30)
        }
        if mapped == nil { try copyPagesThroughSQLite(from: source, into: temporary) }
    }

    /// Writes the pages of the snapshot `source` has open into the empty file `temporary` through a connection
    /// on the file.
    static func copyPagesThroughSQLite(from source: Connection, into temporary: String) throws {
        let destination = try Connection(path: temporary, mode: .readWrite)
        // No fsync while SQLite writes the copy: see `finishCopy`.
        try destination.execute("PRAGMA synchronous = OFF")
        try copyAllPages(from: source, to: destination, timeout: 30)
    }

    /// Runs the backup in one step of all pages, retrying while a lock is held, for at most `timeout` seconds.
    static func copyAllPages(from source: Connection, to destination: Connection, timeout: Double) throws {
        let backup = try Backup(from: source, to: destination)
        try retryWhileLocked(timeout: timeout) { try backup.step() }
    }

    /// Calls `attempt` until it returns true (false: a lock is in the way), pausing 50 ms between attempts,
    /// for at most `timeout` seconds.
    static func retryWhileLocked(timeout: Double, _ attempt: () throws -> Bool) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while try !attempt() {
            guard Date() < deadline else {
                throw FlareError(.temporaryFailure, "the database stayed locked by another flarelog; try again")
            }
            usleep(50_000)
        }
    }

    /// Checks the closed copy at `path`: its header here, its application id, schema version and row counts
    /// through a read-only connection of this thread, and the verdict of `check`, running meanwhile. Returns
    /// the counts.
    private static func verify(
        _ path: String, version: Int32, counts expected: TableCounts?, verification: Verification?,
        check: BackgroundWork<[String]>?, sourcePath: String
    ) throws -> TableCounts? {
        let header = try FileHeader(path: path)
        guard header.isRollbackJournal else {
            // SQLite reported the switch to journal_mode=DELETE done: only a write lost on the way says otherwise.
            throw FlareError(
                .ioError, "I/O error: the backup copy was not written completely (still in WAL mode); nothing was saved"
            )
        }
        let counts = Result { try readBack(path, version: version, counting: verification != nil) }
        do {
            // The check's verdict comes first: a damaged copy fails the counts too, and the check's words say more.
            if let check, let verification {
                let problems = try check.wait()
                guard problems.isEmpty else {
                    throw FlareError(
                        .badData,
                        "the backup copy failed its \(verification.rawValue) check (\(problems[0])); nothing was saved;"
                            + " run 'flarelog check --full' on \(sourcePath)")
                }
            }
            let copied = try counts.get()
            guard verification == nil || copied == expected else {
                throw FlareError(
                    .software,
                    "the backup copy holds \(copied?.entryRows ?? 0) entry rows but the source had"
                        + " \(expected?.entryRows ?? 0); nothing was saved")
            }
            return copied
        } catch let error as SQLiteError {
            // Which page a damage hits decides whether the check reports it or fails on it: the words are the same.
            let what = error.primaryCode == 11 ? "is damaged" : "cannot be read back"  // 11: SQLITE_CORRUPT
            throw FlareError(
                .badData,
                "the backup copy \(what) (\(error)); nothing was saved; run 'flarelog check --full' on \(sourcePath)")
        }
    }

    /// Opens the copy at `path` read-only, through a memory mapping: reading the private, finished copy that
    /// way spares a read() per page (https://sqlite.org/mmap.html), and nothing else can truncate it under us.
    private static func openCopy(_ path: String) throws -> Connection {
        let copy = try Connection(path: path, mode: .readOnly)
        try copy.execute("PRAGMA mmap_size = \(wholeFileMapping)")
        return copy
    }

    /// The problems `verification` finds in the copy at `path` (none when it is sound).
    fileprivate static func problems(of path: String, _ verification: Verification) throws -> [String] {
        let copy = try openCopy(path)
        return singleLineProblems(verification == .full ? try copy.integrityCheck() : try copy.quickCheck())
    }

    /// Checks the copy's application id and schema version and, when `counting`, returns its row counts. A copy
    /// that is not checked (a safety copy) may be too damaged to count: then there are no counts.
    private static func readBack(_ path: String, version: Int32, counting: Bool) throws -> TableCounts? {
        let copy = try openCopy(path)
        guard try copy.applicationID == Database.applicationID else {
            throw FlareError(.software, "the backup copy lost its application id; nothing was saved")
        }
        guard try copy.userVersion == version else {
            throw FlareError(
                .software, "the backup copy has schema \(try copy.userVersion), not \(version); nothing was saved")
        }
        return counting ? try TableCounts.read(copy) : try? TableCounts.read(copy)
    }
}

/// The work on a finished copy that runs on threads of its own: the integrity check, the flush to disk and the
/// hash. The copy is only read from then on, so on two cores they overlap each other and the counts, which the
/// calling thread reads meanwhile. The check costs more than everything else after the copy together.
struct FinishedCopy {
    /// The problems the check finds; nil without verification.
    let check: BackgroundWork<[String]>?
    let flush: BackgroundWork<Void>
    /// The copy's SHA-256; nil for a copy that is not `kept` (an encrypted backup's plaintext).
    let digest: BackgroundWork<String>?

    /// Starts the work on the copy at `path`; one that is not `kept` is neither flushed to disk nor hashed.
    init(_ path: String, verification: Verification?, kept: Bool = true) {
        check = verification.map { verification in
            BackgroundWork { try BackupWriter.problems(of: path, verification) }
        }
        flush = BackgroundWork { if kept { try BackupFolder.syncFile(path) } }
        digest = kept ? BackgroundWork { try SHA256.hex(ofFileAt: path) } : nil
    }

    /// Waits for all of it, whatever it found: on a failure, before the copy is removed.
    func settle() {
        _ = try? check?.wait()
        _ = try? flush.wait()
        _ = try? digest?.wait()
    }
}

/// The first 100 bytes of an SQLite file, as https://sqlite.org/fileformat.html describes them.
struct FileHeader {
    let bytes: [UInt8]
    let fileSize: Int64

    init(path: String) throws {
        (bytes, fileSize) = try readFileStart(path, count: 100)
    }

    var isSQLite: Bool { bytes.count == 100 && bytes.starts(with: Array("SQLite format 3\0".utf8)) }

    /// Bytes 18 and 19, the write and read versions: 1 for a rollback journal, 2 for WAL.
    var isRollbackJournal: Bool { isSQLite && bytes[18] == 1 && bytes[19] == 1 }

    private func uint32(at offset: Int) -> UInt32 {
        bytes[offset..<offset + 4].reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// The page size (the value 1 means 65536).
    var pageSize: Int64 {
        let value = Int64(bytes[16]) << 8 | Int64(bytes[17])
        return value == 1 ? 65536 : value
    }

    /// The size the header promises, when it is valid: "the in-header database size is only considered
    /// to be valid if it is non-zero and if the 4-byte change counter at offset 24 exactly matches the
    /// 4-byte version-valid-for number at offset 92" (fileformat.html, 1.3.7).
    var expectedSize: Int64? {
        guard isSQLite, uint32(at: 28) > 0, uint32(at: 24) == uint32(at: 92) else { return nil }
        return Int64(uint32(at: 28)) * pageSize
    }
}
