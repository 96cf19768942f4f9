import Foundation
import Glibc
import Testing
import TestSupport

@testable import FlareKit

/// The age v1 reader and writer: round trips, the C2SP test vectors, refusals. (AgeInteropTests, in FlarelogTests,
/// has the files the real `age` makes and opens.)
@Suite struct AgeFormatTests {
    let folder: TemporaryDirectory
    let passphrase: Passphrase
    /// The test work factor: the format is the same, scrypt just costs 1 MiB instead of 256.
    static let workFactor = 10

    init() throws {
        folder = try TemporaryDirectory()
        passphrase = try Passphrase("correct horse battery staple")
    }

    /// Encrypts `plaintext` with `passphrase` into `name` and returns the path.
    func encrypt(_ plaintext: [UInt8], _ name: String = "file.age", passphrase: Passphrase? = nil) throws -> String {
        let path = folder.path(name)
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        #expect(descriptor >= 0)
        defer { close(descriptor) }
        let writer = try AgeWriter(
            descriptor: descriptor, name: path, passphrase: passphrase ?? self.passphrase, workFactor: Self.workFactor)
        // Written in uneven pieces, so that chunks do not line up with the writes.
        var offset = 0
        while offset < plaintext.count {
            let end = min(plaintext.count, offset + 10_007)
            try plaintext[offset..<end].withUnsafeBytes { try writer.write($0) }
            offset = end
        }
        try writer.finish()
        return path
    }

