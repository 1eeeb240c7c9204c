#include "db/SqliteSalvage.h"

#include <QFile>

#include <algorithm>

namespace idleforge::db {

namespace {
constexpr const char *kCompanions[] = {"-wal", "-shm"};

// Pads `path` with zero bytes to page size x page count of its header (at most 1 GiB).
void padToHeaderSize(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadWrite))
        return;
    const QByteArray header = f.read(100);
    if (header.size() < 100)
        return;
    const auto byte = [&](int i) { return quint64(quint8(header[i])); };
    quint64 pageSize = byte(16) << 8 | byte(17);
    if (pageSize == 1)
        pageSize = 65536;
    const quint64 pages = byte(28) << 24 | byte(29) << 16 | byte(30) << 8 | byte(31);
    const quint64 want = pageSize * pages;
    if (pageSize >= 512 && want > quint64(f.size()) && want <= (quint64(1) << 30))
        f.resize(qint64(want));
}
} // namespace

Result<QString> moveAside(const QString &path, qint64 nowMs, const char *domain)
{
    const QString kept = path + QStringLiteral(".damaged-%1").arg(nowMs);
    if (QFile::exists(kept) || !QFile::rename(path, kept))
        return Error{QLatin1String(domain) + QStringLiteral(".recover"),
                     QStringLiteral("cannot move the damaged file %1 to %2").arg(path, kept)};
    for (const char *suffix : kCompanions) // or the new file would read the old one's log
        if (QFile::exists(path + QLatin1String(suffix)))
            QFile::rename(path + QLatin1String(suffix), kept + QLatin1String(suffix));
    return kept;
}

SalvageCopy::SalvageCopy(const QString &damaged) : m_path(damaged + QStringLiteral(".reading"))
{
    for (const char *suffix : {"", "-wal", "-shm"})
        QFile::remove(m_path + QLatin1String(suffix));
    if (!QFile::copy(damaged, m_path))
        return;
    if (QFile::exists(damaged + QStringLiteral("-wal")) && !QFile::copy(damaged + QStringLiteral("-wal"), m_path + QStringLiteral("-wal")))
        return;
    padToHeaderSize(m_path);
    if (auto db = Database::open(m_path, Database::Mode::ReadOnly))
        m_db = std::move(*db);
}

SalvageCopy::~SalvageCopy()
{
    m_db = Database();
    for (const char *suffix : {"", "-wal", "-shm"})
        QFile::remove(m_path + QLatin1String(suffix));
}

bool forEachSalvagedRow(const Database &db, const char *sql, qint64 maxRowid, const std::function<void(const Statement &)> &onRow)
{
    qint64 after = 0; // rows with rowid > after are still to read
    qint64 lastRead = 0;
    for (int attempt = 0; attempt < 100'000; ++attempt) {
        auto st = db.prepare(sql);
        if (!st)
            return false;
        st->bind(1, after);
        qint64 seen = after;
        auto done = st->forEachRow([&](const Statement &row) {
            seen = row.int64(0);
            lastRead = seen;
            onRow(row);
        });
        if (done.ok())
            return attempt == 0;
        after = std::max(seen, after + 1); // skip the rowid whose page is damaged
        if ((maxRowid > 0 && after >= maxRowid) || (maxRowid <= 0 && after - lastRead > 100'000))
            return false;
    }
    return false;
}

} // namespace idleforge::db
