#include "crypto/PasswordBox.h"

#include "crypto/Sodium.h"

#include <sodium.h>

#include <cstring>
#include <new>
#include <stdexcept>

namespace idleforge::crypto {

namespace {
constexpr std::uint8_t kMagic[6] = {'I', 'F', 'S', 'E', 'A', 'L'};
constexpr std::uint16_t kVersion = 1;
constexpr std::uint8_t kKdfArgon2id13 = 1;
constexpr std::uint8_t kAeadXChaCha = 1;
constexpr std::size_t kSaltOff = 20, kNonceOff = 36, kLenOff = 60, kHeaderSize = 68;
constexpr std::size_t kTag = crypto_aead_xchacha20poly1305_ietf_ABYTES;
// Upper bounds accepted when opening: a forged header must not make us allocate 4 TiB.
constexpr std::uint32_t kMaxOps = 64;
constexpr std::uint32_t kMaxMemKiB = 4 * 1024 * 1024; // 4 GiB

static_assert(crypto_pwhash_SALTBYTES == 16);
static_assert(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES == 24);

void putLe(std::uint8_t *p, std::uint64_t v, int bytes)
{
    for (int i = 0; i < bytes; ++i)
        p[i] = static_cast<std::uint8_t>(v >> (8 * i));
}

std::uint64_t getLe(const std::uint8_t *p, int bytes)
{
    std::uint64_t v = 0;
    for (int i = bytes - 1; i >= 0; --i)
        v = (v << 8) | p[i];
    return v;
}

// Argon2id key; false when the memory could not be had.
bool deriveKey(SecureBuffer &key, std::span<const std::uint8_t> password, const std::uint8_t *salt,
               const KdfParams &p)
{
    return crypto_pwhash(key.data(), key.size(), reinterpret_cast<const char *>(password.data()),
                         password.size(), salt, p.opsLimit,
                         static_cast<std::size_t>(p.memLimitKiB) * 1024U,
                         crypto_pwhash_ALG_ARGON2ID13) == 0;
}
} // namespace

const char *describeOpenError(OpenError e)
{
    switch (e) {
    case OpenError::None: return "ok";
    case OpenError::NotSealed: return "not an IdleForge encrypted file (unknown header)";
    case OpenError::UnsupportedVersion:
        return "the file was written by a newer IdleForge (unknown format version or algorithm)";
    case OpenError::Truncated: return "the file is truncated (shorter than its header says)";
    case OpenError::TrailingData: return "the file has unexpected extra bytes after its content";
    case OpenError::BadParameters: return "the file's key-derivation parameters are out of range";
    case OpenError::WrongPasswordOrDamaged:
        return "wrong password, or the file has been modified or damaged";
    case OpenError::OutOfMemory: return "not enough memory to derive the key from the password";
    }
    return "unknown error";
}

namespace {
void checkParams(const KdfParams &params)
{
    if (params.opsLimit < crypto_pwhash_OPSLIMIT_MIN || params.opsLimit > kMaxOps ||
        params.memLimitKiB * 1024ULL < crypto_pwhash_MEMLIMIT_MIN || params.memLimitKiB > kMaxMemKiB)
        throw std::invalid_argument("seal: Argon2 parameters out of range");
}
} // namespace

SealingKey deriveSealingKey(std::span<const std::uint8_t> password, const KdfParams &params)
{
    ensureSodium();
    checkParams(params);
    SealingKey k;
    k.params = params;
    randombytes_buf(k.salt.data(), k.salt.size());
    k.key = SecureBuffer(crypto_aead_xchacha20poly1305_ietf_KEYBYTES);
    if (!deriveKey(k.key, password, k.salt.data(), params))
        throw std::bad_alloc();
    return k;
}

std::vector<std::uint8_t> sealWithKey(std::span<const std::uint8_t> plaintext, const SealingKey &key)
{
    ensureSodium();
    if (!key.valid())
        throw std::invalid_argument("sealWithKey: no key");
    std::vector<std::uint8_t> out(kHeaderSize + plaintext.size() + kTag);
    std::memcpy(out.data(), kMagic, sizeof kMagic);
    putLe(out.data() + 6, kVersion, 2);
    out[8] = kKdfArgon2id13;
    out[9] = kAeadXChaCha;
    putLe(out.data() + 10, 0, 2);
    putLe(out.data() + 12, key.params.opsLimit, 4);
    putLe(out.data() + 16, key.params.memLimitKiB, 4);
    std::memcpy(out.data() + kSaltOff, key.salt.data(), key.salt.size());
    randombytes_buf(out.data() + kNonceOff, crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
    putLe(out.data() + kLenOff, plaintext.size() + kTag, 8);
    unsigned long long written = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt(out.data() + kHeaderSize, &written, plaintext.data(),
                                               plaintext.size(), out.data(), kHeaderSize, nullptr,
                                               out.data() + kNonceOff, key.key.data());
    return out;
}

std::vector<std::uint8_t> seal(std::span<const std::uint8_t> plaintext,
                               std::span<const std::uint8_t> password, const KdfParams &params)
{
    return sealWithKey(plaintext, deriveSealingKey(password, params));
}

KdfParams sealedParams(std::span<const std::uint8_t> sealed)
{
    if (sealed.size() < kHeaderSize || std::memcmp(sealed.data(), kMagic, sizeof kMagic) != 0)
        return {0, 0};
    return {static_cast<std::uint32_t>(getLe(sealed.data() + 12, 4)),
            static_cast<std::uint32_t>(getLe(sealed.data() + 16, 4))};
}

Opened open(std::span<const std::uint8_t> sealed, std::span<const std::uint8_t> password)
{
    return open(sealed, password, nullptr);
}

Opened open(std::span<const std::uint8_t> sealed, std::span<const std::uint8_t> password, SealingKey *keyOut)
{
    ensureSodium();
    Opened r;
    if (sealed.size() < sizeof kMagic || std::memcmp(sealed.data(), kMagic, sizeof kMagic) != 0) {
        r.error = OpenError::NotSealed;
        return r;
    }
    if (sealed.size() < kHeaderSize) {
        r.error = OpenError::Truncated;
        return r;
    }
    const std::uint8_t *h = sealed.data();
    if (getLe(h + 6, 2) != kVersion || h[8] != kKdfArgon2id13 || h[9] != kAeadXChaCha) {
        r.error = OpenError::UnsupportedVersion;
        return r;
    }
    const std::uint64_t ctLen = getLe(h + kLenOff, 8);
    const std::size_t body = sealed.size() - kHeaderSize;
    if (ctLen < kTag || ctLen > body) {
        r.error = ctLen < kTag ? OpenError::NotSealed : OpenError::Truncated;
        return r;
    }
    if (ctLen < body) {
        r.error = OpenError::TrailingData;
        return r;
    }
    const KdfParams p = sealedParams(sealed);
    if (p.opsLimit < crypto_pwhash_OPSLIMIT_MIN || p.opsLimit > kMaxOps ||
        p.memLimitKiB * 1024ULL < crypto_pwhash_MEMLIMIT_MIN || p.memLimitKiB > kMaxMemKiB) {
        r.error = OpenError::BadParameters;
        return r;
    }
    SecureBuffer key(crypto_aead_xchacha20poly1305_ietf_KEYBYTES);
    if (!deriveKey(key, password, h + kSaltOff, p)) {
        r.error = OpenError::OutOfMemory;
        return r;
    }
    SecureBuffer plain(ctLen - kTag);
    unsigned long long plainLen = 0;
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(plain.data(), &plainLen, nullptr,
                                                   h + kHeaderSize, ctLen, h, kHeaderSize,
                                                   h + kNonceOff, key.data()) != 0) {
        r.error = OpenError::WrongPasswordOrDamaged;
        return r;
    }
    r.plaintext = std::move(plain);
    if (keyOut) {
        keyOut->params = p;
        std::memcpy(keyOut->salt.data(), h + kSaltOff, keyOut->salt.size());
        keyOut->key = std::move(key);
    }
    return r;
}

} // namespace idleforge::crypto
