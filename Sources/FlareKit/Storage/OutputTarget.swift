import FoundationEssentials
import Glibc

/// What `export --out`, `report --out` and `report --pdf` write: each may replace only an earlier file of its own
/// kind, recognised by how flarelog begins it.
public enum OutputKind: Sendable {
    case csvExport, jsonExport, htmlReport, pdfReport

    var name: String {
        switch self {
        case .csvExport: return "flarelog CSV export"
        case .jsonExport: return "flarelog JSON export"
        case .htmlReport: return "flarelog HTML report"
        case .pdfReport: return "flarelog PDF report"
        }
    }

    /// The leftovers a killed write of this kind leaves.
    var leftovers: LeftoverKind { self == .csvExport || self == .jsonExport ? .export : .report }

    /// True when `start`, the first bytes of an existing file, are how flarelog begins a file of this kind: the
    /// CSV header, the JSON export's `"format"` line, the report's generator tag. A PDF carries the report's title.
    func isOwnOutput(_ start: [UInt8], path: String) -> Bool {
        func begins(_ text: String) -> Bool { start.starts(with: Array(text.utf8)) }
        switch self {
        case .csvExport: return begins(ExchangeLayout.csvHeader.joined(separator: ",") + "\n")
        case .jsonExport: return begins("{\n  \"format\": \"\(ExchangeLayout.formatName)\",")
        case .htmlReport:
            return begins("<!DOCTYPE html>")
                && String(decoding: start, as: UTF8.self).contains("<meta name=\"generator\" content=\"flarelog ")
        case .pdfReport:
            // Chromium writes the HTML's <title> into the PDF's Info dictionary, near the end of the file.
            guard begins("%PDF-"), let whole = try? readFileStart(path, count: OutputTarget.pdfLimit) else {
                return false
            }
            return whole.size <= OutputTarget.pdfLimit
                && whole.bytes.firstRange(of: Array("flarelog report".utf8)) != nil
        }
    }
}

/// The check before an `--out` file is written: what it must never replace.
enum OutputTarget {
    /// How much of an existing PDF is searched for the report's title.
    static let pdfLimit = 64 << 20

    /// Refuses (73) to write `path` when it is the database at `databasePath` or one of its `-wal`, `-shm`,
    /// `-journal` files (compared by device and inode, so symlinks and hard links are caught, and by name for
    /// those that do not exist yet), a file in the backups folder, an SQLite database, anything but a regular
    /// file, or a non-empty file that is not an earlier output of `kind`.
    /// With `passphrase` (an encrypted output) the non-empty file may only be an earlier encrypted output of `kind`
    /// that opens with it.
    static func check(_ path: String, kind: OutputKind, databasePath: String, passphrase: Passphrase? = nil) throws {
        func refuse(_ why: String) -> FlareError {
            FlareError(.cannotCreate, "refusing to write \(path): \(why); nothing was written")
        }
        let databaseFiles = ["", "-wal", "-shm", "-journal"].map { databasePath + $0 }
        let backups = BackupFolder.defaultPath()
        let folder = PathName.folder(of: path)
        if let folderID = FileID(folder) {
            if folderID == FileID(backups) { throw refuse("it is in the backups folder \(backups)") }
            // A -wal or -journal that does not exist yet is still the database's: SQLite would read it.
            let name = PathName.lastComponent(of: path)
            if folderID == FileID(PathName.folder(of: databasePath)),
                databaseFiles.map(PathName.lastComponent(of:)).contains(name)
            {
                throw refuse("it is the database \(databasePath) or one of its files")
            }
        }
        var info = stat()
        guard stat(path, &info) == 0 else { return }  // nothing there (or a dangling link, which is replaced)
        let target = FileID(info)
        if databaseFiles.contains(where: { FileID($0) == target }) {
            throw refuse("it is the database \(databasePath) or one of its files")
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else { throw refuse("it is not a regular file") }
        // Where a symlink really points: into the backups folder is refused like a path there.
        if let real = realPath(path), FileID(PathName.folder(of: real)) == FileID(backups) {
            throw refuse("it is in the backups folder \(backups)")
        }
        guard info.st_size > 0 else { return }
        if let passphrase {
            guard EncryptedFile.beginsLike(path, passphrase, { kind.isOwnOutput($0, path: path) }) else {
                throw refuse(
                    "it exists and is not an earlier encrypted \(kind.name) with this passphrase; choose another file"
                        + " or remove it first")
            }
            return
        }
        let start = try readFileStart(path, count: 512).bytes
        if start.starts(with: Array("SQLite format 3\0".utf8)) { throw refuse("it is an SQLite database") }
        guard kind.isOwnOutput(start, path: path) else {
            throw refuse("it exists and is not an earlier \(kind.name); choose another file or remove it first")
        }
    }

    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}

/// A file's identity: its device and inode.
struct FileID: Equatable {
    let device: UInt64
    let inode: UInt64

    init(_ info: stat) {
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
    }

    /// The identity of the file `path` names (following symlinks), nil when there is none.
    init?(_ path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        self.init(info)
    }
}
