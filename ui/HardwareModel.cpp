#include "HardwareModel.h"

#include "node/StoredBenchmark.h"

#include <QJsonArray>
#include <QLocale>

namespace idleforge::ui {

namespace {

QString labelFor(const QString &kind)
{
    if (kind.startsWith(QLatin1String("gemm_")))
        return HardwareModel::tr("Matrix multiply (%1)").arg(kind.mid(5));
    if (kind == QLatin1String("mem_bandwidth"))
        return HardwareModel::tr("Memory bandwidth");
    if (kind == QLatin1String("h2d_bandwidth"))
        return HardwareModel::tr("Host to device copy");
    if (kind == QLatin1String("train_step_fast"))
        return HardwareModel::tr("Training step (fast)");
    if (kind == QLatin1String("train_step_repro"))
        return HardwareModel::tr("Training step (reproducible)");
    return kind;
}

} // namespace

QString HardwareModel::stageText(const QString &workerMessage)
{
    const QString on = QStringLiteral(" on ");
    const qsizetype at = workerMessage.indexOf(on);
    if (at <= 0)
        return workerMessage;
    QString stage = workerMessage.left(at);
    if (stage.startsWith(QLatin1String("GEMM ")))
        stage = QStringLiteral("gemm_") + stage.mid(5);
    const QString label = labelFor(stage);
    if (label == stage)
        return workerMessage;
    //: a benchmark stage on a device: "Memory bandwidth on AMD Ryzen 7 5800X"
    return tr("%1 on %2").arg(label, workerMessage.mid(at + on.size()));
}

namespace {

QString factsOf(const QJsonObject &d)
{
    const QLocale locale;
    const QString memory = HardwareModel::tr("%1 GiB").arg(
        locale.toString(d.value(QStringLiteral("memory_bytes")).toDouble() / (1024.0 * 1024 * 1024), 'f', 1));
    if (d.value(QStringLiteral("type")).toString() == QLatin1String("cpu"))
        //: %1: "8 cores", %2: "16 threads", %3: the base clock, %4: "31.2 GiB"
        return HardwareModel::tr("%1, %2, %3 MHz, %4 RAM")
            .arg(HardwareModel::tr("%n core(s)", nullptr, d.value(QStringLiteral("cores")).toInt()),
                 HardwareModel::tr("%n thread(s)", nullptr, d.value(QStringLiteral("threads")).toInt()),
                 locale.toString(d.value(QStringLiteral("base_mhz")).toDouble(), 'f', 0), memory);
    if (d.value(QStringLiteral("type")).toString() == QLatin1String("vulkan"))
        //: a Vulkan device: %1 vendor, %2 driver, %3 "2.0 GiB"
        return HardwareModel::tr("%1, Vulkan driver %2, %3").arg(d.value(QStringLiteral("vendor")).toString(),
                                                                 d.value(QStringLiteral("driver_info")).toString(), memory);
    QString facts = HardwareModel::tr("compute capability %1, %2 SMs, %3 VRAM")
                        .arg(d.value(QStringLiteral("compute_capability")).toString())
                        .arg(d.value(QStringLiteral("sm_count")).toInt())
                        .arg(memory);
    const QJsonObject nvml = d.value(QStringLiteral("nvml")).toObject();
    if (nvml.contains(QStringLiteral("temperature_c")))
        facts += HardwareModel::tr(", %1 °C").arg(nvml.value(QStringLiteral("temperature_c")).toInt());
    return facts;
}

} // namespace

HardwareModel::HardwareModel(QObject *parent) : QAbstractListModel(parent) {}

void HardwareModel::setBenchmark(const QJsonObject &bench)
{
    QHash<QString, QJsonObject> devices;
    for (const auto &v : bench.value(QStringLiteral("devices")).toArray())
        devices.insert(v.toObject().value(QStringLiteral("id")).toString(), v.toObject());

    QList<Row> rows;
    const QLocale locale;
    for (const auto &v : bench.value(QStringLiteral("results")).toArray()) {
        const QJsonObject r = v.toObject();
        Row row;
        row.deviceId = r.value(QStringLiteral("device")).toString();
        const QJsonObject d = devices.value(row.deviceId);
        row.deviceName = row.deviceId + QStringLiteral(": ") + d.value(QStringLiteral("name")).toString(row.deviceId);
        row.deviceFacts = factsOf(d);
        row.ledgerDeviceId = node::ledgerDeviceId(d.isEmpty() ? QJsonObject{{QStringLiteral("id"), row.deviceId}} : d);
        row.measuredAtMs = qint64(bench.value(QStringLiteral("measured_at_ms")).toDouble());
        row.kind = r.value(QStringLiteral("kind")).toString();
        row.label = labelFor(row.kind);
        const QString unit = r.value(QStringLiteral("unit")).toString();
        row.unit = unit;
        row.valueText = locale.toString(r.value(QStringLiteral("value")).toDouble(), 'f', 1) + u' ' + unit;
        const double peak = r.value(QStringLiteral("peak")).toDouble();
        if (peak > 0) {
            row.peakText = tr("of %1 %2 peak").arg(locale.toString(peak, 'f', 1), unit);
            row.efficiency = r.value(QStringLiteral("efficiency")).toDouble();
        }
        rows.append(row);
    }
    const bool countChanges = rows.size() != m_rows.size();
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
    if (countChanges)
        Q_EMIT countChanged();
}

int HardwareModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

QVariant HardwareModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &r = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case LabelRole: return r.label;
    case DeviceIdRole: return r.deviceId;
    case DeviceNameRole: return r.deviceName;
    case DeviceFactsRole: return r.deviceFacts;
    case KindRole: return r.kind;
    case ValueTextRole: return r.valueText;
    case PeakTextRole: return r.peakText;
    case EfficiencyRole: return r.efficiency;
    case LedgerDeviceIdRole: return r.ledgerDeviceId;
    case HistoryRole: return r.history;
    case HistoryTextRole: return r.historyText;
    default: return {};
    }
}

