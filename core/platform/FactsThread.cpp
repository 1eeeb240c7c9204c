// FactsThread: the facts collection on its own thread, the same on every platform (the
// collector behind it is FactsCollector.cpp on Linux, FactsCollectorWin.cpp on Windows).
#include "platform/FactsCollector.h"

#include <QThread>
#include <QTimer>

namespace idleforge::platform {

FactsThread::FactsThread(FactsSources sources, int intervalMs, QObject *parent)
    : QObject(parent), m_thread(new QThread(this)), m_worker(new QObject), m_sources(std::move(sources)), m_intervalMs(intervalMs)
{
    qRegisterMetaType<policy::Facts>();
    m_worker->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
}

FactsThread::~FactsThread()
{
    m_thread->quit();
    m_thread->wait();
}

void FactsThread::setOurPids(const QSet<qint64> &pids)
{
    QMutexLocker lock(&m_mutex);
    m_ours = pids;
}

void FactsThread::setExclusiveApps(const QStringList &apps)
{
    QMutexLocker lock(&m_mutex);
    m_exclusive = apps;
}

void FactsThread::setHasGpu(bool hasGpu)
{
    QMutexLocker lock(&m_mutex);
    m_hasGpu = hasGpu;
}

ProviderCosts FactsThread::costs() const
{
    QMutexLocker lock(&m_mutex);
    return m_costs;
}

void FactsThread::start()
{
    m_thread->start(QThread::LowPriority);
    // Everything below runs in m_thread: the collector (its X display, its NVML handle) is made there.
    QMetaObject::invokeMethod(m_worker, [this] {
        auto collector = std::make_shared<FactsCollector>(m_sources);
        struct Wanted {
            QSet<qint64> ours;
            QStringList exclusive;
            bool hasGpu = false;
        };
        const auto wanted = [this] {
            QMutexLocker lock(&m_mutex);
            return Wanted{m_ours, m_exclusive, m_hasGpu};
        };
        auto *timer = new QTimer(m_worker);
        const auto tick = [this, collector, wanted, timer] {
            const Wanted w = wanted();
            timer->start(m_intervalMs); // the next snapshot a whole interval after this one
            const policy::Facts facts = collector->collect(w.ours, w.exclusive, w.hasGpu);
            collector->costs()[QStringLiteral("thread")] = {threadCpuNs(), 0};
            {
                QMutexLocker lock(&m_mutex);
                m_costs = collector->costs();
            }
            Q_EMIT collected(facts); // queued to our receivers' threads
        };
        connect(timer, &QTimer::timeout, m_worker, tick);
        (void)collector->newGameStarted({}, {}); // learns the pids there are: the snapshot judges those
        tick();
        auto *games = new QTimer(m_worker);
        connect(games, &QTimer::timeout, m_worker, [collector, wanted, tick] {
            const Wanted w = wanted();
            if (collector->newGameStarted(w.ours, w.exclusive))
                tick();
        });
        games->start(kGameCheckMs);
        if (!collector->inputIdleMs())
            return; // no cheap idle source: the snapshots alone
        auto *input = new QTimer(m_worker);
        auto last = std::make_shared<qint64>(*collector->inputIdleMs());
        connect(input, &QTimer::timeout, m_worker, [this, collector, last] {
            const auto idle = collector->inputIdleMs();
            if (idle && *idle < *last)
                Q_EMIT inputSeen(*idle);
            if (idle)
                *last = *idle;
        });
        input->start(kInputCheckMs);
        m_watchesInput = true;
    });
}

} // namespace idleforge::platform
