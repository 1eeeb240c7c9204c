#include "node/StoredBenchmark.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>

namespace idleforge::node {

QString ledgerDeviceId(const QJsonObject &device)
{
    const QString id = device.value(QStringLiteral("id")).toString();
    const QString uuid = device.value(QStringLiteral("uuid")).toString();
    return uuid.isEmpty() ? id : id + u':' + uuid;
}

QList<ledger::BenchmarkRecord> benchmarkRecords(const QJsonObject &bench, const HardwareProfile &profile,
                                                qint64 measuredAtMs)
{
    const QString tier = bench.value(QStringLiteral("tier")).toString();
    QList<ledger::BenchmarkRecord> rows;
    for (const auto &v : bench.value(QStringLiteral("results")).toArray()) {
        QJsonObject figure = v.toObject();
        const QJsonObject device = profile.device(figure.value(QStringLiteral("device")).toString());
        figure.insert(QStringLiteral("tier"), tier);
        ledger::BenchmarkRecord r;
        r.ts = measuredAtMs;
        r.deviceId = ledgerDeviceId(device.isEmpty() ? QJsonObject{{QStringLiteral("id"), figure.value(QStringLiteral("device"))}} : device);
        r.deviceName = device.value(QStringLiteral("name")).toString();
        r.kind = figure.value(QStringLiteral("kind")).toString();
        r.value = figure.value(QStringLiteral("value")).toDouble();
        r.unit = figure.value(QStringLiteral("unit")).toString();
        const double peak = figure.value(QStringLiteral("peak")).toDouble();
        if (peak > 0) {
            r.peak = peak;
            r.efficiency = figure.value(QStringLiteral("efficiency")).toDouble();
        }
        r.driver = profile.driver();
        r.hardwareFingerprint = profile.fingerprint();
        r.rawJson = QString::fromUtf8(QJsonDocument(figure).toJson(QJsonDocument::Compact));
        rows.append(r);
    }
    return rows;
}

StoredBenchmarkDecision decideStoredBenchmark(const QList<ledger::BenchmarkRecord> &latest,
                                              const HardwareProfile &current, const Clock &clock)
{
    StoredBenchmarkDecision d;
    if (current.isEmpty() || current.fingerprint().isEmpty()) {
        d.reason = QStringLiteral("no device facts to compare with");
        return d;
    }
    const qint64 now = clock.msecsSinceEpoch();
    QJsonArray results;
    QString tier;
    qint64 oldest = now;
    for (const auto &v : current.devices()) {
        const QJsonObject device = v.toObject();
        const QString id = ledgerDeviceId(device);
        int rowsOfDevice = 0;
        for (const ledger::BenchmarkRecord &r : latest) {
            if (r.deviceId != id)
                continue;
            if (r.hardwareFingerprint != current.fingerprint()) {
                d.reason = QStringLiteral("the hardware changed since the stored benchmark of %1").arg(id);
                return d;
            }
            if (r.driver != current.driver()) {
                d.reason = QStringLiteral("the driver changed (\"%1\" -> \"%2\")").arg(r.driver, current.driver());
                return d;
            }
            if (now - r.ts > kBenchmarkMaxAgeMs) {
                d.reason = QStringLiteral("the stored benchmark of %1 is older than 30 days").arg(id);
                return d;
            }
            const QJsonObject figure = QJsonDocument::fromJson(r.rawJson.toUtf8()).object();
            if (figure.isEmpty()) {
                d.reason = QStringLiteral("a stored figure of %1 is unreadable").arg(id);
                return d;
            }
            results.append(figure);
            tier = figure.value(QStringLiteral("tier")).toString(tier);
            oldest = std::min(oldest, r.ts);
            ++rowsOfDevice;
        }
        if (rowsOfDevice == 0) {
            d.reason = QStringLiteral("no stored benchmark of %1").arg(id);
            return d;
        }
    }
    d.reuse = true;
    d.reason = QStringLiteral("using the benchmark of %1").arg(QDateTime::fromMSecsSinceEpoch(oldest, Qt::UTC).toString(Qt::ISODate));
    d.bench = QJsonObject{{QStringLiteral("devices"), current.devices()},
                          {QStringLiteral("results"), results},
                          {QStringLiteral("tier"), tier},
                          {QStringLiteral("torch_version"), current.torchVersion()},
                          {QStringLiteral("measured_at_ms"), static_cast<double>(oldest)},
                          {QStringLiteral("duration_s"), 0.0},
                          {QStringLiteral("from_ledger"), true}};
    return d;
}

} // namespace idleforge::node
