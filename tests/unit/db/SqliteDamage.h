#pragma once
// Damage to an SQLite file, as the ledger's and the outbox's damage tests apply it (4 KiB pages):
// "half" (truncated to half), "page" (the last page cut off) and "flip:2|mid|last" (the b-tree
// type byte of page 2, of the middle page or of the last page flipped).
#include <QByteArray>
#include <QString>
#include <QTest>

namespace idleforge::sqlitetest {

inline constexpr qsizetype kPageSize = 4096;

// The rows of a data-driven test, one per kind of damage, in column "damage".
inline void addDamageRows()
{
    QTest::addColumn<QString>("damage");
    QTest::newRow("truncated to half") << QStringLiteral("half");
    QTest::newRow("truncated by one page") << QStringLiteral("page");
    QTest::newRow("page type of page 2 flipped") << QStringLiteral("flip:2");
    QTest::newRow("page type of a middle page flipped") << QStringLiteral("flip:mid");
    QTest::newRow("page type of the last page flipped") << QStringLiteral("flip:last");
}

inline QByteArray damaged(const QByteArray &good, const QString &damage)
{
    QByteArray bad = good;
    const qsizetype pages = good.size() / kPageSize;
    if (damage == QLatin1String("half"))
        bad.truncate(good.size() / 2);
    else if (damage == QLatin1String("page"))
        bad.truncate(good.size() - kPageSize);
    else {
        const QString which = damage.mid(5);
        const qsizetype page = which == QLatin1String("mid") ? pages / 2 : which == QLatin1String("last") ? pages : 2;
        bad[(page - 1) * kPageSize] = char(bad[(page - 1) * kPageSize] ^ 0x20); // the b-tree page's type byte
    }
    return bad;
}

} // namespace idleforge::sqlitetest
