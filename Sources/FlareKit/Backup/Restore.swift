import FoundationEssentials
import Glibc
import SQLite

/// What a database holds, as `restore` shows it before replacing one with another.
public struct DatabaseSummary: Sendable, Equatable {
    public let path: String
    public let schemaVersion: Int32
    /// Live (not soft-deleted) entries.
    public let entries: Int
    /// The earliest and latest local day of the live entries.
    public let firstDay: String?
    public let lastDay: String?

    static func read(_ connection: Connection, path: String) throws -> DatabaseSummary {
        try connection.transaction(.deferred) {
            let version = try connection.userVersion
            let row = try connection.firstRow(
                "SELECT count(*), min(local_day), max(local_day) FROM entry WHERE deleted_at IS NULL"
            ) { row in (row.column(0, as: Int.self), row.column(1, as: String?.self), row.column(2, as: String?.self)) }
            return DatabaseSummary(
                path: path, schemaVersion: version, entries: row?.0 ?? 0, firstDay: row?.1, lastDay: row?.2)
        }
    }
}

/// What `restore` would do: the verified backup, and the database it would replace.
public struct RestorePlan: Sendable, Equatable {
    public let backup: DatabaseSummary
    /// The current database; nil when there is none yet (or it is an empty file).
    public let current: DatabaseSummary?
    /// Why the current database could not be summarised (it may be damaged: the reason to restore).
    public let currentProblem: String?
}

/// What `restore --yes` did.
public struct RestoreResult: Sendable, Equatable {
    public let plan: RestorePlan
    /// The copy of the previous database, nil when there was none.
    public let safetyBackup: BackupReceipt?
    /// The database after the restore (and after any migration of an older backup).
    public let restored: DatabaseSummary
}

/// Replacing the live database with a backup, safely.
public enum Restore {
    /// Verifies `backup` (read-only: the file is never modified) and summarises both databases.
    /// - Throws: `FlareError` (65) when the backup is not a sound flarelog database this binary can use.
    /// An age-encrypted backup is decrypted with `passphrase` first (`withPlaintext`).
    public static func plan(
        backup: String, database: String, verification: Verification = .quick, passphrase: Passphrase? = nil
    ) throws -> RestorePlan {
        try refuseSameFile(backup: backup, database: database)
        return try withPlaintext(of: backup, database: database, passphrase: passphrase) { plaintext in
            let source = try openVerified(backup: plaintext, shownAs: backup, verification: verification)
            let live = try openLive(database, create: false)
            return try makePlan(source: source, live: live, database: database)
        }
    }

    /// Runs `body` on the path of the backup's plaintext: the file itself, or, for an age file, a copy decrypted
    /// with `passphrase` into a private temporary file (0600) beside the database, removed on every path. A wrong
    /// passphrase or a changed file fails before `body` runs, and leaves no plaintext behind.
    private static func withPlaintext<T>(
        of backup: String, database: String, passphrase: Passphrase?, _ body: (String) throws -> T
    ) throws -> T {
        guard AgeFormat.isEncrypted(backup) else { return try body(backup) }
        guard let passphrase else {
            throw FlareError(.usage, "\(backup) is encrypted; give its passphrase to restore it")
        }
        // Beside the database, which holds the same data unencrypted; before there is one (a read-only look at
        // a backup changes nothing, not even a folder), in the temporary folder.
        var folder = PathName.folder(of: database)
        var info = stat()
        if stat(folder, &info) != 0 || (info.st_mode & S_IFMT) != S_IFDIR { folder = temporaryDirectory() }
        let plaintext = try EncryptedFile.opening(backup, what: "backup") {
            try EncryptedFile.decryptToTemporaryFile(backup, passphrase, in: folder)
        }
        defer { BackupFolder.removeTemporary(plaintext) }
        return try body(plaintext)
    }

    /// Verifies `backup`, saves a safety backup of the current database in `safetyFolder` and copies the backup
    /// into the live database, both under one write lock (a concurrent reader sees the old or the new contents,
    /// never a mixture, and no write falls between the copy and the replacement), migrates an older schema,
    /// and checks the result.
    /// - Throws: `FlareError`; when verification fails nothing is changed.
    public static func perform(
        backup: String, database: String, safetyFolder: String, verification: Verification = .quick,
        now: Date = Date(), passphrase: Passphrase? = nil
    ) throws -> RestoreResult {
        try refuseSameFile(backup: backup, database: database)
        return try withPlaintext(of: backup, database: database, passphrase: passphrase) { plaintext in
            try perform(
                source: openVerified(backup: plaintext, shownAs: backup, verification: verification),
                database: database, safetyFolder: safetyFolder, now: now)
        }
    }

