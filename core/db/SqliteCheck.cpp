#include "db/SqliteCheck.h"

#include <QFile>
#include <QStringList>

namespace idleforge::db {

bool looksLikeSqlite(const QString &path)
{
    QFile f(path);
    if (!f.exists() || f.size() == 0)
        return true;
    if (!f.open(QIODevice::ReadOnly))
        return true; // let sqlite report why it cannot open it
    static const QByteArray kMagic("SQLite format 3\0", 16);
    return f.read(kMagic.size()) == kMagic;
}

Result<void> checkIntegrity(const Database &db, const QString &file, const char *domain, const QString &advice)
{
    const auto damaged = [&](const QString &findings) {
        return Error{QLatin1String(domain) + QStringLiteral(".corrupt"),
                     QStringLiteral("%1 is damaged (%2). It was left as it is. %3").arg(file, findings, advice)};
    };
    // SQLite finds some damage (a truncated file, a broken header) before the check can start.
    const auto isDamage = [](const Error &e) {
        return e.message.contains(QLatin1String("malformed")) || e.message.contains(QLatin1String("not a database"));
    };
    auto st = db.prepare("PRAGMA quick_check(5)");
    if (!st)
        return isDamage(st.error()) ? damaged(st.error().message) : Result<void>(st.error());
    QStringList findings;
    auto done = st->forEachRow([&](const Statement &s) { findings << s.text(0); });
    if (!done)
        return isDamage(done.error()) ? damaged(done.error().message) : Result<void>(done.error());
    if (findings != QStringList{QStringLiteral("ok")})
        return damaged(findings.join(QStringLiteral("; ")));
    return {};
}

} // namespace idleforge::db
