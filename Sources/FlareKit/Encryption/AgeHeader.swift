import Crypto
import CryptoExtras
import FoundationEssentials
import Glibc

/// Why an age file could not be opened. Every case ends the same way for the user ("wrong passphrase, or not a
/// flarelog backup"): a wrong passphrase and a changed file look alike on purpose, and the cases are kept apart
/// for the tests and for `description`, which names no secret.
public enum AgeError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Not an age v1 file, or a header that breaks the format's rules.
    case header(String)
    /// An age file for other recipients (X25519 keys, plugins): flarelog only holds passphrases.
    case notPassphrase
    /// The scrypt work factor asks for more memory and time than a passphrase file may.
    case workFactor(Int)
    /// The passphrase does not unwrap the file key.
    case noMatch
    /// The file key unwraps but the header's MAC is wrong: the header was changed.
    case headerMAC
    /// The payload is truncated, changed, or has bytes after its last chunk.
    case payload(String)

    public var description: String {
        switch self {
        case .header(let why): return "not an age v1 file (\(why))"
        case .notPassphrase: return "encrypted for age keys, not with a passphrase"
        case .workFactor(let factor):
            return "the scrypt work factor \(factor) is above the \(AgeFormat.maxWorkFactor) flarelog accepts"
        case .noMatch: return "the passphrase does not open it"
        case .headerMAC: return "its header was changed"
        case .payload(let why): return "its content is damaged (\(why))"
        }
    }
}

/// A passphrase for the scrypt recipient. It never shows itself in output, logs or errors.
public struct Passphrase: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    let bytes: [UInt8]

    /// - Throws: `FlareError` (64) for an empty passphrase.
    public init(_ text: String) throws {
        guard !text.isEmpty else { throw FlareError(.usage, "the passphrase is empty; choose one") }
        bytes = Array(text.utf8)
    }

    public var description: String { "(passphrase)" }
    public var debugDescription: String { "(passphrase)" }
}

/// The constants of the age v1 format (the C2SP age specification, age-encryption.org/v1) that flarelog uses:
/// one scrypt recipient, a ChaCha20-Poly1305 payload in 64 KiB chunks (STREAM), the header MAC.
public enum AgeFormat {
    /// How every age v1 file begins.
    static let versionLine = Array("age-encryption.org/v1\n".utf8)
    /// The scrypt salt's label, prepended to the 16 random bytes.
    static let scryptLabel = Array("age-encryption.org/v1/scrypt".utf8)
    /// Plaintext bytes per payload chunk; each sealed chunk adds a 16-byte tag.
    static let chunkSize = 64 * 1024
    static let tagSize = 16
    /// log₂N of scrypt for new files: what `age -p` uses, about a second and 256 MiB.
    public static let defaultWorkFactor = 18
    /// The highest log₂N a file may ask for when it is opened (the reference implementation's limit):
    /// 2²² × 1 KiB = 4 GiB of memory.
    static let maxWorkFactor = 22
    /// The lowest a test may set with FLARELOG_SCRYPT_WORK_FACTOR.
    static let minWorkFactor = 10

