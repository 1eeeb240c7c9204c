#pragma once
// A small Result/Error pair for fallible core operations. Errors carry a stable machine code
// ("wallet.bad_checksum") for tests and the protocol, and a human message for the user.

#include <QString>

#include <optional>
#include <utility>
#include <variant>

namespace idleforge {

struct Error {
    QString code;    // stable, dotted: "<module>.<what>"
    QString message; // for people; already says what to do where it can

    QString toString() const { return code + QStringLiteral(": ") + message; }
};

template <typename T>
class [[nodiscard]] Result {
public:
    Result(T value) : m_v(std::move(value)) {}
    Result(Error error) : m_v(std::move(error)) {}

    bool ok() const { return std::holds_alternative<T>(m_v); }
    explicit operator bool() const { return ok(); }

    T &value() & { return std::get<T>(m_v); }
    const T &value() const & { return std::get<T>(m_v); }
    T &&value() && { return std::get<T>(std::move(m_v)); }
    T *operator->() { return &value(); }
    const T *operator->() const { return &value(); }
    T &operator*() & { return value(); }
    const T &operator*() const & { return value(); }

    const Error &error() const { return std::get<Error>(m_v); }

private:
    std::variant<T, Error> m_v;
};

// Result<void>
template <>
class [[nodiscard]] Result<void> {
public:
    Result() = default;
    Result(Error error) : m_error(std::move(error)) {}

    bool ok() const { return !m_error.has_value(); }
    explicit operator bool() const { return ok(); }
    const Error &error() const { return *m_error; }

private:
    std::optional<Error> m_error;
};

inline Error makeError(const char *code, QString message)
{
    return Error{QString::fromLatin1(code), std::move(message)};
}

} // namespace idleforge