    /// The restore of the verified `source` into `database`.
    private static func perform(source: VerifiedBackup, database: String, safetyFolder: String, now: Date) throws
        -> RestoreResult
    {
        var safety: BackupReceipt?
        let plan: RestorePlan
        do {
            guard let live = try openLive(database, create: true) else {
                throw FlareError(.software, "cannot open \(database) for the restore")
            }
            plan = try makePlan(source: source, live: live, database: database)
            let keepsCurrent = plan.current != nil || plan.currentProblem != nil
            // Readers of a WAL database carry on while a writer holds the lock, which the safety copy needs.
            // A database another flarelog left in rollback mode (an interrupted first import) is switched.
            if plan.current != nil { try? live.useWriteAheadLog() }
            let sourcePageSize = try source.connection.scalar("PRAGMA page_size", as: Int.self)
            let livePageSize = try live.scalar("PRAGMA page_size", as: Int.self)
            let isWriteAhead = try live.scalar("PRAGMA journal_mode", as: String.self)?.lowercased() == "wal"
            // "If the destination database is in WAL mode and the page sizes differ, SQLITE_READONLY"
            // (https://sqlite.org/c3ref/backup_finish.html).
            if isWriteAhead, sourcePageSize != livePageSize {
                throw FlareError(
                    .badData,
                    "the backup's page size (\(sourcePageSize ?? 0)) differs from \(database)'s (\(livePageSize ?? 0));"
                        + " nothing was changed")
            }
            let saveCurrent = { (reader: Connection) in
                try BackupWriter.write(
                    from: reader, sourcePath: database, folder: safetyFolder, file: nil,
                    names: BackupFolder.candidateNames(stem: BackupFolder.stem(for: now), suffix: "-before-restore"),
                    verification: nil)
            }
            // The safety copy is taken under the write lock of the replacement: every entry acknowledged before
            // the restore is in the copy, every one acknowledged after it is in the restored database. (Copying
            // first and locking afterwards lost 21 of ~600 entries that 4 writers logged during restores.)
            // In rollback mode the lock keeps readers out too, so there the copy can only come first.
            if keepsCurrent && !isWriteAhead { safety = try saveCurrent(live) }
            let replacement = try Backup(from: source.connection, to: live)
            try BackupWriter.retryWhileLocked(timeout: 30) { try replacement.lockDestination() }
            if keepsCurrent && isWriteAhead { safety = try saveCurrent(Connection(path: database, mode: .readOnly)) }
            try BackupWriter.retryWhileLocked(timeout: 30) { try replacement.step() }
        } catch let error as SQLiteError {
            throw FlareError(error, path: database)
        }
        // Reopening as a writer migrates a backup with an older schema.
        let restored = try Database(path: database, access: .write)
        do {
            // The live database is no backup: without the record, `--keep` never takes a copy of it for one.
            try restored.write {
                try restored.connection.execute("DROP TABLE IF EXISTS \(BackupPruning.recordTable)")
            }
            let problems = singleLineProblems(try restored.connection.quickCheck())
            let summary = try DatabaseSummary.read(restored.connection, path: database)
            let saved = safety.map { " (the previous database is saved at \($0.path))" } ?? ""
            guard problems.isEmpty else {
                throw FlareError(.software, "the restored database fails its quick check: \(problems[0])\(saved)")
            }
            // Writers may log again as soon as the copy releases its lock, so the live count can already be
            // higher: what must hold is that every entry row of the backup arrived (rows are never removed).
            let arrived = try EntryRows.count(in: restored.connection, upTo: source.rows.maxID)
            guard arrived == source.rows.count else {
                throw FlareError(
                    .software,
                    "the restored database has \(arrived) of the backup's \(source.rows.count) entry rows\(saved)")
            }
            return RestoreResult(plan: plan, safetyBackup: safety, restored: summary)
        } catch let error as SQLiteError {
            throw FlareError(error, path: database)
        }
    }

    private static func makePlan(source: VerifiedBackup, live: Connection?, database: String) throws -> RestorePlan {
        let backup = source.summary
        guard let live, (try? live.applicationID) == Database.applicationID else {
            return RestorePlan(backup: backup, current: nil, currentProblem: nil)
        }
        do {
            return RestorePlan(
                backup: backup, current: try DatabaseSummary.read(live, path: database), currentProblem: nil)
        } catch let error as SQLiteError {
            return RestorePlan(backup: backup, current: nil, currentProblem: error.message)
        }
    }

