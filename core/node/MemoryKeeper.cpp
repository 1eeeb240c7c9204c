#include "node/MemoryKeeper.h"

#include "node/OffThread.h"
#include "platform/ProcFs.h"
#include "policy/PolicyEngine.h"
#include "task/WorkerJob.h"

#include <QLocale>
#include <QTimer>

#include <algorithm>
#include <limits>

namespace idleforge::node {

MemoryKeeper::MemoryKeeper(JobFolders folders, Options options, std::function<void(const QString &)> say, QObject *parent)
    : QObject(parent), m_folders(std::move(folders)), m_options(std::move(options)), m_say(std::move(say))
{
    if (m_options.lowWaterBytes <= 0)
        m_options.lowWaterBytes = defaultLowWater(task::physicalMemoryBytes());
    m_timer = new QTimer(this);
    m_timer->setInterval(std::max(10, m_options.pollMs));
    connect(m_timer, &QTimer::timeout, this, &MemoryKeeper::poll);
}

void MemoryKeeper::start()
{
    if (!m_folders.ramDir().isEmpty())
        m_timer->start();
}

void MemoryKeeper::stop()
{
    m_timer->stop();
    m_folders.removeMemory();
}

qint64 MemoryKeeper::defaultLowWater(qint64 physicalBytes)
{
    return std::max(qint64(512) << 20, physicalBytes / 16);
}

QString MemoryKeeper::memoryWantedBy(const policy::Decision &d)
{
    for (const policy::Reason &r : d.reasons)
        if (r.rule == QLatin1String("game") || r.rule == QLatin1String("exclusive_app"))
            return r.text;
    return {};
}

qint64 MemoryKeeper::headroomBytes() const
{
    const auto available = platform::memoryAvailableBytes(m_options.procRoot);
    if (!available)
        return std::numeric_limits<qint64>::max();
    return std::max<qint64>(0, *available - 2 * m_options.lowWaterBytes);
}

void MemoryKeeper::poll()
{
    const auto available = platform::memoryAvailableBytes(m_options.procRoot);
    if (available && *available < m_options.lowWaterBytes)
        release(QStringLiteral("the machine has %1 of memory available, under %2")
                    .arg(QLocale().formattedDataSize(*available), QLocale().formattedDataSize(m_options.lowWaterBytes)));
}

void MemoryKeeper::release(const QString &why)
{
    if (m_folders.ramDir().isEmpty() || m_releasing)
        return;
    m_releasing = true;
    offThread<qint64>(this, [folders = m_folders] { return folders.releaseMemory(); }, [this, why](qint64 freed) {
        m_releasing = false;
        if (freed > 0 && m_say)
            m_say(QStringLiteral("gave back %1 of memory (the extra checkpoints; audits of those runs are served from "
                                       "the job folders): %2")
                            .arg(QLocale().formattedDataSize(freed), why));
    });
}

} // namespace idleforge::node
