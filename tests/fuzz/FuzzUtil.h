#pragma once
// Shared by the fuzz_<name> targets: the input as Qt bytes, and a check whose failure is a
// finding (abort, so libFuzzer writes the input out as a crash file).
#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <span>

namespace idleforge::fuzz {

inline QByteArray bytes(const std::uint8_t *data, std::size_t size)
{
    // A deep copy: the fuzzer's buffer is exactly `size` long, so ASan sees any over-read of it.
    return QByteArray(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
}

inline std::span<const std::uint8_t> span(const QByteArray &b)
{
    return {reinterpret_cast<const std::uint8_t *>(b.constData()), static_cast<std::size_t>(b.size())};
}

// The input as a JSON object, as a receiver would see it; false when it is not one.
inline bool jsonObject(const QByteArray &text, QJsonObject *out)
{
    QJsonParseError err{};
    const QJsonDocument doc = QJsonDocument::fromJson(text, &err);
    if (err.error != QJsonParseError::NoError || !doc.isObject())
        return false;
    *out = doc.object();
    return true;
}

[[noreturn]] inline void fail(const char *what, const char *file, int line)
{
    std::fprintf(stderr, "fuzz check failed at %s:%d: %s\n", file, line, what);
    std::abort();
}

} // namespace idleforge::fuzz

// A property every input must keep (round trips, idempotence); its failure is a crash.
#define FUZZ_CHECK(cond)                                                                            \
    do {                                                                                            \
        if (!(cond))                                                                                \
            ::idleforge::fuzz::fail(#cond, __FILE__, __LINE__);                                     \
    } while (false)
