#pragma once
// A fixed-size byte buffer for secrets (seeds, private keys, passwords, mnemonics).
// Backed by sodium_malloc: guard pages around it, mlock()ed so it never reaches swap (where
// the OS allows), and wiped by sodium_free when destroyed. Movable, never copyable, so a
// secret exists in exactly one place; copy out explicitly with SecureBuffer::copyOf().
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace idleforge::crypto {

// For the processes that hold keys (idleforge, idleforgectl, idleforge-devnet): no core dump,
// and no ptrace or /proc/PID/mem reading by the user's other processes (PR_SET_DUMPABLE 0 on
// Linux). Returns whether it applied; a no-op where the platform has no such switch.
bool makeProcessUndumpable();

class SecureBuffer {
public:
    SecureBuffer() = default;
    explicit SecureBuffer(std::size_t size); // zero-filled; throws std::bad_alloc on failure
    ~SecureBuffer();

    SecureBuffer(const SecureBuffer &) = delete;
    SecureBuffer &operator=(const SecureBuffer &) = delete;
    SecureBuffer(SecureBuffer &&other) noexcept;
    SecureBuffer &operator=(SecureBuffer &&other) noexcept;

    static SecureBuffer copyOf(std::span<const std::uint8_t> bytes);
    static SecureBuffer copyOf(std::string_view text);

    std::uint8_t *data() { return m_data; }
    const std::uint8_t *data() const { return m_data; }
    std::size_t size() const { return m_size; }
    bool empty() const { return m_size == 0; }

    std::span<std::uint8_t> span() { return {m_data, m_size}; }
    std::span<const std::uint8_t> span() const { return {m_data, m_size}; }
    std::string_view view() const { return {reinterpret_cast<const char *>(m_data), m_size}; }

    // Constant-time comparison.
    bool equals(std::span<const std::uint8_t> other) const;

    void clear(); // frees (and wipes) now

private:
    std::uint8_t *m_data = nullptr;
    std::size_t m_size = 0;
};

// Wipes memory the compiler may not optimise away (for secrets in ordinary buffers).
void secureZero(void *data, std::size_t size);

} // namespace idleforge::crypto
