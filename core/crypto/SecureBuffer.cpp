#include "crypto/SecureBuffer.h"

#include "crypto/Sodium.h"

#include <sodium.h>

#include <cstring>
#include <new>
#include <utility>

#ifdef __linux__
#include <sys/prctl.h>
#include <sys/resource.h>
#endif

namespace idleforge::crypto {

bool makeProcessUndumpable()
{
#ifdef __linux__
    const rlimit noCore{0, 0};
    (void)setrlimit(RLIMIT_CORE, &noCore);
    return prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) == 0 && prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) == 0;
#else
    return false;
#endif
}


SecureBuffer::SecureBuffer(std::size_t size)
{
    ensureSodium();
    if (size == 0)
        return;
    m_data = static_cast<std::uint8_t *>(sodium_malloc(size));
    if (!m_data)
        throw std::bad_alloc();
    m_size = size;
    sodium_memzero(m_data, m_size);
}

SecureBuffer::~SecureBuffer() { clear(); }

SecureBuffer::SecureBuffer(SecureBuffer &&other) noexcept
    : m_data(std::exchange(other.m_data, nullptr)), m_size(std::exchange(other.m_size, 0))
{
}

SecureBuffer &SecureBuffer::operator=(SecureBuffer &&other) noexcept
{
    if (this != &other) {
        clear();
        m_data = std::exchange(other.m_data, nullptr);
        m_size = std::exchange(other.m_size, 0);
    }
    return *this;
}

SecureBuffer SecureBuffer::copyOf(std::span<const std::uint8_t> bytes)
{
    SecureBuffer b(bytes.size());
    if (!bytes.empty())
        std::memcpy(b.m_data, bytes.data(), bytes.size());
    return b;
}

SecureBuffer SecureBuffer::copyOf(std::string_view text)
{
    return copyOf(std::span<const std::uint8_t>(
        reinterpret_cast<const std::uint8_t *>(text.data()), text.size()));
}

bool SecureBuffer::equals(std::span<const std::uint8_t> other) const
{
    if (other.size() != m_size)
        return false;
    return m_size == 0 || sodium_memcmp(m_data, other.data(), m_size) == 0;
}

void SecureBuffer::clear()
{
    if (m_data)
        sodium_free(m_data); // wipes before unmapping
    m_data = nullptr;
    m_size = 0;
}

void secureZero(void *data, std::size_t size)
{
    sodium_memzero(data, size);
}

} // namespace idleforge::crypto
