import CSQLite
import FoundationEssentials
import Glibc
import SQLite

/// An open flarelog database: a checked, migrated SQLite connection plus the domain operations
/// (defined in extensions next to the types they work on).
public final class Database {
    /// What a command intends to do with the file.
    public enum Access: Sendable {
        /// Only reads: a missing file is an error, and nothing is ever created.
        case read
        /// Only reads, and takes an older schema as it is: `backup` copies the file before an upgrade.
        case readAnySchema
        /// Writes: a missing database, its folder and its schema are created.
        case write
    }

    /// `PRAGMA application_id` of every flarelog file: 0x464C4C4F, "FLLO".
    public static let applicationID: Int32 = 0x464C_4C4F
    /// The schema version this binary writes: the number of the latest migration.
    public static var schemaVersion: Int32 { Migration.all.last?.version ?? 0 }

    public let path: String
    let connection: Connection

    /// Opens the database at `path` after checking that it is a flarelog database this binary can use,
    /// and brings its schema up to date.
    ///
    /// An existing file is checked before anything is written to it (not even `PRAGMA journal_mode`),
    /// so a refusal leaves it byte-for-byte unchanged.
    /// - Throws: `FlareError` in the user's words.
    public convenience init(path: String, access: Access, busyTimeout: Double = 5) throws {
        var created = false
        if try Self.preflight(path: path, access: access) {
            created = try Self.create(path, busyTimeout: busyTimeout)
        }
        // Read before SQLite opens the file: closing another descriptor of an open database file would drop the
        // POSIX locks SQLite holds on it (https://sqlite.org/howtocorrupt.html, 2.2).
        var switchNow = true
        if access == .write && !created { switchNow = !(try FileHeader(path: path).isRollbackJournal) }
        try self.init(path: path, access: access, busyTimeout: busyTimeout, isNew: false, switchNow: switchNow)
        self.created = created
    }

    /// True when this process created the file. A file that did not exist a moment ago may still be another
    /// process's, created in between: only this says the database is this command's to remove.
    public private(set) var created = false

    /// True once the connection writes ahead (flarelog's journal mode for every file in use).
    private var writesAhead = false

    private init(path: String, access: Access, busyTimeout: Double, isNew: Bool, switchNow: Bool = true) throws {
        self.path = path
        do {
            connection =
                isNew
                ? try Connection(path: path, mode: .create, busyTimeout: busyTimeout)
                : try Self.connect(path: path, access: access, busyTimeout: busyTimeout)
        } catch let error as SQLiteError {
            throw FlareError(error, path: path)
        }
        // SQLite opens a file it may not write read-only without a word; say so before anything is tried.
        if access == .write, connection.isReadOnly {
            throw FlareError(
                .cannotCreate,
                "\(path) is read-only (no permission to write it); commands that only read, such as list, still work")
        }
        do {
            if !isNew { try Self.checkIdentity(of: connection, path: path, allowBlank: access == .write) }
            if isNew {
                // A new file is built with a rollback journal: each migration's COMMIT is in the file once it
                // returns. In WAL mode its pages would reach the file in the checkpoint at close, whose failure
                // nobody hears of, and the temporary -wal is deleted before the link (found by the reliability
                // suite's I/O errors: a damaged database linked into place). The first writer switches to WAL.
                try connection.execute("PRAGMA synchronous = FULL")
            } else if access == .write {
                // Switching to WAL rewrites the file's header (format bytes, change counter): a file that still
                // has a rollback journal (a backup, a copy) is switched only after a write to it succeeded, so that
                // a command that fails leaves it byte for byte as it was. A file this process has just created
                // holds nothing to keep.
                if switchNow {
                    try adoptWriteAheadLog()
                } else {
                    try connection.execute("PRAGMA synchronous = FULL")
                }
            }
            try migrate(access: access)
        } catch let error as SQLiteError {
            throw FlareError(error, path: path)
        }
    }

