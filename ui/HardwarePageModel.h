#pragma once
// The Hardware page's view model: the devices and every benchmark figure against its peak
// (HardwareModel), each figure's earlier measurements from the ledger, a benchmark re-run with
// its progress, and live sensors (SensorModel, polled only while the page shows: `active`).
//
// The history is read on the thread pool with a read-only connection of its own (the Ledger
// object's reads would run on the GUI thread), after start-up and after every benchmark.
#include <QObject>
#include <QString>

namespace idleforge::node {
class NodeService;
}

namespace idleforge::ui {

class HardwareModel;
class SensorModel;

class HardwarePageModel : public QObject {
    Q_OBJECT
    Q_PROPERTY(QObject *figures READ figures CONSTANT)
    Q_PROPERTY(QObject *sensors READ sensors CONSTANT)
    Q_PROPERTY(bool active READ active WRITE setActive NOTIFY activeChanged)
    Q_PROPERTY(bool benchmarking READ benchmarking NOTIFY statusChanged)
    Q_PROPERTY(bool hasBenchmark READ hasBenchmark NOTIFY benchmarkChanged)
    Q_PROPERTY(QString statusText READ statusText NOTIFY statusChanged)
    Q_PROPERTY(double progress READ progress NOTIFY progressChanged)
    Q_PROPERTY(QString progressText READ progressText NOTIFY progressChanged)
    Q_PROPERTY(QString sourceText READ sourceText NOTIFY benchmarkChanged)
    Q_PROPERTY(int historyLoads READ historyLoads NOTIFY historyLoaded)
public:
    // `ledgerPath` empty: no history. `sensors` null: a SensorModel of the real machine.
    HardwarePageModel(node::NodeService *node, QString ledgerPath, QObject *parent = nullptr, SensorModel *sensors = nullptr);
    ~HardwarePageModel() override;

    QObject *figures() const;
    QObject *sensors() const;
    bool active() const;
    void setActive(bool on);
    bool benchmarking() const;
    bool hasBenchmark() const;
    QString statusText() const;
    double progress() const;
    QString progressText() const;
    QString sourceText() const;
    int historyLoads() const { return m_historyLoads; }

    Q_INVOKABLE void rerunBenchmark();

Q_SIGNALS:
    void activeChanged();
    void statusChanged();
    void progressChanged();
    void benchmarkChanged();
    void historyLoaded();

private:
    void loadHistory();

    node::NodeService *m_node;
    QString m_ledgerPath;
    HardwareModel *m_figures;
    SensorModel *m_sensors;
    int m_historyLoads = 0;
};

} // namespace idleforge::ui
