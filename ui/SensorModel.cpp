#include "SensorModel.h"

#include "platform/Nvml.h"
#include "platform/ProcFs.h"

#include <QLocale>
#include <QTimer>

#include <memory>

namespace idleforge::ui {

// Reads every source once a tick on its own thread; made, used and deleted there.
class SensorPoller : public QObject {
    Q_OBJECT
public:
    SensorPoller(QString sysRoot, QString procRoot, QString nvmlLibrary)
        : m_sysRoot(std::move(sysRoot)), m_procRoot(std::move(procRoot)), m_nvmlLibrary(std::move(nvmlLibrary))
    {
    }

    void start()
    {
        if (!m_timer) {
            m_timer = new QTimer(this);
            m_timer->setInterval(SensorModel::kIntervalMs);
            connect(m_timer, &QTimer::timeout, this, &SensorPoller::tick);
            m_nvml = std::make_unique<platform::Nvml>(m_nvmlLibrary.isEmpty() ? QString::fromLatin1(platform::Nvml::kDefaultLibrary)
                                                                               : m_nvmlLibrary);
        }
        // Two samples make a CPU share: one now, the first figure a tick later.
        m_cpu = std::make_unique<platform::CpuLoadMeter>(2, m_procRoot);
        m_cpu->sample({});
        tick();
        m_timer->start();
    }
    void stop()
    {
        if (m_timer)
            m_timer->stop();
    }

Q_SIGNALS:
    void sampled(const QList<idleforge::ui::SensorReading> &rows);

private:
    void tick()
    {
        QList<SensorReading> rows;
        m_cpu->sample({});
        const platform::Temperatures temps = platform::readTemperatures(m_sysRoot);
        SensorReading cpu{QStringLiteral("cpu"), SensorModel::tr("CPU"), temps.cpuC, m_cpu->otherPercent(), {}, {}, {}};
        rows.append(cpu);
        const platform::NvmlSnapshot nvml = m_nvml->snapshot();
        for (const platform::NvmlGpu &g : nvml.gpus) {
            SensorReading r{QStringLiteral("gpu:") + g.uuid, g.name, {}, {}, g.memoryUsedBytes, g.memoryTotalBytes, g.powerUsageW};
            if (g.temperatureC)
                r.temperatureC = double(*g.temperatureC);
            if (g.utilizationGpuPercent)
                r.utilisationPercent = double(*g.utilizationGpuPercent);
            rows.append(r);
        }
        if (nvml.gpus.isEmpty() && temps.gpuC)
            rows.append({QStringLiteral("gpu:kernel"), SensorModel::tr("GPU"), temps.gpuC, {}, {}, {}, {}});
        Q_EMIT sampled(rows);
    }

    QString m_sysRoot, m_procRoot, m_nvmlLibrary;
    QTimer *m_timer = nullptr;
    std::unique_ptr<platform::Nvml> m_nvml;
    std::unique_ptr<platform::CpuLoadMeter> m_cpu;
};

SensorModel::SensorModel(QObject *parent, QString sysRoot, QString procRoot, QString nvmlLibrary)
    : QAbstractListModel(parent), m_poller(new SensorPoller(std::move(sysRoot), std::move(procRoot), std::move(nvmlLibrary)))
{
    qRegisterMetaType<QList<SensorReading>>();
    m_thread.setObjectName(QStringLiteral("SensorPoller"));
    m_poller->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_poller, &QObject::deleteLater);
    connect(m_poller, &SensorPoller::sampled, this, &SensorModel::accept);
    m_thread.start();
}

SensorModel::~SensorModel()
{
    m_thread.quit();
    m_thread.wait();
}

void SensorModel::setActive(bool on)
{
    if (on == m_active)
        return;
    m_active = on;
    QMetaObject::invokeMethod(m_poller, [poller = m_poller, on] { on ? poller->start() : poller->stop(); }, Qt::QueuedConnection);
    Q_EMIT activeChanged();
}

void SensorModel::accept(const QList<SensorReading> &rows)
{
    if (!m_active)
        return; // a tick that was under way when the page went away
    bool sameRows = rows.size() == m_rows.size();
    for (int i = 0; sameRows && i < rows.size(); ++i)
        sameRows = rows.at(i).id == m_rows.at(i).id;
    if (sameRows) {
        m_rows = rows;
        if (!m_rows.isEmpty())
            Q_EMIT dataChanged(index(0), index(int(m_rows.size()) - 1));
    } else {
        beginResetModel();
        m_rows = rows;
        endResetModel();
        Q_EMIT countChanged();
    }
    ++m_samples;
    Q_EMIT sampled();
}

int SensorModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant SensorModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const SensorReading &r = m_rows.at(index.row());
    const QLocale locale;
    switch (role) {
    case IdRole: return r.id;
    case Qt::DisplayRole:
    case NameRole: return r.name;
    case TemperatureRole: return r.temperatureC.value_or(-1);
    case TemperatureTextRole:
        return r.temperatureC ? tr("%1 °C").arg(locale.toString(*r.temperatureC, 'f', 0)) : QString();
    case UtilisationRole: return r.utilisationPercent ? *r.utilisationPercent / 100 : -1.0;
    case UtilisationTextRole:
        return r.utilisationPercent ? tr("%1% busy").arg(locale.toString(*r.utilisationPercent, 'f', 0)) : QString();
    case MemoryTextRole:
        if (!r.memoryUsedBytes || !r.memoryTotalBytes)
            return QString();
        return tr("%1 of %2 GiB").arg(locale.toString(double(*r.memoryUsedBytes) / (1 << 30), 'f', 1),
                                      locale.toString(double(*r.memoryTotalBytes) / (1 << 30), 'f', 1));
    case PowerTextRole: return r.powerW ? tr("%1 W").arg(locale.toString(*r.powerW, 'f', 0)) : QString();
    default: return {};
    }
}

QHash<int, QByteArray> SensorModel::roleNames() const
{
    return {{IdRole, "sensorId"},
            {NameRole, "name"},
            {TemperatureRole, "temperature"},
            {TemperatureTextRole, "temperatureText"},
            {UtilisationRole, "utilisation"},
            {UtilisationTextRole, "utilisationText"},
            {MemoryTextRole, "memoryText"},
            {PowerTextRole, "powerText"}};
}

} // namespace idleforge::ui

#include "SensorModel.moc"
