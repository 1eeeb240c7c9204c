#pragma once
// The local node: what IdleForge does on this machine, independent of any window and of the
// network. It profiles the hardware at start-up and holds the result; the provider on the
// network is ProviderNode (core/node/README.md), started by the app once this node is ready.
// The dashboard and the headless mode both observe this one object.
//
// Start-up with a ledger: the worker lists the devices (no measuring), and the node reuses the
// ledger's benchmark when the re-run rule of StoredBenchmark.h allows it; otherwise it
// benchmarks and records the new figures. Without a ledger it always benchmarks.
#include "node/HardwareProfile.h"

#include <QJsonObject>
#include <QObject>

#include <memory>

namespace idleforge::ledger { class Ledger; }
namespace idleforge::platform { class Nvml; }

namespace idleforge::node {

class BenchmarkRunner;

class NodeService : public QObject {
    Q_OBJECT
public:
    enum class Status { Starting, Benchmarking, Ready, Error };
    Q_ENUM(Status)

    struct Options {
        bool benchmarkOnStart = true;
        QString benchmarkTier = QStringLiteral("quick");
        double benchmarkTimeScale = 1.0;
    };

    explicit NodeService(Options options, QObject *parent = nullptr);
    ~NodeService() override;

    // Not owned; must outlive this object. Set before start().
    void setLedger(ledger::Ledger *ledger) { m_ledger = ledger; }

    void start();
    // Measures again. Asked for while a worker (the probe, or a benchmark that has already
    // reported) is still exiting, it runs once that worker is gone; while a benchmark is
    // measuring, that one is the re-run.
    void rerunBenchmark();
    void shutdown(); // stops any worker; stopped() follows

    Status status() const { return m_status; }
    QString statusText() const;
    double benchmarkProgress() const { return m_progress; }
    QString benchmarkMessage() const { return m_progressMessage; }
    QJsonObject lastBenchmark() const { return m_lastBenchmark; }
    bool benchmarkFromLedger() const { return m_lastBenchmark.value(QStringLiteral("from_ledger")).toBool(); }
    // Devices and NVML facts of the last probe or benchmark; empty before the first.
    const HardwareProfile &hardwareProfile() const { return m_profile; }
    // What the node tells the network (CapabilityRecord.h); empty before the first benchmark.
    QJsonObject capabilityRecord() const;
    QString lastError() const { return m_lastError; }

    // Headline figures of the last benchmark (fastest device's fp32 GEMM).
    QString primaryDeviceName() const;
    double primaryGflops() const;
    double primaryEfficiency() const;

Q_SIGNALS:
    void statusChanged();
    void benchmarkProgressChanged();
    void benchmarkFinished(const QJsonObject &result);
    void errorOccurred(const QString &message);
    void stopped();

private:
    void setStatus(Status s);
    void probeThenDecide();
    void onProbed(const QJsonObject &devices);
    void acceptBenchmark(const QJsonObject &result);
    platform::NvmlSnapshot nvmlSnapshot();

    Options m_options;
    BenchmarkRunner *m_bench = nullptr;
    BenchmarkRunner *m_probe = nullptr;
    ledger::Ledger *m_ledger = nullptr;
    std::unique_ptr<platform::Nvml> m_nvml;
    HardwareProfile m_profile;
    Status m_status = Status::Starting;
    double m_progress = 0;
    QString m_progressMessage;
    QJsonObject m_lastBenchmark;
    QString m_lastError;
    bool m_shuttingDown = false;
    bool m_benchAfterProbe = false;
    bool m_rerunQueued = false; // rerunBenchmark() while the last benchmark's worker exits
    bool m_measuring = false;   // a benchmark started and not yet finished or failed
};

} // namespace idleforge::node