    /// Opens the connection. A reader of a WAL database needs the `-shm` file, which it cannot create in a
    /// folder it may not write (SQLITE_READONLY_DIRECTORY, SQLITE_CANTOPEN) nor grow on a full disk
    /// (SQLITE_IOERR_SHMSIZE); when the `-wal` file is missing or empty, the database file alone holds
    /// everything, so it is then read as immutable (no `-shm` needed). A hot rollback journal is never read
    /// past: the file is torn until the journal is rolled back.
    static func connect(path: String, access: Access, busyTimeout: Double = 5) throws -> Connection {
        let connection = try Connection(
            path: path, mode: access == .write ? .readWrite : .readOnly, busyTimeout: busyTimeout)
        guard access != .write else { return connection }
        do {
            _ = try connection.applicationID  // the first read opens the WAL index
            return connection
        } catch let error as SQLiteError where error.code == SQLITE_READONLY | 3 << 8 {  // SQLITE_READONLY_ROLLBACK
            // "The database file needs recovery (a hot journal) but the connection is read-only"
            // (https://sqlite.org/rescode.html#readonly_rollback): a killed write in rollback mode, such as an
            // import into a new database. A read-write connection rolls it back at its first read.
            try rollBackHotJournal(path, busyTimeout: busyTimeout)
            return try Connection(path: path, mode: .readOnly, busyTimeout: busyTimeout)
        } catch let error as SQLiteError
            where [SQLITE_READONLY, SQLITE_CANTOPEN, SQLITE_IOERR].contains(error.primaryCode)
        {
            var journal = stat()
            guard stat(path + "-journal", &journal) != 0 || journal.st_size == 0 else {
                throw interruptedWrite(path, "")
            }
            var wal = stat()
            guard stat(path + "-wal", &wal) == 0, wal.st_size > 0 else {
                return try Connection(path: path, mode: .immutable, busyTimeout: busyTimeout)
            }
            // Only where nothing can write: in a writable folder a checkpoint between copying the two files
            // would make the copies disagree.
            guard Glibc.access(PathName.folder(of: path), W_OK) != 0 else { throw error }
            return try openPrivateCopy(of: path)
        }
    }

    /// Reads a WAL database whose `-wal` holds changes, in a folder where SQLite cannot create the `-shm` file
    /// it needs to read them ("a read-only WAL-mode database file can be opened if the -shm and -wal files
    /// already exists or those files can be created", https://sqlite.org/wal.html#readonly): a read-only
    /// mount or a snapshot. The database and its `-wal` are copied into a private temporary folder and opened
    /// there, and the copies are removed at once: the connection reads through the files it has open, and
    /// nothing is left behind, even when the command is killed later.
    /// - Throws: `FlareError` 73 when the copy cannot be made or read.
    private static func openPrivateCopy(of path: String) throws -> Connection {
        let unreadable = { (detail: String) in
            FlareError(
                .cannotCreate,
                "cannot read \(path): its -wal file holds changes, its folder is read-only and there is no -shm file"
                    + " (\(detail)); mount it read-write, or copy the folder with its -wal file somewhere writable")
        }
        guard let folder = makeTemporaryFolder(prefix: "flarelog-read-") else {
            throw unreadable("no temporary folder: \(FlareError.errnoText(errno))")
        }
        let copy = folder + "/flarelog.db"
        defer {
            for suffix in ["", "-wal", "-shm"] { unlink(copy + suffix) }
            rmdir(folder)
        }
        do {
            try FileManager.default.copyItem(atPath: path, toPath: copy)
            try FileManager.default.copyItem(atPath: path + "-wal", toPath: copy + "-wal")
        } catch {
            throw unreadable("cannot copy it: \(FlareError.causeText(of: error))")
        }
        do {
            let connection = try Connection(path: copy, mode: .readOnly)
            _ = try connection.applicationID  // builds the -shm from the -wal; then the open files suffice
            return connection
        } catch let error as SQLiteError {
            throw unreadable(error.message)
        }
    }

