#include "node/NodeService.h"

#include "base/Clock.h"
#include "ledger/Ledger.h"
#include "node/BenchmarkRunner.h"
#include "node/CapabilityRecord.h"
#include "node/Log.h"
#include "node/StoredBenchmark.h"
#include "platform/Nvml.h"

#include <QJsonArray>

namespace idleforge::node {

NodeService::NodeService(Options options, QObject *parent)
    : QObject(parent), m_options(std::move(options)), m_bench(new BenchmarkRunner(this)),
      m_probe(new BenchmarkRunner(this))
{
    connect(m_probe, &BenchmarkRunner::finished, this, &NodeService::onProbed);
    connect(m_probe, &BenchmarkRunner::failed, this, [this](const QString &code, const QString &message) {
        if (m_shuttingDown)
            return;
        qCWarning(lcNode).noquote() << "device probe failed:" << message << '(' << code << "); benchmarking instead";
        m_benchAfterProbe = true;
    });
    // The benchmark starts once the probe's worker is gone, so the two never share the CPU.
    connect(m_probe, &BenchmarkRunner::stopped, this, [this] {
        if (m_shuttingDown) {
            if (!m_bench->isRunning())
                Q_EMIT stopped();
        } else if (m_benchAfterProbe) {
            m_benchAfterProbe = false;
            rerunBenchmark();
        }
    });
    connect(m_bench, &BenchmarkRunner::progress, this, [this](double f, const QString &msg) {
        m_progress = f;
        m_progressMessage = msg;
        Q_EMIT benchmarkProgressChanged();
    });
    connect(m_bench, &BenchmarkRunner::finished, this, [this](const QJsonObject &result) {
        m_measuring = false; // reported; the worker may still be exiting
        acceptBenchmark(result);
        m_progress = 1.0;
        Q_EMIT benchmarkProgressChanged();
        qCInfo(lcNode).noquote() << QStringLiteral("benchmark: %1: %2 GFLOP/s fp32 (%3% of peak) in %4 s")
                                        .arg(primaryDeviceName())
                                        .arg(primaryGflops(), 0, 'f', 1)
                                        .arg(primaryEfficiency() * 100, 0, 'f', 0)
                                        .arg(result.value(QStringLiteral("duration_s")).toDouble(), 0, 'f', 1);
        Q_EMIT benchmarkFinished(m_lastBenchmark);
        setStatus(Status::Ready);
    });
    connect(m_bench, &BenchmarkRunner::failed, this, [this](const QString &code, const QString &message) {
        m_measuring = false;
        if (m_shuttingDown)
            return;
        m_lastError = message;
        qCWarning(lcNode).noquote() << "benchmark failed:" << message << '(' << code << ')';
        Q_EMIT errorOccurred(message);
        setStatus(Status::Error);
    });
    connect(m_bench, &BenchmarkRunner::stopped, this, [this] {
        if (m_shuttingDown) {
            if (!m_probe->isRunning())
                Q_EMIT stopped();
        } else if (m_rerunQueued) {
            m_rerunQueued = false; // asked for while the last worker was still exiting
            rerunBenchmark();
        }
    });
}

NodeService::~NodeService() = default;

void NodeService::start()
{
    if (!m_options.benchmarkOnStart)
        setStatus(Status::Ready);
    else if (m_ledger)
        probeThenDecide();
    else
        rerunBenchmark();
}

void NodeService::probeThenDecide()
{
    if (m_probe->isRunning() || m_bench->isRunning() || m_shuttingDown)
        return;
    m_progressMessage = tr("Looking at your hardware…");
    Q_EMIT benchmarkProgressChanged();
    m_probe->startJob(QStringLiteral("devices"));
}

void NodeService::onProbed(const QJsonObject &devices)
{
    if (m_shuttingDown)
        return;
    m_profile = HardwareProfile::fromWorker(devices, nvmlSnapshot());
    auto latest = m_ledger->latestBenchmarks();
    if (!latest) {
        qCWarning(lcNode).noquote() << "cannot read stored benchmarks:" << latest.error().message;
        m_benchAfterProbe = true;
        return;
    }
    const StoredBenchmarkDecision decision = decideStoredBenchmark(*latest, m_profile, Clock::instance());
    if (!decision.reuse) {
        qCInfo(lcNode).noquote() << "benchmarking:" << decision.reason;
        m_benchAfterProbe = true;
        return;
    }
    qCInfo(lcNode).noquote() << decision.reason;
    m_lastBenchmark = decision.bench;
    m_progress = 1.0;
    m_progressMessage.clear();
    Q_EMIT benchmarkProgressChanged();
    Q_EMIT benchmarkFinished(m_lastBenchmark);
    setStatus(Status::Ready);
}

void NodeService::acceptBenchmark(const QJsonObject &result)
{
    const qint64 now = Clock::instance().msecsSinceEpoch();
    m_lastBenchmark = result;
    m_lastBenchmark.insert(QStringLiteral("measured_at_ms"), static_cast<double>(now));
    m_profile = HardwareProfile::fromWorker(result, nvmlSnapshot());
    m_lastBenchmark.insert(QStringLiteral("devices"), m_profile.devices()); // with NVML facts where present
    if (!m_ledger)
        return;
    m_ledger->recordBenchmarksAsync(benchmarkRecords(m_lastBenchmark, m_profile, now), [](Result<void> r) {
        if (!r)
            qCWarning(lcNode).noquote() << "benchmark not stored in the ledger:" << r.error().message;
    });
}

platform::NvmlSnapshot NodeService::nvmlSnapshot()
{
    if (!m_nvml)
        m_nvml = std::make_unique<platform::Nvml>();
    return m_nvml->snapshot();
}

QJsonObject NodeService::capabilityRecord() const
{
    if (m_profile.isEmpty())
        return {};
    return node::capabilityRecord(m_profile, m_lastBenchmark);
}

void NodeService::rerunBenchmark()
{
    if (m_shuttingDown)
        return;
    if (m_probe->isRunning()) {
        m_benchAfterProbe = true; // the probe's worker goes first; its stopped() starts this one
        return;
    }
    if (m_bench->isRunning()) {
        // A benchmark that is still measuring already is the re-run asked for; one that has
        // reported (finished or failed) and whose worker is exiting runs again once it is gone.
        // (Not judged by the status: benchmarkFinished() is emitted before it becomes Ready.)
        if (!m_measuring)
            m_rerunQueued = true;
        return;
    }
    m_progress = 0;
    m_progressMessage = tr("Starting the benchmark…");
    Q_EMIT benchmarkProgressChanged();
    m_measuring = true;
    setStatus(Status::Benchmarking);
    BenchmarkRunner::Options o;
    o.tier = m_options.benchmarkTier;
    o.timeScale = m_options.benchmarkTimeScale;
    m_bench->start(o);
}

void NodeService::shutdown()
{
    m_shuttingDown = true;
    const bool busy = m_bench->isRunning() || m_probe->isRunning();
    if (m_probe->isRunning())
        m_probe->cancel();
    if (m_bench->isRunning())
        m_bench->cancel(); // stopped() follows from the runner
    if (!busy)
        QMetaObject::invokeMethod(this, &NodeService::stopped, Qt::QueuedConnection);
}

QString NodeService::statusText() const
{
    switch (m_status) {
    case Status::Starting: return tr("Starting");
    case Status::Benchmarking: return tr("Measuring your hardware");
    case Status::Ready: return tr("Ready");
    case Status::Error: return tr("Error");
    }
    return {};
}

void NodeService::setStatus(Status s)
{
    if (m_status == s)
        return;
    m_status = s;
    Q_EMIT statusChanged();
}

namespace {
QJsonObject primaryGemm(const QJsonObject &bench)
{
    QJsonObject best;
    for (const auto &v : bench.value(QStringLiteral("results")).toArray()) {
        const QJsonObject r = v.toObject();
        if (r.value(QStringLiteral("kind")).toString() != QLatin1String("gemm_fp32"))
            continue;
        if (best.isEmpty() || r.value(QStringLiteral("value")).toDouble() > best.value(QStringLiteral("value")).toDouble())
            best = r;
    }
    return best;
}
} // namespace

QString NodeService::primaryDeviceName() const
{
    const QString id = primaryGemm(m_lastBenchmark).value(QStringLiteral("device")).toString();
    for (const auto &v : m_lastBenchmark.value(QStringLiteral("devices")).toArray())
        if (v.toObject().value(QStringLiteral("id")).toString() == id)
            return v.toObject().value(QStringLiteral("name")).toString();
    return id;
}

double NodeService::primaryGflops() const { return primaryGemm(m_lastBenchmark).value(QStringLiteral("value")).toDouble(); }

double NodeService::primaryEfficiency() const
{
    return primaryGemm(m_lastBenchmark).value(QStringLiteral("efficiency")).toDouble();
}

} // namespace idleforge::node
