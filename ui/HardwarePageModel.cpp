#include "HardwarePageModel.h"

#include "HardwareModel.h"
#include "SensorModel.h"
#include "db/Sqlite.h"
#include "ledger/LedgerQueries.h"
#include "node/NodeService.h"
#include "node/OffThread.h"

#include <QDateTime>
#include <QFileInfo>
#include <QLocale>

namespace idleforge::ui {

using node::NodeService;

HardwarePageModel::HardwarePageModel(NodeService *node, QString ledgerPath, QObject *parent, SensorModel *sensors)
    : QObject(parent), m_node(node), m_ledgerPath(std::move(ledgerPath)), m_figures(new HardwareModel(this)),
      m_sensors(sensors ? sensors : new SensorModel(this))
{
    if (sensors && !sensors->parent())
        sensors->setParent(this);
    m_figures->setBenchmark(node->lastBenchmark());
    connect(node, &NodeService::statusChanged, this, &HardwarePageModel::statusChanged);
    connect(node, &NodeService::benchmarkProgressChanged, this, &HardwarePageModel::progressChanged);
    connect(node, &NodeService::benchmarkFinished, this, [this] {
        m_figures->setBenchmark(m_node->lastBenchmark());
        Q_EMIT benchmarkChanged();
        loadHistory();
    });
    connect(m_sensors, &SensorModel::activeChanged, this, &HardwarePageModel::activeChanged);
    loadHistory();
}

HardwarePageModel::~HardwarePageModel() = default;

QObject *HardwarePageModel::figures() const { return m_figures; }
QObject *HardwarePageModel::sensors() const { return m_sensors; }
bool HardwarePageModel::active() const { return m_sensors->active(); }
void HardwarePageModel::setActive(bool on) { m_sensors->setActive(on); }
bool HardwarePageModel::benchmarking() const { return m_node->status() == NodeService::Status::Benchmarking; }
bool HardwarePageModel::hasBenchmark() const { return !m_node->lastBenchmark().isEmpty(); }
QString HardwarePageModel::statusText() const { return m_node->statusText(); }
double HardwarePageModel::progress() const { return m_node->benchmarkProgress(); }
QString HardwarePageModel::progressText() const { return HardwareModel::stageText(m_node->benchmarkMessage()); }
void HardwarePageModel::rerunBenchmark() { m_node->rerunBenchmark(); }

QString HardwarePageModel::sourceText() const
{
    const QJsonObject bench = m_node->lastBenchmark();
    const qint64 ms = qint64(bench.value(QStringLiteral("measured_at_ms")).toDouble());
    if (bench.isEmpty() || ms <= 0)
        return {};
    const QString when = QLocale().toString(QDateTime::fromMSecsSinceEpoch(ms).toLocalTime(), QLocale::ShortFormat);
    return m_node->benchmarkFromLedger() ? tr("Measured %1 (stored; measured again after 30 days or a hardware change)").arg(when)
                                         : tr("Measured %1").arg(when);
}

void HardwarePageModel::loadHistory()
{
    const auto keys = m_figures->figureKeys();
    if (m_ledgerPath.isEmpty() || keys.isEmpty())
        return;
    node::offThread<HardwareModel::History>(
        this,
        [path = m_ledgerPath, keys]() {
            HardwareModel::History history;
            if (!QFileInfo::exists(path))
                return history;
            auto db = db::Database::open(path, db::Database::Mode::ReadOnly);
            if (!db)
                return history;
            const ledger::LedgerQueries queries(*db);
            for (const auto &key : keys) {
                auto rows = queries.benchmarkHistory(key.first, key.second, 20);
                if (!rows)
                    continue;
                for (const ledger::BenchmarkRecord &r : *rows)
                    history[key].append({r.ts, r.value});
            }
            return history;
        },
        [this](HardwareModel::History history) {
            m_figures->setHistory(history);
            ++m_historyLoads;
            Q_EMIT historyLoaded();
        });
}

} // namespace idleforge::ui
