import CSQLite

/// The online backup API: copies a live database page by page into another connection's database.
public final class Backup {
    private let handle: OpaquePointer
    private let destination: Connection

    /// Starts a backup of `source` into `destination` (whose contents it replaces).
    public init(from source: Connection, to destination: Connection) throws {
        guard let handle = sqlite3_backup_init(destination.handle, "main", source.handle, "main") else {
            // Errors of backup_init are reported on the destination connection.
            throw SQLiteError(database: destination.handle, code: sqlite3_errcode(destination.handle))
        }
        self.handle = handle
        self.destination = destination
    }

    deinit { sqlite3_backup_finish(handle) }

    /// Copies up to `pages` pages (-1: all). Returns true when the copy is complete.
    ///
    /// Copying everything in one step holds a read transaction on the source for the whole copy, so
    /// the result is one consistent snapshot; with WAL, writers on the source carry on meanwhile.
    /// A smaller step lets writers in between, but any write by another connection restarts the copy.
    public func step(pages: Int32 = -1) throws -> Bool {
        switch sqlite3_backup_step(handle, pages) {
        case SQLITE_DONE: return true
        case SQLITE_OK, SQLITE_BUSY, SQLITE_LOCKED: return false
        case let code: throw SQLiteError(database: destination.handle, code: code)
        }
    }

    /// Takes the destination's write lock without copying a page (a step of zero pages). The lock is held
    /// until the copy completes or the backup is released: "sqlite3_backup_step() obtains an exclusive lock
    /// on the destination database … not released until either sqlite3_backup_finish() is called or the
    /// backup operation is complete" (https://sqlite.org/c3ref/backup_finish.html). In WAL mode other
    /// connections can still read the destination meanwhile; in rollback mode they cannot.
    /// - Returns: false while another connection's lock keeps it out.
    public func lockDestination() throws -> Bool {
        switch sqlite3_backup_step(handle, 0) {
        case SQLITE_OK, SQLITE_DONE: return true
        case SQLITE_BUSY, SQLITE_LOCKED: return false
        case let code: throw SQLiteError(database: destination.handle, code: code)
        }
    }

    /// Pages still to copy after the latest step.
    public var remainingPages: Int { Int(sqlite3_backup_remaining(handle)) }
    /// Pages in the source database at the latest step.
    public var pageCount: Int { Int(sqlite3_backup_pagecount(handle)) }

    /// Copies all of `source` into `destination` as one consistent snapshot.
    /// - Parameter waitMilliseconds: pause between attempts while the source or destination is locked.
    public static func copy(from source: Connection, to destination: Connection, waitMilliseconds: Int32 = 50) throws {
        let backup = try Backup(from: source, to: destination)
        while try !backup.step() {
            sqlite3_sleep(waitMilliseconds)
        }
    }
}
