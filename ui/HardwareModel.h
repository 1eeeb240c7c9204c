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
    };

    explicit HardwareModel(QObject *parent = nullptr);

    void setBenchmark(const QJsonObject &bench);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

Q_SIGNALS:
    void countChanged();

private:
    struct Row {
        QString deviceId, deviceName, deviceFacts, kind, label, valueText, peakText;
        double efficiency = -1;
    };
    QList<Row> m_rows;
};

} // namespace idleforge::ui
