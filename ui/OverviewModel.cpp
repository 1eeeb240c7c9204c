#include "OverviewModel.h"

#include "HardwareModel.h"
#include "node/NodeService.h"

#include <QDateTime>

#include <QJsonArray>
#include <QJsonObject>
#include <QLocale>

namespace idleforge::ui {

using node::NodeService;

OverviewModel::OverviewModel(NodeService *node, QObject *parent)
    : QObject(parent), m_node(node), m_hardware(new HardwareModel(this))
{
    m_hardware->setBenchmark(node->lastBenchmark());
    connect(node, &NodeService::statusChanged, this, &OverviewModel::statusChanged);
    connect(node, &NodeService::benchmarkProgressChanged, this, &OverviewModel::progressChanged);
    connect(node, &NodeService::benchmarkFinished, this, [this] {
        m_hardware->setBenchmark(m_node->lastBenchmark());
        Q_EMIT benchmarkChanged();
    });
}

QObject *OverviewModel::hardware() const { return m_hardware; }

QString OverviewModel::benchmarkSourceText() const
{
    const QJsonObject bench = m_node->lastBenchmark();
    const qint64 ms = static_cast<qint64>(bench.value(QStringLiteral("measured_at_ms")).toDouble());
    if (bench.isEmpty() || ms <= 0)
        return {};
    const QString when = QLocale().toString(QDateTime::fromMSecsSinceEpoch(ms).toLocalTime(), QLocale::ShortFormat);
    return m_node->benchmarkFromLedger() ? tr("Measured %1 (stored; re-measured after 30 days or a hardware change)").arg(when)
                                         : tr("Measured %1").arg(when);
}

QString OverviewModel::statusText() const { return m_node->statusText(); }
bool OverviewModel::benchmarking() const { return m_node->status() == NodeService::Status::Benchmarking; }
bool OverviewModel::hasError() const { return m_node->status() == NodeService::Status::Error; }
QString OverviewModel::errorText() const { return m_node->lastError(); }
double OverviewModel::progress() const { return m_node->benchmarkProgress(); }
QString OverviewModel::progressText() const { return HardwareModel::stageText(m_node->benchmarkMessage()); }
bool OverviewModel::hasBenchmark() const { return !m_node->lastBenchmark().isEmpty(); }
QString OverviewModel::deviceName() const { return m_node->primaryDeviceName(); }

QString OverviewModel::gflopsText() const
{
    if (!hasBenchmark())
        return {};
    return tr("%1 GFLOP/s").arg(QLocale().toString(m_node->primaryGflops(), 'f', 1));
}

QString OverviewModel::efficiencyText() const
{
    const double e = m_node->primaryEfficiency();
    if (!hasBenchmark() || e <= 0)
        return {};
    return tr("%1% of the theoretical peak").arg(QLocale().toString(e * 100, 'f', 0));
}

QString OverviewModel::bandwidthText() const
{
    for (const auto &v : m_node->lastBenchmark().value(QStringLiteral("results")).toArray()) {
        const QJsonObject r = v.toObject();
        if (r.value(QStringLiteral("kind")).toString() == QLatin1String("mem_bandwidth")
            && r.value(QStringLiteral("device")).toString() == QLatin1String("cpu"))
            return tr("%1 GB/s").arg(QLocale().toString(r.value(QStringLiteral("value")).toDouble(), 'f', 1));
    }
    return {};
}

QString OverviewModel::cpuFactsText() const
{
    for (const auto &v : m_node->lastBenchmark().value(QStringLiteral("devices")).toArray()) {
        const QJsonObject d = v.toObject();
        if (d.value(QStringLiteral("type")).toString() != QLatin1String("cpu"))
            continue;
        QStringList features;
        for (const auto &f : d.value(QStringLiteral("features")).toArray())
            features << f.toString();
        //: %1: "8 cores", %2: "16 threads", %3: the memory in GiB, %4: the CPU's instruction sets
        return tr("%1, %2, %3 GiB RAM, %4")
            .arg(tr("%n core(s)", nullptr, d.value(QStringLiteral("cores")).toInt()),
                 tr("%n thread(s)", nullptr, d.value(QStringLiteral("threads")).toInt()),
                 QLocale().toString(d.value(QStringLiteral("memory_bytes")).toDouble() / (1024.0 * 1024 * 1024), 'f', 1),
                 features.join(QStringLiteral(" ")));
    }
    return {};
}

void OverviewModel::rerunBenchmark() { m_node->rerunBenchmark(); }

} // namespace idleforge::ui
