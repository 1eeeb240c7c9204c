#pragma once
// The Hardware section's list: one row per measured figure of the last benchmark (GEMM per
// precision, memory and host-to-device bandwidth), with the device it belongs to, the figure,
// its theoretical peak and the efficiency. Rebuilt from the node's benchmark JSON as a whole
// (a benchmark is a handful of rows), so a reset is the precise change signal here.
#include <QAbstractListModel>
#include <QJsonObject>

namespace idleforge::ui {

class HardwareModel : public QAbstractListModel {
    Q_OBJECT
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)
public:
    enum Role {
        DeviceIdRole = Qt::UserRole + 1,
        DeviceNameRole, // section key: "cpu: AMD EPYC"
        DeviceFactsRole,
        KindRole,       // "gemm_fp32"
        LabelRole,      // "Matrix multiply (fp32)"
        ValueTextRole,  // "52.3 GFLOP/s"
        PeakTextRole,   // "of 63.9 GFLOP/s peak" or ""
        EfficiencyRole, // 0..1, or -1 when the peak is unknown
        LedgerDeviceIdRole, // the ledger's key of the device (StoredBenchmark.h)
        HistoryRole,        // earlier figures of this device and kind, oldest first (doubles)
        HistoryTextRole,    // "3 earlier runs, from 49.8 to 52.1 GFLOP/s" or ""
    };
    // Earlier figures by (ledger device id, kind), newest first as the ledger lists them.
    using History = QHash<QPair<QString, QString>, QList<QPair<qint64, double>>>;

    explicit HardwareModel(QObject *parent = nullptr);

    // The worker's benchmark progress ("GEMM fp32 on <device>", "mem_bandwidth on <device>")
    // in the shown language: "Matrix multiply (fp32) on <device>". Unknown stages stay as sent.
    static QString stageText(const QString &workerMessage);

    void setBenchmark(const QJsonObject &bench);
    // The measurements before the shown one (the ledger's history); rows keep their order.
    void setHistory(const History &history);
    // (ledger device id, kind) of every row: what setHistory() needs.
    QList<QPair<QString, QString>> figureKeys() const;

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

Q_SIGNALS:
    void countChanged();

private:
    struct Row {
        QString deviceId, deviceName, deviceFacts, kind, label, valueText, peakText, unit, ledgerDeviceId;
        double efficiency = -1;
        qint64 measuredAtMs = 0;
        QVariantList history;
        QString historyText;
    };
    QList<Row> m_rows;
};

} // namespace idleforge::ui
