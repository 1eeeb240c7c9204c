#pragma once
// Runs one hardware benchmark (or another one-shot job such as "devices") in a fresh worker
// process and reports progress and the result. Used by the dashboard, the headless node,
// `idleforgectl bench` and `idleforgectl devices`.
#include <QJsonObject>
#include <QObject>

namespace idleforge::node {

class WorkerSupervisor;

class BenchmarkRunner : public QObject {
    Q_OBJECT
public:
    struct Options {
        QString tier = QStringLiteral("quick"); // "quick" | "thorough"
        QString device = QStringLiteral("all");
        int threads = 0;
        double timeScale = 1.0; // < 1 for tests
    };

    explicit BenchmarkRunner(QObject *parent = nullptr);
    ~BenchmarkRunner() override;

    bool isRunning() const { return m_running; }
    void start(const Options &options);
    void start() { start(Options{}); }
    // Any one-shot worker job with the same lifecycle, e.g. "devices" (facts without measuring).
    void startJob(const QString &job, const QJsonObject &params = {});
    void cancel(); // stops the worker; failed("job.cancelled") follows

Q_SIGNALS:
    void progress(double fraction, const QString &message);
    void finished(const QJsonObject &result);
    void failed(const QString &code, const QString &message);
    // The worker process is gone (after finished() or failed()).
    void stopped();

private:
    WorkerSupervisor *m_worker = nullptr;
    QString m_jobId;
    bool m_running = false;
    bool m_reported = false;
};

} // namespace idleforge::node