QHash<int, QByteArray> HardwareModel::roleNames() const
{
    return {{DeviceIdRole, "deviceId"},     {DeviceNameRole, "deviceName"}, {DeviceFactsRole, "deviceFacts"},
            {KindRole, "kind"},             {LabelRole, "label"},           {ValueTextRole, "valueText"},
            {PeakTextRole, "peakText"},     {EfficiencyRole, "efficiency"}, {LedgerDeviceIdRole, "ledgerDeviceId"},
            {HistoryRole, "history"},       {HistoryTextRole, "historyText"}};
}

QList<QPair<QString, QString>> HardwareModel::figureKeys() const
{
    QList<QPair<QString, QString>> keys;
    for (const Row &r : m_rows)
        keys.append({r.ledgerDeviceId, r.kind});
    return keys;
}

void HardwareModel::setHistory(const History &history)
{
    const QLocale locale;
    for (int i = 0; i < m_rows.size(); ++i) {
        Row &r = m_rows[i];
        QVariantList values;
        double lo = 0, hi = 0;
        const auto entries = history.value({r.ledgerDeviceId, r.kind});
        for (auto it = entries.crbegin(); it != entries.crend(); ++it) {
            if (it->first >= r.measuredAtMs && r.measuredAtMs > 0)
                continue; // the shown measurement itself, or a newer one
            lo = values.isEmpty() ? it->second : qMin(lo, it->second);
            hi = values.isEmpty() ? it->second : qMax(hi, it->second);
            values.append(it->second);
        }
        r.history = values;
        r.historyText = values.isEmpty()
            ? tr("first measurement")
            : tr("%n earlier run(s), from %1 to %2 %3", "", int(values.size()))
                  .arg(locale.toString(lo, 'f', 1), locale.toString(hi, 'f', 1), r.unit);
    }
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0), index(int(m_rows.size()) - 1), {HistoryRole, HistoryTextRole});
}

} // namespace idleforge::ui