    /// True when the file at `path` is a regular file that begins like an age v1 file. Nothing else is read ahead:
    /// the first bytes of a pipe (`import /dev/stdin`), once read, would be missing from what is imported.
    public static func isEncrypted(_ path: String) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG,
            let start = try? readFileStart(path, count: versionLine.count)
        else { return false }
        return start.bytes == versionLine
    }

    /// The work factor for new files: FLARELOG_SCRYPT_WORK_FACTOR (10 to 22, for tests and slow machines), else 18.
    /// - Throws: `FlareError` (64) for a value out of range.
    public static func workFactor(environment: EnvironmentLookup = processEnvironment) throws -> Int {
        guard let text = environment("FLARELOG_SCRYPT_WORK_FACTOR"), !text.isEmpty else { return defaultWorkFactor }
        guard let factor = Int(text), (minWorkFactor...maxWorkFactor).contains(factor) else {
            throw FlareError(
                .usage, "FLARELOG_SCRYPT_WORK_FACTOR must be \(minWorkFactor) to \(maxWorkFactor), not '\(text)'")
        }
        return factor
    }

    /// scrypt(passphrase, "age-encryption.org/v1/scrypt" ‖ salt, N = 2^workFactor, r = 8, p = 1): the key that wraps
    /// the file key.
    static func wrappingKey(_ passphrase: Passphrase, salt: [UInt8], workFactor: Int) throws -> SymmetricKey {
        try KDF.Scrypt.deriveKey(
            from: passphrase.bytes, salt: scryptLabel + salt, outputByteCount: 32, rounds: 1 << workFactor,
            blockSize: 8, parallelism: 1)
    }

    /// HKDF-SHA-256 of the file key with `salt` and `info` ("header" for the MAC key, "payload" with the nonce).
    static func derive(_ fileKey: [UInt8], salt: [UInt8], info: String) -> SymmetricKey {
        HKDF<Crypto.SHA256>.deriveKey(
            inputKeyMaterial: SymmetricKey(data: fileKey), salt: salt, info: Array(info.utf8), outputByteCount: 32)
    }

    /// The all-zero nonce the stanza body is sealed with (each wrapping key is used once).
    static let zeroNonce: ChaChaPoly.Nonce = {
        // A 12-byte nonce is always valid.
        try! ChaChaPoly.Nonce(data: [UInt8](repeating: 0, count: 12))
    }()

    /// RFC 4648 base64 without padding, as age writes it.
    static func base64(_ bytes: [UInt8]) -> String {
        var text = Data(bytes).base64EncodedString()
        while text.hasSuffix("=") { text.removeLast() }
        return text
    }

    /// The bytes of unpadded canonical base64 `text`; nil for padding, a character outside the alphabet, or an
    /// encoding whose unused bits are not zero (the format accepts one spelling of each value).
    static func decodeBase64(_ text: Substring) -> [UInt8]? {
        guard text.count % 4 != 1, !text.contains("=") else { return nil }
        let padded = String(text) + String(repeating: "=", count: (4 - text.count % 4) % 4)
        guard let data = Data(base64Encoded: padded) else { return nil }
        let bytes = [UInt8](data)
        return base64(bytes) == text ? bytes : nil
    }
}

/// The text header of an age file with one scrypt recipient:
///
///     age-encryption.org/v1
///     -> scrypt <salt, base64> <log₂N>
///     <the wrapped file key, base64>
///     --- <HMAC-SHA-256 of everything above and "---", base64>
struct AgeHeader {
    let salt: [UInt8]
    let workFactor: Int
    /// The 16-byte file key sealed with the scrypt key: 32 bytes.
    let wrappedKey: [UInt8]
    let mac: [UInt8]

    /// A header for `fileKey`, wrapped with `passphrase` under a new random salt.
    init(fileKey: [UInt8], passphrase: Passphrase, workFactor: Int) throws {
        let salt = randomBytes(16)
        let key = try AgeFormat.wrappingKey(passphrase, salt: salt, workFactor: workFactor)
        let sealed = try ChaChaPoly.seal(fileKey, using: key, nonce: AgeFormat.zeroNonce)
        let unsigned = AgeHeader(
            salt: salt, workFactor: workFactor, wrappedKey: [UInt8](sealed.ciphertext) + [UInt8](sealed.tag), mac: [])
        let macKey = AgeFormat.derive(fileKey, salt: [], info: "header")
        let mac = HMAC<Crypto.SHA256>.authenticationCode(for: unsigned.authenticated, using: macKey)
        self.init(salt: salt, workFactor: workFactor, wrappedKey: unsigned.wrappedKey, mac: Array(mac))
    }

    private init(salt: [UInt8], workFactor: Int, wrappedKey: [UInt8], mac: [UInt8]) {
        self.salt = salt
        self.workFactor = workFactor
        self.wrappedKey = wrappedKey
        self.mac = mac
    }

    /// The header up to and including "---": what the MAC covers.
    var authenticated: [UInt8] {
        let text =
            "-> scrypt \(AgeFormat.base64(salt)) \(workFactor)\n\(AgeFormat.base64(wrappedKey))\n---"
        return AgeFormat.versionLine + Array(text.utf8)
    }

    /// The whole header as it is written, ending with its newline.
    var encoded: [UInt8] { authenticated + Array(" \(AgeFormat.base64(mac))\n".utf8) }

