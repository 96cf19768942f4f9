import Foundation
import Testing
import TestSupport

@testable import FlareKit

@Suite struct SHA256Tests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (
            "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        ),
    ])
    func knownVectors(message: String, digest: String) {
        #expect(SHA256.hex(of: Array(message.utf8)) == digest)
        #expect(SHA256.hex(of: Array(message.utf8), hardware: false) == digest)
    }

    /// Both implementations: the hardware one where the CPU has it (else the same portable code twice).
    @Test(arguments: [true, false])
    func aMillionAsFedInOddChunks(hardware: Bool) {
        var hasher = SHA256(hardware: hardware)
        var remaining = 1_000_000
        var chunk = 1
        while remaining > 0 {
            let size = min(chunk, remaining)
            hasher.update([UInt8](repeating: UInt8(ascii: "a"), count: size))
            remaining -= size
            chunk = chunk * 7 % 997 + 1
        }
        #expect(hasher.finalize() == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// Every length around the 64-byte block and 56-byte padding boundaries, against coreutils' sha256sum.
    @Test(arguments: [true, false])
    func filesAgreeWithSha256sum(hardware: Bool) throws {
        print("SHA-256 hardware available: \(SHA256.hardwareAvailable)")
        let folder = try TemporaryDirectory()
        var lengths = Array(0...130)
        lengths += [1 << 20, (1 << 20) + 55, 3 * (1 << 20) + 7]
        for length in lengths {
            let path = folder.path("f\(length)")
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ $0 >> 8) }
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            #expect(try SHA256.hex(ofFileAt: path, hardware: hardware) == sha256sum(path), "length \(length)")
        }
    }
}
