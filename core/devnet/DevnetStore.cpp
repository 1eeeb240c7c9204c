#include "devnet/DevnetStore.h"

#include "devnet/DevnetRows.h"
#include "devnet/DevnetSchema.h"

#include <QFileInfo>
#include <QJsonDocument>

namespace idleforge::devnet {

using db::Database;
using db::Statement;
using db::Transaction;
using namespace rows;

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
    if (auto r = execute(m_db,
                         "INSERT INTO providers(node_id, payout, capability_json, backends, memory_bytes, fp32_mflops, registered_ts, "
                         "last_seen_ts) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7) ON CONFLICT(node_id) DO UPDATE SET payout = ?2, "
                         "capability_json = ?3, backends = ?4, memory_bytes = ?5, fp32_mflops = ?6, last_seen_ts = ?7",
                         record.node, record.payout, jsonText(record.signedJson), record.backends.join(QLatin1Char(',')),
                         record.memoryBytes, record.fp32Mflops, nowMs);
        !r)
        return r.error();
    auto row = provider(record.node);
    if (!row)
        return row.error();
    return **row;
}

Result<std::optional<ProviderRow>> DevnetStore::provider(const QString &nodeId) const
{
    return firstRow(m_db, select(kProviderColumns, "FROM providers WHERE node_id = ?1").constData(), readProvider, nodeId);
}

Result<TaskRow> DevnetStore::addTask(const NewTask &t, qint64 nowMs)
{
    if (auto r = execute(m_db,
                         "INSERT INTO tasks(spec_json, spec_hash, name, backend, peak_bytes, total_flops, reward, submitter, "
                         "state, created_ts, updated_ts) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'pooled', ?9, ?9)",
                         jsonText(t.spec), t.specHash, t.name, t.backend, t.peakBytes, t.totalFlops, t.reward, t.submitter, nowMs);
        !r)
        return r.error();
    auto row = task(m_db.lastInsertId());
    if (!row)
        return row.error();
    return **row;
}

Result<std::optional<TaskRow>> DevnetStore::task(qint64 id) const
{
    return firstRow(m_db, select(kTaskColumns, "FROM tasks WHERE id = ?1").constData(), readTask, id);
}

Result<std::optional<LeaseRow>> DevnetStore::lease(qint64 id) const
{
    return firstRow(m_db, select(kLeaseColumns, "FROM leases WHERE id = ?1").constData(), readLease, id);
}