    /// The file key, unwrapped with `passphrase` and checked against the MAC.
    func fileKey(_ passphrase: Passphrase) throws(AgeError) -> [UInt8] {
        guard workFactor <= AgeFormat.maxWorkFactor else { throw .workFactor(workFactor) }
        let fileKey: [UInt8]
        do {
            let key = try AgeFormat.wrappingKey(passphrase, salt: salt, workFactor: workFactor)
            let box = try ChaChaPoly.SealedBox(
                nonce: AgeFormat.zeroNonce, ciphertext: Array(wrappedKey.prefix(16)), tag: Array(wrappedKey.suffix(16)))
            fileKey = [UInt8](try ChaChaPoly.open(box, using: key))
        } catch {
            throw .noMatch
        }
        let macKey = AgeFormat.derive(fileKey, salt: [], info: "header")
        guard HMAC<Crypto.SHA256>.isValidAuthenticationCode(mac, authenticating: authenticated, using: macKey) else {
            throw .headerMAC
        }
        return fileKey
    }

    /// Parses the header at the start of `bytes`; returns it and its length in bytes.
    ///
    /// The rules are the specification's: LF line ends, stanza arguments of visible ASCII separated by one space,
    /// bodies in canonical unpadded base64 wrapped at 64 columns and ended by a shorter line, a scrypt stanza alone
    /// in its header, a 16-byte salt, a decimal work factor without leading zeros, a 32-byte MAC.
    static func parse(_ bytes: [UInt8]) throws(AgeError) -> (header: AgeHeader, length: Int) {
        guard bytes.starts(with: AgeFormat.versionLine) else { throw .header("no age-encryption.org/v1 line") }
        var offset = AgeFormat.versionLine.count
        func line() throws(AgeError) -> Substring {
            guard let end = bytes[offset...].firstIndex(of: 0x0A) else { throw .header("the header does not end") }
            let text = bytes[offset..<end]
            guard text.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else { throw .header("a character outside ASCII") }
            offset = end + 1
            return Substring(String(decoding: text, as: UTF8.self))
        }
        var stanzas: [(arguments: [Substring], body: [UInt8])] = []
        var next = try line()
        while next.hasPrefix("-> ") {
            let arguments = next.dropFirst(3).split(separator: " ", omittingEmptySubsequences: false)
            guard !arguments.isEmpty, arguments.allSatisfy({ !$0.isEmpty }) else {
                throw .header("an empty stanza argument")
            }
            var body: [UInt8] = []
            while true {
                let text = try line()
                guard text.count <= 64, let decoded = AgeFormat.decodeBase64(text) else {
                    throw .header("a stanza body that is not canonical base64")
                }
                body += decoded
                if text.count < 64 { break }
            }
            stanzas.append((arguments, body))
            next = try line()
        }
        guard next.hasPrefix("--- "), let mac = AgeFormat.decodeBase64(next.dropFirst(4)), mac.count == 32 else {
            throw .header("no valid MAC line")
        }
        guard let stanza = stanzas.first else { throw .header("no recipient") }
        guard stanzas.contains(where: { $0.arguments[0] == "scrypt" }) else { throw .notPassphrase }
        guard stanzas.count == 1 else { throw .header("a scrypt recipient must be alone") }
        let arguments = stanza.arguments
        guard arguments.count == 3, let salt = AgeFormat.decodeBase64(arguments[1]), salt.count == 16 else {
            throw .header("a scrypt stanza needs a 16-byte salt and a work factor")
        }
        let factorText = arguments[2]
        guard factorText.allSatisfy({ $0.isASCII && $0.isNumber }), !factorText.hasPrefix("0"),
            factorText.count <= 2, let workFactor = Int(factorText)
        else { throw .header("the work factor is not a decimal number") }
        guard stanza.body.count == 32 else { throw .header("the wrapped file key is not 32 bytes") }
        return (AgeHeader(salt: salt, workFactor: workFactor, wrappedKey: stanza.body, mac: mac), offset)
    }
}

/// `count` bytes from the system's cryptographic random source (getrandom on Linux).
func randomBytes(_ count: Int) -> [UInt8] {
    var generator = SystemRandomNumberGenerator()
    return (0..<count).map { _ in generator.next() }
}