    static func bytes(_ count: Int) -> [UInt8] { (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 8) } }

    @Test(arguments: [0, 1, 3, 65_535, 65_536, 65_537, 3 * 65_536, 200_000, 17 * 65_536 + 5])
    func roundTrip(size: Int) throws {
        let plaintext = Self.bytes(size)
        let path = try encrypt(plaintext)
        let sealed = try Data(contentsOf: URL(fileURLWithPath: path))
        // One header, a 16-byte nonce, then 16 bytes of tag per chunk (at least one chunk).
        let chunks = max(1, (size + 65_535) / 65_536)
        let header = try AgeHeader.parse([UInt8](sealed))
        #expect(sealed.count == header.length + 16 + size + 16 * chunks)
        #expect(header.header.workFactor == Self.workFactor)
        #expect(try EncryptedFile.decrypt(path, passphrase) == plaintext)
        #expect(!sealed.contains(Data("correct horse".utf8)))
    }

    /// What an encrypted backup checks before the file gets its name: the file decrypts to exactly the copy.
    @Test(arguments: [1, 65_536, 65_537, 17 * 65_536 + 5])
    func decryptsToComparesEveryByte(size: Int) throws {
        let plain = folder.path("copy.db")
        let plaintext = Self.bytes(size)
        try Data(plaintext).write(to: URL(fileURLWithPath: plain))
        let path = folder.path("copy.db.age")
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        defer { close(descriptor) }
        try EncryptedFile.encrypt(
            fileAt: plain, to: descriptor, name: path, Encryption(passphrase: passphrase, workFactor: Self.workFactor))
        #expect(try EncryptedFile.decrypt(path, passphrase) == plaintext)
        #expect(try EncryptedFile.decrypts(path, to: plain, passphrase))
        var flipped = plaintext
        flipped[size - 1] ^= 1
        for other in [Array(plaintext.dropLast()), plaintext + [0], flipped] {
            try Data(other).write(to: URL(fileURLWithPath: plain))
            #expect(try !EncryptedFile.decrypts(path, to: plain, passphrase))
        }
    }

    @Test func headerIsWhatTheSpecificationSays() throws {
        let path = try encrypt(Array("hello".utf8))
        let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)).prefix(200), as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[0] == "age-encryption.org/v1")
        let stanza = lines[1].split(separator: " ")
        #expect(stanza.count == 4 && stanza[0] == "->" && stanza[1] == "scrypt" && stanza[3] == "10")
        #expect(stanza[2].count == 22)  // 16 bytes, unpadded
        #expect(lines[2].count == 43)  // the 32-byte wrapped key
        #expect(lines[3].hasPrefix("--- ") && lines[3].count == 4 + 43)
    }

    @Test func wrongPassphraseIsNoMatch() throws {
        let path = try encrypt(Self.bytes(1000))
        #expect(throws: AgeError.noMatch) { try EncryptedFile.decrypt(path, try Passphrase("correct horse battery")) }
    }

    @Test func emptyPassphraseIsRefused() {
        #expect(throws: FlareError.self) { try Passphrase("") }
        #expect(String(describing: passphrase) == "(passphrase)")
        #expect(String(reflecting: passphrase) == "(passphrase)")
    }

    /// Changed bytes in each part of the file: the salt, the work factor, the wrapped key, the MAC, the nonce, the
    /// first and the last chunk. None opens, and none hands out a byte of plaintext from a chunk that fails.
    @Test func everyChangedByteIsRefused() throws {
        let plaintext = Self.bytes(70_000)
        let path = try encrypt(plaintext)
        let original = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let headerLength = try AgeHeader.parse(original).length
        let offsets = [32, 40, 55, 80, headerLength - 10, headerLength + 3, headerLength + 40, original.count - 1]
        for offset in offsets {
            var changed = original
            changed[offset] ^= 0x01
            let copy = folder.path("changed-\(offset).age")
            try Data(changed).write(to: URL(fileURLWithPath: copy))
            var released = 0
            #expect(throws: AgeError.self, "byte \(offset)") {
                try AgeReader.decrypt(copy, passphrase: passphrase) { released += $0.count }
            }
            // Only the first chunk can have been released, and only when the change is after it.
            #expect(released == 0 || (released == 65_536 && offset >= headerLength + 16 + 65_552), "byte \(offset)")
        }
    }

    /// Cut at every boundary that matters: inside the header, after the nonce, at the end of the first (full,
    /// not last) chunk, one byte short; and bytes added after the last chunk.
    @Test func truncatedOrExtendedFilesAreRefused() throws {
        let path = try encrypt(Self.bytes(65_536 + 100))
        let original = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let headerLength = try AgeHeader.parse(original).length
        let variants: [[UInt8]] = [
            Array(original.prefix(60)), Array(original.prefix(headerLength)), Array(original.prefix(headerLength + 16)),
            Array(original.prefix(headerLength + 16 + 65_552)), Array(original.dropLast()), original + [0],
            original + [UInt8](repeating: 7, count: 65_552),
        ]
        for (index, bytes) in variants.enumerated() {
            let copy = folder.path("cut-\(index).age")
            try Data(bytes).write(to: URL(fileURLWithPath: copy))
            #expect(throws: AgeError.self, "variant \(index)") { try EncryptedFile.decrypt(copy, passphrase) }
        }
    }

    @Test func otherFormatsAreRefused() throws {
        for (name, content) in [
            ("text", "hello\n"), ("sqlite", "SQLite format 3\0"), ("armored", "-----BEGIN AGE ENCRYPTED FILE-----\n"),
            ("crlf", "age-encryption.org/v1\r\n-> scrypt AAAAAAAAAAAAAAAAAAAAAA 10\r\n"),
        ] {
            let path = folder.path(name)
            try Data(content.utf8).write(to: URL(fileURLWithPath: path))
            #expect(throws: AgeError.self, "\(name)") { try EncryptedFile.decrypt(path, passphrase) }
            #expect(!AgeFormat.isEncrypted(path))
        }
    }

    /// A test vector of c2sp.org/CCTV/age, as Tests/Fixtures/make_age_vectors.py regenerates it.
    struct Vector {
        let fields: [String: String]
        let file: String

        init(_ name: String, in folder: TemporaryDirectory) throws {
            let url = try #require(
                Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures/age"))
            let data = try Data(contentsOf: url)
            let split = try #require(data.firstRange(of: Data("\n\n".utf8)))
            var fields: [String: String] = [:]
            for line in String(decoding: data[..<split.lowerBound], as: UTF8.self).split(separator: "\n") {
                let parts = line.split(separator: ":", maxSplits: 1)
                fields[String(parts[0])] = parts[1].trimmingCharacters(in: .whitespaces)
            }
            self.fields = fields
            file = folder.path(name + ".age")
            try data[split.upperBound...].write(to: URL(fileURLWithPath: file))
        }
    }

    @Test func c2spScryptVectorOpens() throws {
        let vector = try Vector("scrypt", in: folder)
        #expect(vector.fields["expect"] == "success")
        let plaintext = try EncryptedFile.decrypt(
            vector.file, try Passphrase(try #require(vector.fields["passphrase"])))
        #expect(FlareKit.SHA256.hex(of: plaintext) == vector.fields["payload"])
        #expect(String(decoding: plaintext, as: UTF8.self) == "age")
    }

    @Test(arguments: [
        ("scrypt_bad_tag", AgeError.noMatch), ("scrypt_double", .header("a scrypt recipient must be alone")),
        ("scrypt_not_canonical_salt", .header("a scrypt stanza needs a 16-byte salt and a work factor")),
        ("scrypt_work_factor_23", .workFactor(23)),
    ])
    func c2spScryptVectorsFail(name: String, error: AgeError) throws {
        let vector = try Vector(name, in: folder)
        #expect(vector.fields["expect"] != "success")
        let passphrase = try Passphrase(try #require(vector.fields["passphrase"]))
        #expect(throws: error) { try EncryptedFile.decrypt(vector.file, passphrase) }
    }
}