    /// Restoring a file onto itself would copy it into itself under its own write lock.
    private static func refuseSameFile(backup: String, database: String) throws {
        var backupInfo = stat()
        var databaseInfo = stat()
        guard stat(backup, &backupInfo) == 0, stat(database, &databaseInfo) == 0 else { return }
        if backupInfo.st_dev == databaseInfo.st_dev && backupInfo.st_ino == databaseInfo.st_ino {
            throw FlareError(.usage, "\(backup) is the database itself; name a backup file to restore")
        }
    }

    /// A backup that passed verification, open read-only.
    struct VerifiedBackup {
        let connection: Connection
        let summary: DatabaseSummary
        let rows: EntryRows
    }

    /// All entry rows, soft-deleted ones included: a restore must bring every one of them.
    struct EntryRows {
        let count: Int
        let maxID: Int

        static func read(_ connection: Connection) throws -> EntryRows {
            let row = try connection.firstRow("SELECT count(*), coalesce(max(id), 0) FROM entry") { row in
                (row.column(0, as: Int.self), row.column(1, as: Int.self))
            }
            return EntryRows(count: row?.0 ?? 0, maxID: row?.1 ?? 0)
        }

        /// The rows with an id up to `maxID`: those a restore copied, not those logged after it.
        static func count(in connection: Connection, upTo maxID: Int) throws -> Int {
            try connection.scalar("SELECT count(*) FROM entry WHERE id <= ?", [maxID], as: Int.self) ?? 0
        }
    }

    /// Opens `backup` read-only after the checks every flarelog file gets, plus a truncation and an
    /// integrity check. Never writes to it. Messages name it `shown` (the encrypted file a plaintext came from).
    static func openVerified(backup file: String, shownAs shown: String? = nil, verification: Verification) throws
        -> VerifiedBackup
    {
        do {
            return try openVerified(file, verification: verification, shownAs: shown ?? file)
        } catch let error as FlareError where shown != nil {
            throw FlareError(error.status, error.message.replacing(file, with: shown!))
        }
    }

    private static func openVerified(_ path: String, verification: Verification, shownAs shown: String) throws
        -> VerifiedBackup
    {
        guard FileManager.default.fileExists(atPath: path) else {
            throw FlareError(.missingInput, "no backup at \(path); check the path ('flarelog backup' prints it)")
        }
        _ = try Database.preflight(path: path, access: .read)
        let header = try FileHeader(path: path)
        if let expected = header.expectedSize, header.fileSize < expected {
            throw FlareError(
                .badData, "\(path) is truncated (\(header.fileSize) of \(expected) bytes); choose another backup")
        }
        do {
            let connection = try Database.connect(path: path, access: .read)
            let applicationID = try connection.applicationID
            let version = try connection.userVersion
            guard applicationID == Database.applicationID, version > 0 else {
                throw FlareError.notFlarelog(path, "it belongs to another application")
            }
            guard version <= Database.schemaVersion else {
                throw FlareError(
                    .badData,
                    "\(path) was made by a newer flarelog (schema \(version), this one knows \(Database.schemaVersion));"
                        + " upgrade flarelog")
            }
            let problems = singleLineProblems(
                try (verification == .full ? connection.integrityCheck() : connection.quickCheck())
                    + connection.foreignKeyCheck())
            guard problems.isEmpty else {
                throw FlareError(
                    .badData, "\(path) is damaged (\(problems[0])); choose another backup; nothing was changed")
            }
            return VerifiedBackup(
                connection: connection, summary: try DatabaseSummary.read(connection, path: shown),
                rows: try EntryRows.read(connection))
        } catch let error as SQLiteError {
            switch error.primaryCode {
            case 11, 26:  // SQLITE_CORRUPT, SQLITE_NOTADB
                throw FlareError(
                    .badData, "\(path) is damaged (\(error.message)); choose another backup; nothing was changed")
            default: throw FlareError(error, path: path)
            }
        }
    }

    /// A read-write connection to the live database after the identity checks `Database` makes
    /// (another application's file or a newer schema is refused). Nil when there is no database yet;
    /// with `create`, an empty one is made to restore into.
    private static func openLive(_ path: String, create: Bool) throws -> Connection? {
        var info = stat()
        let missing = stat(path, &info) != 0 && errno == ENOENT
        if missing || ((info.st_mode & S_IFMT) == S_IFREG && info.st_size == 0) {
            guard create else { return nil }
            try BackupFolder.create(PathName.folder(of: path))
            do {
                return try Connection(path: path, mode: .create)
            } catch let error as SQLiteError {
                throw FlareError(error, path: path)
            }
        }
        _ = try Database.preflight(path: path, access: .read)
        do {
            let connection = try Connection(path: path, mode: create ? .readWrite : .readOnly)
            try Database.checkIdentity(of: connection, path: path, allowBlank: true)
            return connection
        } catch let error as SQLiteError {
            throw FlareError(error, path: path)
        }
    }
}