    /// Rolls back the hot journal of the database at `path` through a read-write connection.
    /// - Throws: `FlareError` 75 when that is not possible (a read-only file or folder).
    private static func rollBackHotJournal(_ path: String, busyTimeout: Double) throws {
        do {
            let writer = try Connection(path: path, mode: .readWrite, busyTimeout: busyTimeout)
            guard !writer.isReadOnly else { throw interruptedWrite(path, " (it is read-only here)") }
            _ = try writer.applicationID
        } catch let error as SQLiteError {
            throw interruptedWrite(path, " (\(error.message))")
        }
    }

    private static func interruptedWrite(_ path: String, _ detail: String) -> FlareError {
        FlareError(
            .temporaryFailure,
            "an interrupted write left a journal next to \(path)\(detail); run any write command or"
                + " 'flarelog check' where the folder is writable to recover")
    }

    /// Creates a migrated database at `path` without ever showing an empty or half-made file there: it is
    /// built under a temporary name in the same folder and hard-linked into place. When another process
    /// wins the race, its database is kept and this one is discarded.
    /// - Returns: true when this process's database got the name, false when another process's was there first.
    @discardableResult
    static func create(_ path: String, busyTimeout: Double) throws -> Bool {
        // An empty file at `path` (what sqlite3_open_v2 leaves until the first commit) would be refused as
        // a truncated copy by a process starting at the same moment.
        let temporary = path + ".new-\(getpid())-\(UUID().uuidString)"
        defer {
            for suffix in ["", "-wal", "-shm", "-journal"] { unlink(temporary + suffix) }
        }
        _ = try Database(path: temporary, access: .write, busyTimeout: busyTimeout, isNew: true)
        if link(temporary, path) != 0 {
            if errno == EEXIST { return false }
            // A file system without hard links: rename, which is atomic too but would replace a winner's file.
            let cause = errno
            guard cause == EPERM || cause == ENOTSUP, access(path, F_OK) != 0, rename(temporary, path) == 0 else {
                throw FlareError(.cannotCreate, "cannot create \(path): \(FlareError.errnoText(cause))")
            }
        }
        flushFolder(PathName.folder(of: path))
        return true
    }

    /// Removes the database at `path` if nobody has put anything in it: no entries, flares, settings or own
    /// items. Checked under the write lock, and removed while it is held: a process waiting for the lock
    /// then fails (SQLite notices the file is gone, SQLITE_READONLY_DBMOVED) instead of writing into a
    /// removed file and reporting success.
    /// - Returns: true when it was removed.
    @discardableResult
    public static func removeIfUnused(_ path: String) -> Bool {
        guard let connection = try? Connection(path: path, mode: .readWrite, busyTimeout: 5) else { return false }
        guard (try? connection.execute("BEGIN IMMEDIATE")) != nil else { return false }
        defer { try? connection.execute("ROLLBACK") }
        let used = try? connection.scalar(
            """
            SELECT (SELECT count(*) FROM entry) + (SELECT count(*) FROM flare) + (SELECT count(*) FROM setting)
                + (SELECT count(*) FROM item WHERE builtin = 0)
            """, as: Int.self)
        guard used == 0 else { return false }
        for suffix in ["", "-wal", "-shm", "-journal"] { unlink(path + suffix) }
        return true
    }

    /// Checks the file system before SQLite touches the file. Returns true when the file is to be created.
    static func preflight(path: String, access: Access) throws -> Bool {
        var info = stat()
        guard stat(path, &info) == 0 else {
            let cause = errno
            guard cause == ENOENT else {
                throw FlareError(.missingInput, "cannot read \(path): \(FlareError.errnoText(cause))")
            }
            guard access == .write else {
                throw FlareError(
                    .missingInput, "no database at \(path); run 'flarelog init' to create one, or check --db")
            }
            try createParentFolder(of: path)
            return true
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            let what = (info.st_mode & S_IFMT) == S_IFDIR ? "a directory" : "not a regular file"
            throw FlareError(.missingInput, "\(path) is \(what), not a database file; check --db")
        }
        guard info.st_size > 0 else {
            // An empty file is far more often a truncated copy than a wish to start afresh.
            throw notFlarelogFile(path, "the file is empty; if it is a truncated copy, restore a backup")
        }
        guard try readFileStart(path, count: 16).bytes == Array("SQLite format 3\0".utf8) else {
            throw notFlarelogFile(path, "not an SQLite file")
        }
        return false
    }

