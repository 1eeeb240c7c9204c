#include "devnet/DevnetStore.h"

#include "devnet/DevnetSchema.h"

#include <QFileInfo>
#include <QJsonDocument>

namespace idleforge::devnet {

using db::Database;
using db::Statement;
using db::Transaction;

namespace {
QString jsonText(const QJsonObject &o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}
QJsonObject jsonObject(const QString &text)
{
    return QJsonDocument::fromJson(text.toUtf8()).object();
}

constexpr const char *kTaskColumns =
    "id, spec_json, spec_hash, name, backend, peak_bytes, total_flops, reward, submitter, state, attempts, "
    "checkpoint_step, checkpoint_hash, created_ts, updated_ts, checkpoint_node";

TaskRow readTask(const Statement &s)
{
    TaskRow t;
    t.id = s.int64(0);
    t.spec = jsonObject(s.text(1));
    t.specHash = s.text(2);
    t.name = s.text(3);
    t.backend = s.text(4);
    t.peakBytes = s.int64(5);
    t.totalFlops = s.real(6);
    t.reward = s.int64(7);
    t.submitter = s.text(8);
    t.state = s.text(9);
    t.attempts = s.int64(10);
    if (!s.isNull(11))
        t.checkpointStep = s.int64(11);
    t.checkpointHash = s.text(12);
    t.createdMs = s.int64(13);
    t.updatedMs = s.int64(14);
    t.checkpointNode = s.isNull(15) ? QString() : s.text(15);
    return t;
}

constexpr const char *kLeaseColumns =
    "id, task_id, node_id, state, granted_ts, expires_ts, step, resume_step, resume_hash, resume_node";

LeaseRow readLease(const Statement &s)
{
    LeaseRow l{s.int64(0), s.int64(1), s.text(2), s.text(3), s.int64(4), s.int64(5), s.int64(6), {}, {}, {}};
    if (!s.isNull(7))
        l.resumeStep = s.int64(7);
    l.resumeHash = s.isNull(8) ? QString() : s.text(8);
    l.resumeNode = s.isNull(9) ? QString() : s.text(9);
    return l;
}

ProviderRow readProvider(const Statement &s)
{
    ProviderRow p;
    p.nodeId = s.text(0);
    p.payout = s.text(1);
    p.capability = jsonObject(s.text(2));
    p.backends = s.text(3).split(QLatin1Char(','), Qt::SkipEmptyParts);
    p.memoryBytes = s.int64(4);
    p.fp32Mflops = s.int64(5);
    p.reputation = s.int64(6);
    p.registeredMs = s.int64(7);
    p.lastSeenMs = s.int64(8);
    return p;
}

QByteArray sqlWith(const char *head, const char *columns, const char *tail)
{
    return QByteArray(head) + columns + tail;
}
} // namespace

std::optional<qint64> parseWireId(const QString &text, QChar prefix)
{
    if (text.size() < 2 || text.size() > 20 || text.at(0) != prefix)
        return std::nullopt;
    bool ok = false;
    const qint64 n = QStringView(text).mid(1).toLongLong(&ok);
    if (!ok || n <= 0 || QStringLiteral("%1%2").arg(prefix).arg(n) != text)
        return std::nullopt;
    return n;
}

Result<std::unique_ptr<DevnetStore>> DevnetStore::open(const QString &path)
{
    auto db = Database::open(path);
    if (!db)
        return db.error();
    if (auto v = migrateDevnet(*db, path); !v)
        return v.error();
    if (auto r = db->exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"); !r)
        return r.error();
    return std::unique_ptr<DevnetStore>(new DevnetStore(std::move(*db), QFileInfo(path).absoluteFilePath()));
}

Result<ProviderRow> DevnetStore::upsertProvider(const protocol::CapabilityRecord &record, qint64 nowMs)
{
    auto st = m_db.prepare(
        "INSERT INTO providers(node_id, payout, capability_json, backends, memory_bytes, fp32_mflops, registered_ts, "
        "last_seen_ts) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7) ON CONFLICT(node_id) DO UPDATE SET payout = ?2, "
        "capability_json = ?3, backends = ?4, memory_bytes = ?5, fp32_mflops = ?6, last_seen_ts = ?7");
    if (!st)
        return st.error();
    st->bind(1, record.node).bind(2, record.payout).bind(3, jsonText(record.signedJson));
    st->bind(4, record.backends.join(QLatin1Char(','))).bind(5, record.memoryBytes).bind(6, record.fp32Mflops);
    st->bind(7, nowMs);
    if (auto r = st->run(); !r)
        return r.error();
    auto row = provider(record.node);
    if (!row)
        return row.error();
    return **row;
}

Result<std::optional<ProviderRow>> DevnetStore::provider(const QString &nodeId) const
{
    auto st = m_db.prepare("SELECT node_id, payout, capability_json, backends, memory_bytes, fp32_mflops, reputation, "
                           "registered_ts, last_seen_ts FROM providers WHERE node_id = ?1");
    if (!st)
        return st.error();
    st->bind(1, nodeId);
    return st->readFirstRow(readProvider);
}

Result<TaskRow> DevnetStore::addTask(const NewTask &t, qint64 nowMs)
{
    auto st = m_db.prepare("INSERT INTO tasks(spec_json, spec_hash, name, backend, peak_bytes, total_flops, reward, "
                           "submitter, state, created_ts, updated_ts) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'pooled', ?9, ?9)");
    if (!st)
        return st.error();
    st->bind(1, jsonText(t.spec)).bind(2, t.specHash).bind(3, t.name).bind(4, t.backend).bind(5, t.peakBytes);
    st->bind(6, t.totalFlops).bind(7, t.reward).bind(8, t.submitter).bind(9, nowMs);
    if (auto r = st->run(); !r)
        return r.error();
    auto row = task(m_db.lastInsertId());
    if (!row)
        return row.error();
    return **row;
}

Result<std::optional<TaskRow>> DevnetStore::taskWhere(const char *where, qint64 arg) const
{
    const QByteArray sql = sqlWith("SELECT ", kTaskColumns, " FROM tasks ") + where;
    auto st = m_db.prepare(sql.constData());
    if (!st)
        return st.error();
    st->bind(1, arg);
    return st->readFirstRow(readTask);
}

Result<std::optional<TaskRow>> DevnetStore::task(qint64 id) const
{
    return taskWhere("WHERE id = ?1", id);
}

Result<std::optional<LeaseRow>> DevnetStore::lease(qint64 id) const
{
    auto st = m_db.prepare(sqlWith("SELECT ", kLeaseColumns, " FROM leases WHERE id = ?1").constData());
    if (!st)
        return st.error();
    st->bind(1, id);
    return st->readFirstRow(readLease);
}

Result<std::optional<DevnetStore::Granted>> DevnetStore::leaseFor(const ProviderRow &provider, qint64 nowMs, qint64 leaseMs,
                                                                  qint64 maxReward)
{
    auto tx = Transaction::begin(m_db);
    if (!tx)
        return tx.error();
    // A lease this node already holds comes back (reconnects), not a second task.
    {
        auto st = m_db.prepare(sqlWith("SELECT ", kLeaseColumns, " FROM leases WHERE node_id = ?1 AND state = 'active' "
                                                                 "ORDER BY id LIMIT 1").constData());
        if (!st)
            return st.error();
        st->bind(1, provider.nodeId);
        auto held = st->readFirstRow(readLease);
        if (!held)
            return held.error();
        if (*held) {
            auto t = task((*held)->taskId);
            if (!t)
                return t.error();
            return std::optional<Granted>(Granted{**t, **held, true});
        }
    }
    const bool repro = provider.backends.contains(QLatin1String("repro"));
    const bool fast = provider.backends.contains(QLatin1String("fast"));
    auto st = m_db.prepare(sqlWith("SELECT ", kTaskColumns,
                                   " FROM tasks WHERE state = 'pooled' AND peak_bytes <= ?1 AND "
                                   "((backend = 'repro' AND ?2) OR (backend = 'fast' AND ?3)) AND reward <= ?4 "
                                   "ORDER BY reward DESC, id LIMIT 1")
                               .constData());
    if (!st)
        return st.error();
    st->bind(1, provider.memoryBytes).bind(2, qint64(repro)).bind(3, qint64(fast)).bind(4, maxReward);
    auto pooled = st->readFirstRow(readTask);
    if (!pooled)
        return pooled.error();
    if (!*pooled)
        return std::optional<Granted>();
    TaskRow t = std::move(**pooled);
    st->reset();

    auto ins = m_db.prepare("INSERT INTO leases(task_id, node_id, state, granted_ts, expires_ts, step, resume_step, "
                            "resume_hash, resume_node) VALUES(?1, ?2, 'active', ?3, ?4, ?5, ?6, ?7, ?8)");
    if (!ins)
        return ins.error();
    ins->bind(1, t.id).bind(2, provider.nodeId).bind(3, nowMs).bind(4, nowMs + leaseMs).bind(5, t.checkpointStep.value_or(0));
    if (t.checkpointStep)
        ins->bind(6, *t.checkpointStep).bind(7, t.checkpointHash).bind(8, t.checkpointNode);
    else
        ins->bindNull(6).bindNull(7).bindNull(8);
    if (auto r = ins->run(); !r)
        return r.error();
    const qint64 leaseId = m_db.lastInsertId();
    auto up = m_db.prepare("UPDATE tasks SET state = 'leased', attempts = attempts + 1, updated_ts = ?2 WHERE id = ?1");
    if (!up)
        return up.error();
    up->bind(1, t.id).bind(2, nowMs);
    if (auto r = up->run(); !r)
        return r.error();
    if (auto r = tx->commit(); !r)
        return r.error();
    t.state = QStringLiteral("leased");
    t.attempts += 1;
    LeaseRow l{leaseId, t.id, provider.nodeId, QStringLiteral("active"), nowMs, nowMs + leaseMs, t.checkpointStep.value_or(0),
               t.checkpointStep, t.checkpointHash, t.checkpointNode};
    return std::optional<Granted>(Granted{std::move(t), std::move(l), false});
}

Result<LeaseRow> DevnetStore::heartbeat(qint64 leaseId, const QString &nodeId, qint64 step,
                                        const std::optional<Checkpoint> &checkpoint, qint64 nowMs, qint64 leaseMs)
{
    auto tx = Transaction::begin(m_db);
    if (!tx)
        return tx.error();
    auto l = lease(leaseId);
    if (!l)
        return l.error();
    if (!*l || (*l)->nodeId != nodeId)
        return makeError("devnet.no_lease", QStringLiteral("lease l%1 is not held by this node").arg(leaseId));
    // The state may still say active after its expiry time until the next sweep: expiry is
    // decided by the time, not by when the sweep ran.
    if ((*l)->state != QLatin1String("active") || (*l)->expiresMs <= nowMs)
        return makeError("devnet.lease_gone",
                         QStringLiteral("lease l%1 is %2; its task went back to the pool")
                             .arg(leaseId)
                             .arg((*l)->state == QLatin1String("active") ? QStringLiteral("expired") : (*l)->state));
    auto up = m_db.prepare("UPDATE leases SET expires_ts = ?2, last_heartbeat_ts = ?3, step = max(step, ?4) WHERE id = ?1");
    if (!up)
        return up.error();
    up->bind(1, leaseId).bind(2, nowMs + leaseMs).bind(3, nowMs).bind(4, step);
    if (auto r = up->run(); !r)
        return r.error();
    if (checkpoint) {
        auto cp = m_db.prepare("UPDATE tasks SET checkpoint_step = ?2, checkpoint_hash = ?3, updated_ts = ?4, checkpoint_node = ?5 "
                               "WHERE id = ?1 AND (checkpoint_step IS NULL OR checkpoint_step < ?2)");
        if (!cp)
            return cp.error();
        cp->bind(1, (*l)->taskId).bind(2, checkpoint->step).bind(3, checkpoint->hash).bind(4, nowMs).bind(5, nodeId);
        if (auto r = cp->run(); !r)
            return r.error();
    }
    auto touch = m_db.prepare("UPDATE providers SET last_seen_ts = ?2 WHERE node_id = ?1");
    if (!touch)
        return touch.error();
    touch->bind(1, nodeId).bind(2, nowMs);
    if (auto r = touch->run(); !r)
        return r.error();
    if (auto r = tx->commit(); !r)
        return r.error();
    LeaseRow out = **l;
    out.expiresMs = nowMs + leaseMs;
    out.step = std::max(out.step, step);
    return out;
}

Result<void> DevnetStore::release(qint64 leaseId, const QString &nodeId, qint64 nowMs)
{
    auto tx = Transaction::begin(m_db);
    if (!tx)
        return tx.error();
    auto l = lease(leaseId);
    if (!l)
        return l.error();
    if (!*l || (*l)->nodeId != nodeId)
        return makeError("devnet.no_lease", QStringLiteral("lease l%1 is not held by this node").arg(leaseId));
    if ((*l)->state != QLatin1String("active"))
        return makeError("devnet.lease_gone", QStringLiteral("lease l%1 is already %2").arg(leaseId).arg((*l)->state));
    auto up = m_db.prepare("UPDATE leases SET state = 'released', ended_ts = ?2 WHERE id = ?1");
    if (!up)
        return up.error();
    up->bind(1, leaseId).bind(2, nowMs);
    if (auto r = up->run(); !r)
        return r.error();
    auto back = m_db.prepare("UPDATE tasks SET state = 'pooled', updated_ts = ?2 WHERE id = ?1 AND state = 'leased'");
    if (!back)
        return back.error();
    back->bind(1, (*l)->taskId).bind(2, nowMs);
    if (auto r = back->run(); !r)
        return r.error();
    return tx->commit();
}

Result<QList<LeaseRow>> DevnetStore::expireLeases(qint64 nowMs)
{
    auto tx = Transaction::begin(m_db);
    if (!tx)
        return tx.error();
    QList<LeaseRow> expired;
    {
        auto st = m_db.prepare(
            sqlWith("SELECT ", kLeaseColumns, " FROM leases WHERE state = 'active' AND expires_ts <= ?1 ORDER BY id").constData());
        if (!st)
            return st.error();
        st->bind(1, nowMs);
        auto rows = st->readRows(readLease);
        if (!rows)
            return rows.error();
        expired = std::move(*rows);
    }
    auto endLease = m_db.prepare("UPDATE leases SET state = 'expired', ended_ts = ?2 WHERE id = ?1");
    auto backToPool = m_db.prepare("UPDATE tasks SET state = 'pooled', updated_ts = ?2 WHERE id = ?1 AND state = 'leased'");
    auto demote = m_db.prepare("UPDATE providers SET reputation = reputation - 1 WHERE node_id = ?1");
    if (!endLease || !backToPool || !demote)
        return (!endLease ? endLease.error() : !backToPool ? backToPool.error() : demote.error());
    for (const LeaseRow &l : expired) {
        endLease->reset();
        backToPool->reset();
        demote->reset();
        endLease->bind(1, l.id).bind(2, nowMs);
        backToPool->bind(1, l.taskId).bind(2, nowMs);
        demote->bind(1, l.nodeId);
        for (Statement *st : {&*endLease, &*backToPool, &*demote})
            if (auto r = st->run(); !r)
                return r.error();
    }
    if (auto r = tx->commit(); !r)
        return r.error();
    return expired;
}

Result<void> DevnetStore::logEvent(const QString &kind, const QString &nodeId, const QString &detail, qint64 nowMs)
{
    auto st = m_db.prepare("INSERT INTO events(ts, kind, node_id, detail) VALUES(?1, ?2, ?3, ?4)");
    if (!st)
        return st.error();
    st->bind(1, nowMs).bind(2, kind);
    if (nodeId.isEmpty())
        st->bindNull(3);
    else
        st->bind(3, nodeId);
    st->bind(4, detail.left(4000));
    return st->run();
}

Result<qint64> DevnetStore::eventCount(const QString &kind) const
{
    auto st = m_db.prepare("SELECT count(*) FROM events WHERE kind = ?1");
    if (!st)
        return st.error();
    st->bind(1, kind);
    auto has = st->step();
    if (!has)
        return has.error();
    return st->int64(0);
}

Result<QJsonObject> DevnetStore::summary() const
{
    QJsonObject tasks;
    for (const char *state : {"pooled", "leased", "committed", "verified", "failed", "cancelled"})
        tasks.insert(QLatin1String(state), 0);
    auto st = m_db.prepare("SELECT state, count(*) FROM tasks GROUP BY state");
    if (!st)
        return st.error();
    if (auto r = st->forEachRow([&](const Statement &s) { tasks.insert(s.text(0), s.int64(1)); }); !r)
        return r.error();
    auto providers = m_db.queryInt("SELECT count(*) FROM providers");
    auto active = m_db.queryInt("SELECT count(*) FROM leases WHERE state = 'active'");
    auto expired = m_db.queryInt("SELECT count(*) FROM leases WHERE state = 'expired'");
    auto refused = m_db.queryInt("SELECT count(*) FROM events WHERE kind = 'refused'");
    for (const auto *r : {&providers, &active, &expired, &refused})
        if (!*r)
            return r->error();
    QJsonObject games;
    auto gst = m_db.prepare("SELECT kind || '_' || state, count(*) FROM games GROUP BY kind, state");
    if (!gst)
        return gst.error();
    if (auto r = gst->forEachRow([&](const Statement &s) { games.insert(s.text(0), s.int64(1)); }); !r)
        return r.error();
    QJsonObject balances;
    const QByteArray balanceSql = QByteArray("SELECT p.node_id, COALESCE(SUM(r.signed_amount), 0), count(r.id), COALESCE(SUM(") +
                                  kStakedAmount + "), 0) FROM providers p LEFT JOIN receipts r ON r.node_id = p.node_id "
                                                  "GROUP BY p.node_id";
    auto bst = m_db.prepare(balanceSql.constData());
    if (!bst)
        return bst.error();
    auto eachBalance = [&](const Statement &s) {
        balances.insert(s.text(0), QJsonObject{{QStringLiteral("balance"), s.int64(1)},
                                               {QStringLiteral("stake"), s.int64(3)},
                                               {QStringLiteral("receipts"), s.int64(2)}});
    };
    if (auto r = bst->forEachRow(eachBalance); !r)
        return r.error();
    return QJsonObject{{QStringLiteral("games"), games},
                       {QStringLiteral("balances"), balances},
                       {QStringLiteral("providers"), *providers},
                       {QStringLiteral("tasks"), tasks},
                       {QStringLiteral("leases_active"), *active},
                       {QStringLiteral("leases_expired"), *expired},
                       {QStringLiteral("refused_messages"), *refused}};
}

} // namespace idleforge::devnet
