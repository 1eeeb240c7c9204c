#include "crypto/Blake2b.h"

#include "crypto/Sodium.h"

#include <cassert>
#include <cstdlib>

namespace idleforge::crypto {

Hash256 blake2b256(std::span<const std::uint8_t> data)
{
    ensureSodium();
    Hash256 out{};
    crypto_generichash(out.data(), out.size(), data.data(), data.size(), nullptr, 0);
    return out;
}

Hash256 blake2b256(std::string_view data)
{
    return blake2b256(std::span<const std::uint8_t>(
        reinterpret_cast<const std::uint8_t *>(data.data()), data.size()));
}

Blake2b256::Blake2b256()
{
    ensureSodium();
    crypto_generichash_init(&m_state, nullptr, 0, 32);
}

void Blake2b256::update(std::span<const std::uint8_t> data)
{
    assert(!m_finished);
    crypto_generichash_update(&m_state, data.data(), data.size());
}

void Blake2b256::update(std::string_view data)
{
    update(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t *>(data.data()),
                                         data.size()));
}

Hash256 Blake2b256::finish()
{
    assert(!m_finished);
    m_finished = true;
    Hash256 out{};
    crypto_generichash_final(&m_state, out.data(), out.size());
    return out;
}

std::string toHex(std::span<const std::uint8_t> bytes)
{
    static constexpr char digits[] = "0123456789abcdef";
    std::string s;
    s.reserve(bytes.size() * 2);
    for (std::uint8_t b : bytes) {
        s.push_back(digits[b >> 4]);
        s.push_back(digits[b & 0xf]);
    }
    return s;
}

namespace {
int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}
} // namespace

std::optional<std::string> hexToBytes(std::string_view hex)
{
    if (hex.size() % 2 != 0)
        return std::nullopt;
    std::string out;
    out.reserve(hex.size() / 2);
    for (std::size_t i = 0; i < hex.size(); i += 2) {
        const int hi = hexValue(hex[i]);
        const int lo = hexValue(hex[i + 1]);
        if (hi < 0 || lo < 0)
            return std::nullopt;
        out.push_back(static_cast<char>((hi << 4) | lo));
    }
    return out;
}

std::optional<Hash256> hashFromHex(std::string_view hex)
{
    if (hex.size() != 64)
        return std::nullopt;
    const auto bytes = hexToBytes(hex);
    if (!bytes)
        return std::nullopt;
    Hash256 h{};
    for (std::size_t i = 0; i < h.size(); ++i)
        h[i] = static_cast<std::uint8_t>((*bytes)[i]);
    return h;
}

} // namespace idleforge::crypto
