#include "crypto/Hmac.h"

#include "crypto/Sodium.h"

#include <sodium.h>

#include <algorithm>
#include <stdexcept>

namespace idleforge::crypto {

SecureBuffer hmacSha512(std::span<const std::uint8_t> key, std::span<const std::uint8_t> message)
{
    ensureSodium();
    crypto_auth_hmacsha512_state st;
    crypto_auth_hmacsha512_init(&st, key.data(), key.size());
    crypto_auth_hmacsha512_update(&st, message.data(), message.size());
    SecureBuffer out(crypto_auth_hmacsha512_BYTES);
    crypto_auth_hmacsha512_final(&st, out.data());
    sodium_memzero(&st, sizeof st);
    return out;
}

SecureBuffer pbkdf2HmacSha512(std::span<const std::uint8_t> password,
                              std::span<const std::uint8_t> salt, std::uint32_t iterations,
                              std::size_t outputBytes)
{
    ensureSodium();
    if (iterations == 0 || outputBytes == 0)
        throw std::invalid_argument("PBKDF2 needs at least one iteration and one output byte");
    constexpr std::size_t hLen = crypto_auth_hmacsha512_BYTES;

    // Key the HMAC once; each PRF call starts from a copy of this state.
    SecureBuffer keyedState(sizeof(crypto_auth_hmacsha512_state));
    auto *keyed = reinterpret_cast<crypto_auth_hmacsha512_state *>(keyedState.data());
    crypto_auth_hmacsha512_init(keyed, password.data(), password.size());

    SecureBuffer work(sizeof(crypto_auth_hmacsha512_state) + 2 * hLen);
    auto *st = reinterpret_cast<crypto_auth_hmacsha512_state *>(work.data());
    std::uint8_t *u = work.data() + sizeof(crypto_auth_hmacsha512_state);
    std::uint8_t *t = u + hLen;

    SecureBuffer out(outputBytes);
    const std::size_t blocks = (outputBytes + hLen - 1) / hLen;
    for (std::uint32_t block = 1; block <= blocks; ++block) {
        const std::uint8_t be[4] = {static_cast<std::uint8_t>(block >> 24),
                                    static_cast<std::uint8_t>(block >> 16),
                                    static_cast<std::uint8_t>(block >> 8),
                                    static_cast<std::uint8_t>(block)};
        *st = *keyed;
        crypto_auth_hmacsha512_update(st, salt.data(), salt.size());
        crypto_auth_hmacsha512_update(st, be, sizeof be);
        crypto_auth_hmacsha512_final(st, u);
        std::copy(u, u + hLen, t);
        for (std::uint32_t i = 1; i < iterations; ++i) {
            *st = *keyed;
            crypto_auth_hmacsha512_update(st, u, hLen);
            crypto_auth_hmacsha512_final(st, u);
            for (std::size_t k = 0; k < hLen; ++k)
                t[k] ^= u[k];
        }
        const std::size_t offset = (block - 1) * hLen;
        std::copy(t, t + std::min(hLen, outputBytes - offset), out.data() + offset);
    }
    return out;
}

} // namespace idleforge::crypto
