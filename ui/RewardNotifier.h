#pragma once
// The tray notifications about what the network decided for this node (issue 15): a task
// verified and paid, an audit of our run failed (a dispute opens against us), a dispute won or
// lost, stake slashed. Fed by ProviderNode's signals (receiptStored, gameJoined, settledTask).
//
// Rate limit: each kind at most once per kEveryMs; what happens meanwhile is gathered and shown
// as one message when the interval is over ("3 tasks verified and paid: 1.500000 credits").
// notify() carries the message to the tray (TrayController::notify, which obeys the
// `notifications` setting).
#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <functional>

namespace idleforge::node { class ProviderNode; }

namespace idleforge::ui {

class RewardNotifier : public QObject {
    Q_OBJECT
public:
    static constexpr int kEveryMs = 60'000;
    enum class Kind { Paid, AuditFailed, DisputeWon, DisputeLost, Slashed };

    explicit RewardNotifier(QObject *parent = nullptr);
    void attach(node::ProviderNode *provider);
    void setIntervalMs(int ms) { m_everyMs = ms; } // tests

    // The events, as ProviderNode's signals carry them (also the test seam).
    void receiptStored(const QJsonObject &receipt);
    void gameJoined(const QString &type, const QJsonObject &body);
    void settled(const QJsonObject &body);

Q_SIGNALS:
    void notify(const QString &title, const QString &text);

private:
    struct Pending {
        int count = 0;
        qint64 micro = 0;
        QString subject; // the last task
        qint64 lastShownMs = -1;
        QTimer *timer = nullptr;
    };
    void raise(Kind kind, const QString &subject, qint64 micro);
    void show(Kind kind);

    QHash<int, Pending> m_pending;
    QHash<QString, QString> m_disputeRoles; // dispute game -> our role (a / b)
    int m_everyMs = kEveryMs;
};

} // namespace idleforge::ui