    private static func notFlarelogFile(_ path: String, _ reason: String) -> FlareError {
        FlareError.notFlarelog(path, reason)
    }

    /// Creates the missing folders above `path`, readable by the owner only.
    private static func createParentFolder(of path: String) throws {
        let folder = PathName.folder(of: path)
        guard !FileManager.default.fileExists(atPath: folder) else { return }
        do {
            try FileManager.default.createDirectory(
                atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw FlareError(.cannotCreate, "cannot create the folder \(folder): \(FlareError.causeText(of: error))")
        }
    }

    /// Refuses another application's database and one from a newer flarelog; reads only.
    /// - Parameter allowBlank: accept a blank SQLite file (no schema at all), which is what an interrupted
    ///   first `init` leaves and is safe to set up.
    static func checkIdentity(of connection: Connection, path: String, allowBlank: Bool) throws {
        let applicationID = try connection.applicationID
        let version = try connection.userVersion
        if applicationID == Self.applicationID {
            guard version <= Self.schemaVersion else {
                throw FlareError(
                    .badData,
                    "\(path) was created by a newer flarelog (schema \(version), this one knows \(Self.schemaVersion));"
                        + " upgrade flarelog")
            }
            return
        }
        let objects = try connection.scalar("SELECT count(*) FROM sqlite_schema", as: Int.self) ?? 0
        guard applicationID == 0, version == 0, objects == 0, allowBlank else {
            throw FlareError.notFlarelog(path, "it belongs to another application")
        }
    }

    /// Applies the migrations this file lacks, each in its own IMMEDIATE transaction.
    private func migrate(access: Access) throws {
        let current = try connection.userVersion
        guard current < Self.schemaVersion else { return }
        if access == .readAnySchema { return }
        guard access == .write else {
            // Not 73: nothing failed to be created; the file is of an older format than this command reads.
            throw FlareError(
                .badData,
                "\(path) has schema \(current), from an older flarelog; run 'flarelog init' to upgrade it to schema"
                    + " \(Self.schemaVersion) ('flarelog backup' first keeps a copy as it is), then try again")
        }
        for migration in Migration.all where migration.version > current {
            do {
                try connection.transaction(.immediate) {
                    // Another process may have migrated while this one waited for the lock.
                    guard try connection.userVersion < migration.version else { return }
                    try connection.execute(migration.sql)
                    try connection.setUserVersion(migration.version)
                }
            } catch let error as SQLiteError {
                // A disk that is full or fails, a lock, a read-only file: the status says what to do about it.
                // Only an error of the SQL itself is flarelog's own fault (70).
                let cause = FlareError(error, path: path)
                let status = [.badData, .software].contains(cause.status) ? .software : cause.status
                throw FlareError(status, "migration \(migration.name) failed: \(cause)")
            }
        }
        if !writesAhead { try adoptWriteAheadLog() }
    }

    /// Runs `body` in one IMMEDIATE transaction: all of it is written, or none of it. Once it is written, a file
    /// with a rollback journal switches to write-ahead logging.
    public func write<T>(_ body: () throws -> T) throws -> T {
        do {
            let result = try connection.transaction(.immediate, body)
            if !writesAhead, connection.isAutocommit { try? adoptWriteAheadLog() }  // else: the next write
            return result
        } catch let error as SQLiteError {
            throw FlareError(error, path: path)
        }
    }

    /// Switches the connection to write-ahead logging with `synchronous = FULL`, outside transactions.
    func adoptWriteAheadLog() throws {
        try connection.useWriteAheadLog()
        writesAhead = true
    }

    /// Runs `body` in one read transaction, so everything it reads comes from the same snapshot.
    public func read<T>(_ body: () throws -> T) throws -> T {
        do {
            return try connection.transaction(.deferred, body)
        } catch let error as SQLiteError {
            throw FlareError(error, path: path)
        }
    }
}

@available(*, unavailable, message: "a database belongs to the command that opened it")
extension Database: Sendable {}
