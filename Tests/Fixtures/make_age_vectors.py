#!/usr/bin/env python3
"""Regenerates the C2SP age test vectors (c2sp.org/CCTV/age) that concern the scrypt recipient.

The vectors there are made by Go programs (age/internal/tests/*.go) on a framework (age/internal/testkit) whose
randomness is deterministic: a ChaCha20 keystream under the key "TEST RANDOMNESS TEST RANDOMNESS!" and a zero
nonce. This script follows the same steps with Python's `cryptography` package, written from the testkit and the
specification and not from flarelog's Swift code, so the files come out byte for byte as the Go programs write
them. One check of that: the first 16 random bytes encode as "rF0/NwblUHHTpgQgRpe5CQ", the salt the
scrypt_work_factor_23 program hard-codes because its scrypt is too slow to rerun.

Each file is the testkit's format: "key: value" lines, an empty line, then the age file. Run from anywhere:

    python3 Tests/Fixtures/make_age_vectors.py
"""

import base64
import hashlib
import hmac
import os

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "FlareKitTests", "Fixtures", "age")
TEST_FILE_KEY = b"YELLOW SUBMARINE"


def b64(data):
    return base64.b64encode(data).decode().rstrip("=")


def hkdf(key, salt, info):
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=info).derive(key)


def not_canonical_base64(text):
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    return text[:-1] + alphabet[alphabet.index(text[-1]) + 1]


class TestFile:
    def __init__(self):
        # chacha20.NewUnauthenticatedCipher(key, 12 zero bytes): cryptography takes the 4-byte counter first.
        self._stream = Cipher(algorithms.ChaCha20(b"TEST RANDOMNESS TEST RANDOMNESS!", bytes(16)), None).encryptor()
        self.buf = bytearray()
        self.file_key = TEST_FILE_KEY
        self.payload = bytearray()
        self.expect = "success"
        self.passphrases = []
        self.comment = None

    def rand(self, n):
        return self._stream.update(bytes(n))

    def text_line(self, s):
        self.buf += s.encode() + b"\n"

    def unread_line(self):
        buf = bytes(self.buf).removesuffix(b"\n")
        idx = buf.rfind(b"\n") + 1
        self.buf = bytearray(buf[:idx])
        return buf[idx:].decode()

    def unread_args_line(self):
        return self.unread_line().removeprefix("-> ").split(" ")

    def args_line(self, *args):
        self.text_line(" ".join(("->",) + args))

    def body(self, body):
        while True:
            line, body = body[:48], body[48:]
            self.text_line(b64(line))
            if len(line) < 48:
                break

    def aead_body(self, key, body):
        self.body(ChaCha20Poly1305(key).encrypt(bytes(12), body, None))

    def scrypt(self, passphrase, work_factor):
        self.passphrases.append(passphrase)
        salt = self.rand(16)
        self.args_line("scrypt", b64(salt), str(work_factor))
        key = hashlib.scrypt(passphrase.encode(), salt=b"age-encryption.org/v1/scrypt" + salt, n=1 << work_factor,
                             r=8, p=1, dklen=32, maxmem=1 << 30)
        self.aead_body(key, self.file_key)

    def hmac(self):
        key = hkdf(self.file_key, None, b"header")
        mac = hmac.new(key, bytes(self.buf) + b"---", hashlib.sha256).digest()
        self.text_line("--- " + b64(mac))

    def payload_final(self, plaintext):
        nonce = self.rand(16)
        stream_key = hkdf(self.file_key, nonce, b"payload")
        self.buf += nonce
        self.payload += plaintext
        self.buf += ChaCha20Poly1305(stream_key).encrypt(bytes(11) + b"\x01", plaintext, None)

    def write(self, name):
        lines = [f"expect: {self.expect}"]
        if self.expect in ("success", "payload failure"):
            lines.append(f"payload: {hashlib.sha256(bytes(self.payload)).hexdigest()}")
        lines.append(f"file key: {self.file_key.hex()}")
        lines += [f"passphrase: {p}" for p in self.passphrases]
        if self.comment:
            lines.append(f"comment: {self.comment}")
        with open(os.path.join(OUT, name), "wb") as out:
            out.write(("\n".join(lines) + "\n\n").encode() + bytes(self.buf))


def main():
    os.makedirs(OUT, exist_ok=True)
    check = TestFile()
    assert b64(check.rand(16)) == "rF0/NwblUHHTpgQgRpe5CQ", "the deterministic randomness differs from the testkit's"

    f = TestFile()  # scrypt.go
    f.text_line("age-encryption.org/v1")
    f.scrypt("password", 10)
    f.hmac()
    f.payload_final(b"age")
    f.write("scrypt")

    f = TestFile()  # scrypt_bad_tag.go
    f.text_line("age-encryption.org/v1")
    f.scrypt("password", 10)
    body = bytearray(base64.b64decode(f.unread_line() + "=="))
    body[-1] ^= 0xFF
    f.text_line(b64(bytes(body)))
    f.hmac()
    f.payload_final(b"age")
    f.expect = "no match"
    f.comment = "the ChaCha20Poly1305 authentication tag on the body of the scrypt stanza is wrong"
    f.write("scrypt_bad_tag")

    f = TestFile()  # scrypt_double.go
    f.text_line("age-encryption.org/v1")
    f.scrypt("password", 10)
    f.scrypt("hunter2", 10)
    f.hmac()
    f.payload_final(b"age")
    f.expect = "header failure"
    f.comment = "scrypt stanzas must be alone in the header"
    f.write("scrypt_double")

    f = TestFile()  # scrypt_not_canonical_salt.go
    f.text_line("age-encryption.org/v1")
    f.scrypt("password", 10)
    body, args = f.unread_line(), f.unread_args_line()
    f.args_line(args[0], not_canonical_base64(args[1]), args[2])
    f.text_line(body)
    f.hmac()
    f.payload_final(b"age")
    f.expect = "header failure"
    f.write("scrypt_not_canonical_salt")

    f = TestFile()  # scrypt_work_factor_23.go: hard-coded there, its scrypt being too slow to rerun
    f.passphrases.append("password")
    f.text_line("age-encryption.org/v1")
    f.args_line("scrypt", "rF0/NwblUHHTpgQgRpe5CQ", "23")
    f.text_line("qW9eVsT0NVb/Vswtw8kPIxUnaYmm9Px1dYmq2+4+qZA")
    f.hmac()
    f.payload_final(b"age")
    f.expect = "header failure"
    f.comment = "work factor is very high, would take a long time to compute"
    f.write("scrypt_work_factor_23")


if __name__ == "__main__":
    main()
