#pragma once
// Small helpers shared by the crypto tests: hex <-> bytes and reading JSON vector files.
#include <QByteArray>
#include <QFile>
#include <QJsonDocument>
#include <QString>

#include <cstdint>
#include <span>

namespace idleforge::testutil {

inline QByteArray hex(const char *h) { return QByteArray::fromHex(QByteArray(h)); }
inline QByteArray hex(const QString &h) { return QByteArray::fromHex(h.toLatin1()); }

inline std::span<const std::uint8_t> bytes(const QByteArray &b)
{
    return {reinterpret_cast<const std::uint8_t *>(b.constData()), static_cast<std::size_t>(b.size())};
}

template <typename Container>
QByteArray toQBA(const Container &c)
{
    return QByteArray(reinterpret_cast<const char *>(c.data()), static_cast<qsizetype>(c.size()));
}

inline QJsonDocument loadVectors(const char *name)
{
    QFile f(QStringLiteral(IDLEFORGE_TEST_DATA_DIR "/") + QLatin1String(name));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot open test vectors %s", name);
    return QJsonDocument::fromJson(f.readAll());
}

} // namespace idleforge::testutil
