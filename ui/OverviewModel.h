#pragma once
// View model of the Overview page: the node's status and the hardware headline, as properties
// QML binds to. Holds no logic of its own beyond formatting.
#include <QObject>
#include <QString>

namespace idleforge::node { class NodeService; }

namespace idleforge::ui {

class HardwareModel;

class OverviewModel : public QObject {
    Q_OBJECT
    Q_PROPERTY(QString statusText READ statusText NOTIFY statusChanged)
    Q_PROPERTY(bool benchmarking READ benchmarking NOTIFY statusChanged)
    Q_PROPERTY(bool hasError READ hasError NOTIFY statusChanged)
    Q_PROPERTY(QString errorText READ errorText NOTIFY statusChanged)
    Q_PROPERTY(double progress READ progress NOTIFY progressChanged)
    Q_PROPERTY(QString progressText READ progressText NOTIFY progressChanged)
    Q_PROPERTY(bool hasBenchmark READ hasBenchmark NOTIFY benchmarkChanged)
    Q_PROPERTY(QString deviceName READ deviceName NOTIFY benchmarkChanged)
    Q_PROPERTY(QString gflopsText READ gflopsText NOTIFY benchmarkChanged)
    Q_PROPERTY(QString efficiencyText READ efficiencyText NOTIFY benchmarkChanged)
    Q_PROPERTY(QString bandwidthText READ bandwidthText NOTIFY benchmarkChanged)
    Q_PROPERTY(QString cpuFactsText READ cpuFactsText NOTIFY benchmarkChanged)
    Q_PROPERTY(QString benchmarkSourceText READ benchmarkSourceText NOTIFY benchmarkChanged)
    // The Hardware section: every figure of the last benchmark against its peak (HardwareModel).
    Q_PROPERTY(QObject *hardware READ hardware CONSTANT)
    // The network section (empty while offline): connection and job, earnings, last event.
    Q_PROPERTY(QString networkText READ networkText NOTIFY networkChanged)
    Q_PROPERTY(QString earningsText READ earningsText NOTIFY networkChanged)
    Q_PROPERTY(QString activityText READ activityText NOTIFY networkChanged)
public:
    explicit OverviewModel(node::NodeService *node, QObject *parent = nullptr);

    QString statusText() const;
    bool benchmarking() const;
    bool hasError() const;
    QString errorText() const;
    double progress() const;
    QString progressText() const;
    bool hasBenchmark() const;
    QString deviceName() const;
    QString gflopsText() const;
    QString efficiencyText() const;
    QString bandwidthText() const;
    QString cpuFactsText() const;
    QString benchmarkSourceText() const;
    QObject *hardware() const;

    Q_INVOKABLE void rerunBenchmark();

    QString networkText() const { return m_networkText; }
    QString earningsText() const { return m_earningsText; }
    QString activityText() const { return m_activityText; }
    // Fed by the app from the provider session (ProviderNode's status and activity).
    void setNetwork(const QString &network, const QString &earnings);
    void setActivity(const QString &activity);

Q_SIGNALS:
    void statusChanged();
    void progressChanged();
    void benchmarkChanged();
    void networkChanged();

private:
    node::NodeService *m_node;
    HardwareModel *m_hardware;
    QString m_networkText;
    QString m_earningsText;
    QString m_activityText;
};

} // namespace idleforge::ui
