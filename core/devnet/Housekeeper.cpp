#include "devnet/Housekeeper.h"

#include "devnet/DevnetStore.h"
#include "devnet/Log.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace idleforge::devnet {

namespace {
bool isBlobName(const QString &name)
{
    if (name.size() != 64)
        return false;
    for (QChar c : name)
        if (!((c >= QLatin1Char('0') && c <= QLatin1Char('9')) || (c >= QLatin1Char('a') && c <= QLatin1Char('f'))))
            return false;
    return true;
}
} // namespace

void Housekeeper::maybeRun(qint64 nowMs)
{
    if (m_options.intervalMs <= 0 || (m_lastRunMs && nowMs - *m_lastRunMs < m_options.intervalMs))
        return;
    m_lastRunMs = nowMs;
    auto r = run(nowMs);
    if (!r) {
        qCWarning(lcDevnet).noquote() << "housekeeping:" << r.error().toString();
        return;
    }
    if (r->blobsDeleted || r->relayRows || r->events)
        qCInfo(lcDevnet).noquote() << "housekeeping: deleted" << r->blobsDeleted << "blobs (" << r->bytesFreed << "bytes), kept"
                                   << r->blobsKept << "; pruned" << r->relayRows << "relay rows and" << r->events << "events";
}

Result<Housekeeper::Report> Housekeeper::run(qint64 nowMs)
{
    Report report;
    if (auto r = collectBlobs(nowMs, report); !r)
        return r.error();
    auto relay = m_store.pruneRelayLog(nowMs - m_options.relayKeepMs);
    if (!relay)
        return relay.error();
    report.relayRows = *relay;
    auto events = m_store.pruneEvents(m_options.eventsKeep, nowMs - m_options.eventsKeepMs);
    if (!events)
        return events.error();
    report.events = *events;
    return report;
}

Result<void> Housekeeper::collectBlobs(qint64 nowMs, Report &report)
{
    if (m_blobDir.isEmpty())
        return {};
    auto referenced = m_store.referencedBlobs();
    if (!referenced)
        return referenced.error();
    const QDir dir(m_blobDir);
    // Names only (no temporary files of uploads in progress: those are not 64 hex).
    const QFileInfoList files = dir.entryInfoList(QDir::Files | QDir::NoDotAndDotDot);
    for (const QFileInfo &f : files) {
        if (!isBlobName(f.fileName()))
            continue;
        const qint64 age = nowMs - f.lastModified().toMSecsSinceEpoch();
        if (referenced->contains(f.fileName()) || age < m_options.blobGraceMs) {
            ++report.blobsKept;
            continue;
        }
        const qint64 size = f.size();
        if (!QFile::remove(f.absoluteFilePath()))
            return makeError("devnet.housekeeping", QStringLiteral("cannot delete blob %1").arg(f.absoluteFilePath()));
        ++report.blobsDeleted;
        report.bytesFreed += size;
    }
    return {};
}

} // namespace idleforge::devnet
