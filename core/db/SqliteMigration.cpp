#include "db/SqliteMigration.h"

namespace idleforge::db {

namespace {
Error schemaError(const SchemaOwner &owner, const char *what, QString message)
{
    const QByteArray code = QByteArray(owner.domain) + '.' + what;
    return makeError(code.constData(), std::move(message));
}
} // namespace

Result<int> migrateSchema(Database &db, const QString &path, std::span<const Migration> list,
                          const SchemaOwner &owner)
{
    auto current = db.queryInt("PRAGMA user_version");
    if (!current)
        return current.error();
    const int version = static_cast<int>(*current);
    const int newest = list.empty() ? 0 : list.back().version;
    const QString what = QString::fromUtf8(owner.what);
    const QString program = QString::fromUtf8(owner.program);
    if (version > newest)
        return schemaError(owner, "too_new",
                           QStringLiteral("the %1 %2 has schema version %3, but this %5 only knows up to version "
                                          "%4: it was written by a newer %5. Update %5; the file was left untouched.")
                               .arg(what, path, QString::number(version), QString::number(newest), program));
    if (version < owner.oldestMigratable)
        return schemaError(owner, "too_old",
                           QStringLiteral("the %1 %2 has schema version %3, older than this %5 can upgrade (oldest: "
                                          "%4). Open it once with an intermediate release, or move it away to start "
                                          "a new %1; the file was left untouched.")
                               .arg(what, path, QString::number(version), QString::number(owner.oldestMigratable),
                                    program));
    if (version == 0) {
        auto tables = db.queryInt("SELECT count(*) FROM sqlite_schema");
        if (!tables)
            return tables.error();
        if (*tables > 0)
            return schemaError(owner, "foreign",
                               QStringLiteral("%2 is a SQLite file with other tables but no %3 schema version; it "
                                              "is not %3's %1. It was left untouched.")
                                   .arg(what, path, program));
    }
    for (const Migration &m : list) {
        if (m.version <= version)
            continue;
        auto tx = Transaction::begin(db);
        if (!tx)
            return tx.error();
        Result<void> r = m.sql ? db.exec(m.sql) : Result<void>();
        if (r && m.apply)
            r = m.apply(db);
        const QByteArray bump = "PRAGMA user_version = " + QByteArray::number(m.version);
        if (r)
            r = db.exec(bump.constData());
        if (r)
            r = tx->commit();
        if (!r)
            return schemaError(owner, "migration",
                               QStringLiteral("upgrading the %1 %2 to schema version %3 failed (%4); the change "
                                              "was rolled back and the file is as it was.")
                                   .arg(what, path, QString::number(m.version), r.error().message));
    }
    return newest;
}

} // namespace idleforge::db
