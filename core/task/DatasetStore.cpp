#include "task/DatasetStore.h"

#include "base/BoundedRead.h"
#include "base/Paths.h"
#include "task/Log.h"
#include "compute/graph/DataLoader.h"

#include <QDir>
#include <QFile>
#include <QSaveFile>

namespace idleforge::task {

namespace {
crypto::Hash256 hashOf(const QByteArray &bytes)
{
    return crypto::blake2b256(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t *>(bytes.constData()), size_t(bytes.size())));
}

// The whole of `f` up to maxBytes read (its reported size is 0 for FIFOs and /dev/zero).
Result<QByteArray> boundedRead(QFile &f, const QString &name, qint64 maxBytes)
{
    auto bytes = readAtMost(f, maxBytes);
    if (bytes)
        return bytes;
    if (bytes.error().code == QLatin1String("io.too_large"))
        return makeError("task.data_too_large", QStringLiteral("%1 is larger than %2 bytes").arg(name).arg(maxBytes));
    return makeError("task.data_unreadable", QStringLiteral("cannot read %1: %2").arg(name, bytes.error().message));
}
} // namespace

// The folder is created by the first put, not here: reading a store must not create one.
DatasetStore::DatasetStore(QString dir) : m_dir(dir.isEmpty() ? paths::storeDir() : std::move(dir)) {}

QString DatasetStore::pathOf(const crypto::Hash256 &hash) const { return m_dir + QLatin1Char('/') + hashHex(hash); }

bool DatasetStore::contains(const crypto::Hash256 &hash) const { return QFile::exists(pathOf(hash)); }

Result<DatasetStore::Entry> DatasetStore::putFile(const QString &path, qint64 maxBytes)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return makeError("task.data_unreadable", QStringLiteral("cannot read %1: %2").arg(path, f.errorString()));
    if (f.size() > maxBytes)
        return makeError("task.data_too_large", QStringLiteral("%1 is larger than %2 bytes").arg(path).arg(maxBytes));
    auto bytes = boundedRead(f, path, maxBytes);
    if (!bytes)
        return bytes.error();
    return putBytes(*bytes);
}

Result<DatasetStore::Entry> DatasetStore::putBytes(const QByteArray &bytes)
{
    const Entry e{hashOf(bytes), bytes.size()};
    if (contains(e.hash))
        return e;
    if (!QDir().mkpath(m_dir))
        return makeError("task.store_write_failed", QStringLiteral("cannot create the dataset store %1").arg(m_dir));
    QSaveFile out(pathOf(e.hash));
    if (!out.open(QIODevice::WriteOnly) || out.write(bytes) != bytes.size() || !out.commit())
        return makeError("task.store_write_failed", QStringLiteral("cannot write %1: %2").arg(pathOf(e.hash), out.errorString()));
    qCInfo(lcTask) << "stored dataset" << hashHex(e.hash) << "of" << e.size << "bytes";
    return e;
}

Result<QByteArray> DatasetStore::load(const crypto::Hash256 &hash, qint64 maxBytes) const
{
    QFile f(pathOf(hash));
    if (auto opened = openRegularFile(f); !opened) {
        if (opened.error().code == QLatin1String("io.not_regular"))
            return makeError("task.data_unreadable", QStringLiteral("dataset %1 in %2 is not a regular file").arg(hashHex(hash), m_dir));
        return makeError("task.data_missing", QStringLiteral("dataset %1 is not in the store %2").arg(hashHex(hash), m_dir));
    }
    if (f.size() > maxBytes)
        return makeError("task.data_too_large", QStringLiteral("dataset %1 is larger than %2 bytes").arg(hashHex(hash)).arg(maxBytes));
    auto read = boundedRead(f, f.fileName(), maxBytes);
    if (!read)
        return read.error();
    QByteArray bytes = std::move(read).value();
    if (hashOf(bytes) != hash)
        return makeError("task.data_corrupt", QStringLiteral("dataset file %1 does not match its hash").arg(f.fileName()));
    return bytes;
}

Result<QByteArray> DatasetStore::resolve(const DatasetRef &ref) const
{
    if (ref.kind == DatasetRef::Kind::Synthetic) {
        const auto bytes = graph::syntheticText(std::uint64_t(ref.size));
        return QByteArray(reinterpret_cast<const char *>(bytes.data()), qsizetype(bytes.size()));
    }
    auto bytes = load(ref.hash, ref.size);
    if (!bytes)
        return bytes.error();
    if (bytes->size() != ref.size)
        return makeError("task.data_size", QStringLiteral("dataset %1 has %2 bytes, the spec says %3").arg(hashHex(ref.hash)).arg(bytes->size()).arg(ref.size));
    return bytes;
}

} // namespace idleforge::task
