#pragma once
// Password-sealed data: Argon2id (libsodium crypto_pwhash, v1.3) stretches the password into a
// key for XChaCha20-Poly1305. One format serves the encrypted-file secret store and wallet
// backups. Layout (all integers little-endian), the whole header is authenticated as AAD:
//
//   off  size  field
//     0     6  magic "IFSEAL"
//     6     2  format version (1)
//     8     1  kdf id   (1 = Argon2id v1.3)
//     9     1  aead id  (1 = XChaCha20-Poly1305-IETF)
//    10     2  reserved (0)
//    12     4  Argon2 opslimit (iterations)
//    16     4  Argon2 memlimit in KiB
//    20    16  salt
//    36    24  nonce
//    60     8  ciphertext length (plaintext + 16-byte tag)
//    68     n  ciphertext
//
// The stored length lets a truncated file be named as such instead of "wrong password".
#include "crypto/SecureBuffer.h"

#include <array>
#include <cstdint>
#include <span>
#include <vector>

namespace idleforge::crypto {

struct KdfParams {
    std::uint32_t opsLimit = 3;            // libsodium OPSLIMIT_MODERATE
    std::uint32_t memLimitKiB = 256 * 1024; // libsodium MEMLIMIT_MODERATE (256 MiB)

    static KdfParams defaults() { return {}; }
    // Smallest libsodium allows; for unit tests only (fast, weak).
    static KdfParams fastForTests() { return {1, 8}; }
};

enum class OpenError {
    None,
    NotSealed,          // no "IFSEAL" magic: not our file
    UnsupportedVersion, // a newer format or algorithm than this build knows
    Truncated,          // shorter than the header says
    TrailingData,       // longer than the header says
    BadParameters,      // Argon2 limits outside what this build accepts (tampering or DoS)
    WrongPasswordOrDamaged,
    OutOfMemory, // Argon2 could not get its memory
};

// A sentence for people.
const char *describeOpenError(OpenError e);

struct Opened {
    OpenError error = OpenError::None;
    SecureBuffer plaintext;
    bool ok() const { return error == OpenError::None; }
};

std::vector<std::uint8_t> seal(std::span<const std::uint8_t> plaintext,
                               std::span<const std::uint8_t> password,
                               const KdfParams &params = KdfParams::defaults());

Opened open(std::span<const std::uint8_t> sealed, std::span<const std::uint8_t> password);

// A password stretched once, for a store that re-seals its file on every change: Argon2 runs
// at unlock, each seal only draws a fresh nonce. Same file format as seal().
struct SealingKey {
    SecureBuffer key; // 32 bytes
    std::array<std::uint8_t, 16> salt{};
    KdfParams params;
    bool valid() const { return key.size() == 32; }
};

SealingKey deriveSealingKey(std::span<const std::uint8_t> password, const KdfParams &params); // new salt
std::vector<std::uint8_t> sealWithKey(std::span<const std::uint8_t> plaintext, const SealingKey &key);
// Like open(); on success also hands back the key (with the file's salt and parameters).
Opened open(std::span<const std::uint8_t> sealed, std::span<const std::uint8_t> password, SealingKey *keyOut);

// Reads the KDF parameters of a sealed blob (nullopt-like: opsLimit 0 when not parseable).
KdfParams sealedParams(std::span<const std::uint8_t> sealed);

} // namespace idleforge::crypto
