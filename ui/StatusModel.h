#pragma once
// View model of the Overview page: what the node is doing and earning. The policy's state and
// reason (Pause / Resume go to the policy), earnings today, over 7 days and in total, the rate,
// the stake, the current task (progress, step of steps, tokens/s, ETA) and the last events (the
// history's latest changes, translated).
// Fed in batches (at most one refresh per kBatchMs) by the provider's statusChanged, the
// policy's decisionChanged and the ledger's changed(); the ledger is read with readAsync on its
// reader thread, never on the GUI thread.
#include "Batcher.h"

#include <QDateTime>
#include <QLocale>
#include <QObject>
#include <QPointer>
#include <QStringList>

namespace idleforge::ledger {
class Ledger;
struct HistoryEntry;
}
namespace idleforge::node {
class PolicyDriver;
class ProviderNode;
}

namespace idleforge::ui {

class StatusModel : public QObject {
    Q_OBJECT
    Q_PROPERTY(QString stateText READ stateText NOTIFY policyChanged)
    Q_PROPERTY(QString reasonText READ reasonText NOTIFY policyChanged)
    Q_PROPERTY(bool paused READ paused NOTIFY policyChanged)
    Q_PROPERTY(bool canPause READ canPause NOTIFY policyChanged)
    Q_PROPERTY(QString todayText READ todayText NOTIFY earningsChanged)
    Q_PROPERTY(QString weekText READ weekText NOTIFY earningsChanged)
    Q_PROPERTY(QString lifetimeText READ lifetimeText NOTIFY earningsChanged)
    Q_PROPERTY(QString rateText READ rateText NOTIFY earningsChanged)
    Q_PROPERTY(QString stakeText READ stakeText NOTIFY earningsChanged)
    Q_PROPERTY(bool hasTask READ hasTask NOTIFY taskChanged)
    Q_PROPERTY(QString taskText READ taskText NOTIFY taskChanged)
    Q_PROPERTY(double taskProgress READ taskProgress NOTIFY taskChanged)
    Q_PROPERTY(QString stepText READ stepText NOTIFY taskChanged)
    Q_PROPERTY(QString tokensText READ tokensText NOTIFY taskChanged)
    Q_PROPERTY(QString etaText READ etaText NOTIFY taskChanged)
    Q_PROPERTY(QStringList recentEvents READ recentEvents NOTIFY eventsChanged)
public:
    static constexpr int kBatchMs = 250;
    static constexpr int kRecentEvents = 5;

    explicit StatusModel(QObject *parent = nullptr);

    void setPolicy(node::PolicyDriver *policy);
    void setLedger(ledger::Ledger *ledger);
    void attach(node::ProviderNode *provider); // null: offline

    QString stateText() const { return m_stateText; }
    QString reasonText() const { return m_reasonText; }
    bool paused() const { return m_paused; }
    bool canPause() const;
    QString todayText() const { return m_todayText; }
    QString weekText() const { return m_weekText; }
    QString lifetimeText() const { return m_lifetimeText; }
    QString rateText() const { return m_rateText; }
    QString stakeText() const { return m_stakeText; }
    bool hasTask() const { return !m_taskText.isEmpty(); }
    QString taskText() const { return m_taskText; }
    double taskProgress() const { return m_taskProgress; }
    QString stepText() const { return m_stepText; }
    QString tokensText() const { return m_tokensText; }
    QString etaText() const { return m_etaText; }
    QStringList recentEvents() const { return m_recentEvents; }

    Q_INVOKABLE void pause();
    Q_INVOKABLE void resume();

protected:
    bool event(QEvent *e) override; // LanguageChange: every text again, in the new language

Q_SIGNALS:
    void policyChanged();
    void earningsChanged();
    void taskChanged();
    void eventsChanged();

private:
    struct Earnings {
        qint64 today = 0, week = 0, lifetime = 0, staked = 0;
    };
    void schedule(bool ledgerToo);
    void refresh();
    void refreshPolicy();
    void refreshTask();
    void readLedger();
    void showEarnings(const Earnings &e);
    static QString eventLine(const ledger::HistoryEntry &h, const QLocale &locale);

    QPointer<node::PolicyDriver> m_policy;
    QPointer<ledger::Ledger> m_ledger;
    QPointer<node::ProviderNode> m_provider;
    Batcher m_batch{kBatchMs, [this] { refresh(); }};
    bool m_ledgerDirty = false;
    QString m_stateText, m_reasonText, m_todayText, m_weekText, m_lifetimeText, m_rateText, m_stakeText;
    bool m_paused = false;
    QString m_taskText, m_stepText, m_tokensText, m_etaText;
    double m_taskProgress = 0;
    QStringList m_recentEvents;
    // The training rate: the first step seen of the current task and when.
    QString m_rateTask;
    qint64 m_rateStep = 0, m_rateSinceMs = 0;
};

} // namespace idleforge::ui
