#include "crypto/Blake3.h"

#include <blake3.h>

#include <cassert>
#include <new>

namespace idleforge::crypto {

static_assert(sizeof(blake3_hasher) <= Blake3Hasher::kStateBytes, "Blake3Hasher::kStateBytes is too small");
static_assert(alignof(blake3_hasher) <= 8, "Blake3Hasher's state is 8-byte aligned");
static_assert(BLAKE3_OUT_LEN == 32);

namespace {
blake3_hasher *state(unsigned char *bytes) { return std::launder(reinterpret_cast<blake3_hasher *>(bytes)); }
} // namespace

Hash256 blake3_256(std::span<const std::uint8_t> data)
{
    Blake3Hasher h;
    h.update(data);
    return h.finish();
}

Hash256 blake3_256(std::string_view data)
{
    return blake3_256(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t *>(data.data()), data.size()));
}

Blake3Hasher::Blake3Hasher()
{
    blake3_hasher_init(new (m_state) blake3_hasher);
}

void Blake3Hasher::update(std::span<const std::uint8_t> data)
{
    assert(!m_finished);
    blake3_hasher_update(state(m_state), data.data(), data.size());
}

void Blake3Hasher::update(std::string_view data)
{
    update(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t *>(data.data()), data.size()));
}

Hash256 Blake3Hasher::finish()
{
    assert(!m_finished);
    m_finished = true;
    Hash256 out{};
    blake3_hasher_finalize(state(m_state), out.data(), out.size());
    return out;
}

} // namespace idleforge::crypto