Result<std::optional<DevnetStore::Granted>> DevnetStore::leaseFor(const ProviderRow &provider, qint64 nowMs, qint64 leaseMs,
                                                                  qint64 maxReward)
{
    auto tx = Transaction::begin(m_db);
    if (!tx)
        return tx.error();
    // A lease this node already holds comes back (reconnects), not a second task.
    {
        auto held = firstRow(m_db, select(kLeaseColumns, "FROM leases WHERE node_id = ?1 AND state = 'active' ORDER BY id LIMIT 1")
                                       .constData(),
                             readLease, provider.nodeId);
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
    auto st = m_db.prepare(select(kTaskColumns,
                                   "FROM tasks WHERE state = 'pooled' AND peak_bytes <= ?1 AND "
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

Result<LeaseRow> DevnetStore::heldLease(qint64 leaseId, const QString &nodeId) const
{
    auto l = lease(leaseId);
    if (!l)
        return l.error();
    if (!*l || (*l)->nodeId != nodeId)
        return makeError("devnet.no_lease", QStringLiteral("lease l%1 is not held by this node").arg(leaseId));
    return **l;
}

Result<LeaseRow> DevnetStore::heartbeat(qint64 leaseId, const QString &nodeId, qint64 step,
                                        const std::optional<Checkpoint> &checkpoint, qint64 nowMs, qint64 leaseMs)
{
    auto tx = Transaction::begin(m_db);
    if (!tx)
        return tx.error();
    auto l = heldLease(leaseId, nodeId);
    if (!l)
        return l.error();
    // The state may still say active after its expiry time until the next sweep: expiry is
    // decided by the time, not by when the sweep ran.
    if (l->state != QLatin1String("active") || l->expiresMs <= nowMs)
        return makeError("devnet.lease_gone",
                         QStringLiteral("lease l%1 is %2; its task went back to the pool")
                             .arg(leaseId)
                             .arg(l->state == QLatin1String("active") ? QStringLiteral("expired") : l->state));
    if (auto r = execute(m_db, "UPDATE leases SET expires_ts = ?2, last_heartbeat_ts = ?3, step = max(step, ?4) WHERE id = ?1",
                         leaseId, nowMs + leaseMs, nowMs, step);
        !r)
        return r.error();
    if (checkpoint)
        if (auto r = execute(m_db,
                             "UPDATE tasks SET checkpoint_step = ?2, checkpoint_hash = ?3, updated_ts = ?4, checkpoint_node = ?5 "
                             "WHERE id = ?1 AND (checkpoint_step IS NULL OR checkpoint_step < ?2)",
                             l->taskId, checkpoint->step, checkpoint->hash, nowMs, nodeId);
            !r)
            return r.error();
    if (auto r = execute(m_db, "UPDATE providers SET last_seen_ts = ?2 WHERE node_id = ?1", nodeId, nowMs); !r)
        return r.error();
    if (auto r = tx->commit(); !r)
        return r.error();
    LeaseRow out = *l;
    out.expiresMs = nowMs + leaseMs;
    out.step = std::max(out.step, step);
    return out;
}

Result<void> DevnetStore::release(qint64 leaseId, const QString &nodeId, qint64 nowMs)
{
    return db::inTransaction(m_db, [&]() -> Result<void> {
        auto l = heldLease(leaseId, nodeId);
        if (!l)
            return l.error();
        if (l->state != QLatin1String("active"))
            return makeError("devnet.lease_gone", QStringLiteral("lease l%1 is already %2").arg(leaseId).arg(l->state));
        if (auto r = execute(m_db, "UPDATE leases SET state = 'released', ended_ts = ?2 WHERE id = ?1", leaseId, nowMs); !r)
            return r.error();
        return execute(m_db, "UPDATE tasks SET state = 'pooled', updated_ts = ?2 WHERE id = ?1 AND state = 'leased'",
                       l->taskId, nowMs);
    });
}

Result<QList<LeaseRow>> DevnetStore::expireLeases(qint64 nowMs)
{
    auto tx = Transaction::begin(m_db);
    if (!tx)
        return tx.error();
    QList<LeaseRow> expired;
    {
        auto rows = allRows(m_db, select(kLeaseColumns, "FROM leases WHERE state = 'active' AND expires_ts <= ?1 ORDER BY id").constData(),
                            readLease, nowMs);
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
    return execute(m_db, "INSERT INTO events(ts, kind, node_id, detail) VALUES(?1, ?2, ?3, ?4)", nowMs, kind, orNull(nodeId),
                   detail.left(4000));
}

Result<qint64> DevnetStore::eventCount(const QString &kind) const
{
    return integer(m_db, "SELECT count(*) FROM events WHERE kind = ?1", kind);
}

Result<void> DevnetStore::setTaskState(qint64 taskId, const QString &state, qint64 nowMs)
{
    return execute(m_db, "UPDATE tasks SET state = ?2, updated_ts = ?3 WHERE id = ?1", taskId, state, nowMs);
}

Result<void> DevnetStore::addReputation(const QString &nodeId, qint64 delta)
{
    return execute(m_db, "UPDATE providers SET reputation = reputation + ?2 WHERE node_id = ?1", nodeId, delta);
}

Result<protocol::StatusReplyBody> DevnetStore::summary() const
{
    protocol::StatusReplyBody out;
    for (const char *state : {"pooled", "leased", "committed", "verified", "failed", "cancelled"})
        out.tasks[QLatin1String(state)] = 0;
    auto st = m_db.prepare("SELECT state, count(*) FROM tasks GROUP BY state");
    if (!st)
        return st.error();
    if (auto r = st->forEachRow([&](const Statement &s) { out.tasks[s.text(0)] = s.int64(1); }); !r)
        return r.error();
    auto providers = m_db.queryInt("SELECT count(*) FROM providers");
    auto active = m_db.queryInt("SELECT count(*) FROM leases WHERE state = 'active'");
    auto expired = m_db.queryInt("SELECT count(*) FROM leases WHERE state = 'expired'");
    auto refused = m_db.queryInt("SELECT count(*) FROM events WHERE kind = 'refused'");
    for (const auto *r : {&providers, &active, &expired, &refused})
        if (!*r)
            return r->error();
    out.providers = *providers;
    out.leasesActive = *active;
    out.leasesExpired = *expired;
    out.refusedMessages = *refused;
    auto gst = m_db.prepare("SELECT kind || '_' || state, count(*) FROM games GROUP BY kind, state");
    if (!gst)
        return gst.error();
    if (auto r = gst->forEachRow([&](const Statement &s) { out.games[s.text(0)] = s.int64(1); }); !r)
        return r.error();
    const QByteArray balanceSql = QByteArray("SELECT p.node_id, COALESCE(SUM(r.signed_amount), 0), count(r.id), COALESCE(SUM(") +
                                  ReceiptStore::kStakedAmount + "), 0) FROM providers p LEFT JOIN receipts r ON r.node_id = p.node_id "
                                                  "GROUP BY p.node_id";
    auto bst = m_db.prepare(balanceSql.constData());
    if (!bst)
        return bst.error();
    auto eachBalance = [&](const Statement &s) { out.balances[s.text(0)] = {s.int64(1), s.int64(3), s.int64(2)}; };
    if (auto r = bst->forEachRow(eachBalance); !r)
        return r.error();
    return out;
}

} // namespace idleforge::devnet
