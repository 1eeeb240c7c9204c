#pragma once
// Live temperature and utilisation for the Hardware page: one row per sensor source (the CPU,
// each NVIDIA GPU NVML lists, a GPU the kernel drives), refreshed about once a second while
// `active` (the page is visible) and not at all otherwise.
//
// The reading (NVML calls take tens of ms; /proc and /sys files) runs on an owned QThread
// (SensorPoller); the rows come back as one batch per tick. A figure a source cannot give
// stays empty ("not reported"), never zero.
#include <QAbstractListModel>
#include <QList>
#include <QThread>

#include <optional>

namespace idleforge::ui {

struct SensorReading {
    QString id;   // "cpu", "gpu:<uuid>", "gpu:kernel"
    QString name; // "CPU", "NVIDIA GeForce RTX 3080"
    std::optional<double> temperatureC;
    std::optional<double> utilisationPercent;
    std::optional<quint64> memoryUsedBytes, memoryTotalBytes;
    std::optional<double> powerW;
};

class SensorPoller;

class SensorModel : public QAbstractListModel {
    Q_OBJECT
    Q_PROPERTY(bool active READ active WRITE setActive NOTIFY activeChanged)
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)
    Q_PROPERTY(int samples READ samples NOTIFY sampled)
public:
    static constexpr int kIntervalMs = 1000;

    enum Role {
        IdRole = Qt::UserRole + 1,
        NameRole,
        TemperatureRole,     // degrees C, or -1
        TemperatureTextRole, // "64 °C" or ""
        UtilisationRole,     // 0..1, or -1
        UtilisationTextRole, // "37%" or ""
        MemoryTextRole,      // "3.1 of 10.0 GiB" or ""
        PowerTextRole,       // "212 W" or ""
    };

    // `sysRoot` and `procRoot` other than / for tests with a fake tree; `nvmlLibrary` empty:
    // the system's libnvidia-ml.
    explicit SensorModel(QObject *parent = nullptr, QString sysRoot = QStringLiteral("/sys"),
                         QString procRoot = QStringLiteral("/proc"), QString nvmlLibrary = {});
    ~SensorModel() override;

    bool active() const { return m_active; }
    void setActive(bool on);
    int samples() const { return m_samples; }

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

Q_SIGNALS:
    void activeChanged();
    void countChanged();
    void sampled();

private:
    void accept(const QList<SensorReading> &rows);

    QThread m_thread;
    SensorPoller *m_poller; // lives on m_thread
    QList<SensorReading> m_rows;
    bool m_active = false;
    int m_samples = 0;
};

} // namespace idleforge::ui
