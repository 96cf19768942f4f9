import FoundationEssentials
import Glibc
import SQLite

/// The rule of `backup --keep N`: which files of a backup folder it may delete, and in which order.
///
/// A file may be deleted only when all of this holds: its name is a regular backup's
/// (`flarelog-YYYYMMDD-HHMMSS(-N)?.db`), it is a regular file with no other hard link, it is not the backup just
/// written, and it is a flarelog database (application id) that records, in its `flarelog_backup` table, when
/// `flarelog backup` made it. The files are ordered by that recorded time, not by their names, so a file whose
/// name carries a wrong or future date neither survives nor pushes out the newest backup. An encrypted backup
/// (`….db.age`) is such a database only when it decrypts, whole, with the passphrase of the backup being made.
enum BackupPruning {
    /// The table `backup` adds to each copy it makes: one row, when and from which database it was made.
    static let recordTable = "flarelog_backup"

    /// A file the rule allows to be deleted, and when it was made.
    struct Candidate {
        let path: String
        /// `Timestamp.format` of the moment the backup was made, as recorded inside it.
        let madeAt: String
        let identity: FileID
    }

    /// Records in the copy at `connection` (a writable connection on the unpublished copy) that `backup` made it
    /// at `madeAt` from `source`.
    static func record(in connection: Connection, madeAt: String, source: String) throws {
        try connection.execute(
            """
            DROP TABLE IF EXISTS \(recordTable);
            CREATE TABLE \(recordTable) (made_at TEXT NOT NULL, source TEXT NOT NULL) STRICT;
            """)
        try connection.run("INSERT INTO \(recordTable) (made_at, source) VALUES (?, ?)", [madeAt, source])
    }

    /// Deletes the backups of `folder` the rule allows beyond the newest `keep`, counting `written` (the backup
    /// just made, never deleted) as one of them. Returns the paths deleted.
    /// - Throws: `FlareError` when the folder cannot be listed or a file cannot be deleted.
    /// An encrypted backup (`….db.age`) is one of them only when it decrypts, whole, with `passphrase` to a backup
    /// the rule allows; without a passphrase, or with another, it stays.
    static func prune(folder: String, keep: Int, written: String, passphrase: Passphrase? = nil) throws -> [String] {
        precondition(keep >= 1, "keep at least the newest backup")
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder)
        } catch {
            throw FlareError(.ioError, "cannot list \(folder): \(FlareError.causeText(of: error))")
        }
        let kept = FileID(written)
        let candidates = names.compactMap { candidate(folder + "/" + $0, name: $0, passphrase: passphrase) }
            .filter { $0.identity != kept }
            .sorted { $0.madeAt != $1.madeAt ? $0.madeAt > $1.madeAt : $0.path > $1.path }
        var removed: [String] = []
        for candidate in candidates.dropFirst(keep - 1) {
            // Checked again just before: the file may have been replaced or linked since it was read.
            var info = stat()
            guard lstat(candidate.path, &info) == 0, FileID(info) == candidate.identity, info.st_nlink == 1 else {
                continue
            }
            guard unlink(candidate.path) == 0 else {
                throw FlareError(
                    .ioError, "cannot delete the old backup \(candidate.path): \(FlareError.errnoText(errno))")
            }
            removed.append(candidate.path)
        }
        if !removed.isEmpty { try BackupFolder.syncFolder(folder) }
        return removed
    }

    /// The file at `path` as a candidate, or nil when the rule keeps it whatever `--keep` says.
    static func candidate(_ path: String, name: String, passphrase: Passphrase? = nil) -> Candidate? {
        guard BackupFolder.backupKey(name) != nil else { return nil }
        var info = stat()
        guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_nlink == 1 else { return nil }
        let madeAt: String?
        if name.hasSuffix(BackupFolder.encryptedEnding) {
            guard let passphrase else { return nil }
            madeAt = encryptedRecordedTime(path, passphrase)
        } else {
            guard let header = try? FileHeader(path: path), header.isRollbackJournal,
                let connection = try? Connection(path: path, mode: .readOnly)
            else { return nil }
            madeAt = recordedTime(connection)
        }
        return madeAt.map { Candidate(path: path, madeAt: $0, identity: FileID(info)) }
    }

    /// When `backup` made the encrypted backup at `path`: it is decrypted in memory (its plaintext never touches the
    /// disk) and read like a plain one. Nil when it does not decrypt whole with `passphrase`.
    private static func encryptedRecordedTime(_ path: String, _ passphrase: Passphrase) -> String? {
        guard var image = try? EncryptedFile.decrypt(path, passphrase),
            image.starts(with: Array("SQLite format 3\0".utf8)), image.count >= 100, image[18] == 1, image[19] == 1
        else { return nil }
        return image.withUnsafeMutableBytes { buffer in
            (try? Connection(readingImage: buffer)).flatMap(recordedTime)
        }
    }

    /// When `backup` made the flarelog database open on `connection`, as recorded inside it; nil for anything else
    /// (another application's database, a copy made by other means, a backup of a flarelog before the record
    /// existed).
    private static func recordedTime(_ connection: Connection) -> String? {
        guard (try? connection.applicationID) == Database.applicationID,
            let madeAt = try? connection.scalar("SELECT made_at FROM \(recordTable)", as: String.self),
            ExchangeLayout.isTimestamp(madeAt)
        else { return nil }
        return madeAt
    }
}
