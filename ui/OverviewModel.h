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


Q_SIGNALS:
    void statusChanged();
    void progressChanged();
    void benchmarkChanged();

private:
    node::NodeService *m_node;
    HardwareModel *m_hardware;
};

} // namespace idleforge::ui
