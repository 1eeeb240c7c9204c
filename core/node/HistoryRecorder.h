#pragma once
// Keeps the node's history (the ledger's history tables, schema v2): one row per task, audit or
// dispute this provider took part in, with its state, run commitment, steps, sampled steps and
// their results, a dispute's verdict and the receipts. Fed by ProviderNode's signals; every
// write goes to the ledger's writer thread (never SQL on the caller's thread).
//
// States, forward only (the ledger enforces the order):
//   task (we solved):   running -> committed -> audited (the audit passed) -> verified (paid)
//                       -> disputed -> won / lost -> slashed (a verified slash)
//   audit (we audited): running -> audited (our report went out) -> verified (settled and paid),
//                       or disputed (our report failed the run) -> won / lost -> slashed
//   dispute (a or b):   disputed -> won / lost -> slashed
// Samples: a report of up to AuditReport::kMaxSamples steps is kept as its first
// kHistorySamples samples, the failing ones first, so a row's events stay bounded.
#include <QJsonObject>
#include <QObject>

namespace idleforge::ledger {
class Ledger;
struct HistoryUpdate;
}

namespace idleforge::node {

class ProviderNode;

class HistoryRecorder : public QObject {
    Q_OBJECT
public:
    static constexpr int kHistorySamples = 256;

    // `ledger` must outlive this object.
    explicit HistoryRecorder(ledger::Ledger &ledger, QObject *parent = nullptr);
    // Records what `node` does from now on (its signals); `node` may go first.
    void attach(ProviderNode *node);

    // The events, as ProviderNode's signals carry them (the test seam as well).
    void taskStarted(const QString &taskId, qint64 steps);
    void taskCommitted(const QString &taskId, const QString &runRoot, qint64 steps);
    void gameJoined(const QString &type, const QJsonObject &body); // audit_assign, dispute_open
    void auditReported(const QString &game, const QJsonObject &report);
    void settled(const QJsonObject &body);
    void receiptStored(const QJsonObject &receipt);

Q_SIGNALS:
    void recorded(); // a write committed (tests; the UI follows Ledger::changed)
    void failed(const QString &message);

private:
    void write(const ledger::HistoryUpdate &u);
    void settledAudit(const QString &task, const QString &game, const QJsonObject &detail);
    void settledDispute(const QString &task, const QString &game, const QJsonObject &detail);

    ledger::Ledger &m_ledger;
};

} // namespace idleforge::node
