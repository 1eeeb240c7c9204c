#include "RewardNotifier.h"

#include "CreditsText.h"
#include "node/ProviderNode.h"
#include "protocol/GameBodies.h"
#include "protocol/Messages.h"
#include "protocol/Receipt.h"

#include <QDateTime>
#include <QLocale>

namespace idleforge::ui {

RewardNotifier::RewardNotifier(QObject *parent) : QObject(parent) {}

void RewardNotifier::attach(node::ProviderNode *provider)
{
    if (!provider)
        return;
    connect(provider, &node::ProviderNode::receiptStored, this, &RewardNotifier::receiptStored);
    connect(provider, &node::ProviderNode::gameJoined, this, &RewardNotifier::gameJoined);
    connect(provider, &node::ProviderNode::settledTask, this, &RewardNotifier::settled);
}

// Only settled receipts are news: a verified reward (paid) or slash.
void RewardNotifier::receiptStored(const QJsonObject &json)
{
    const auto r = protocol::Receipt::fromJson(json);
    if (!r || r->status() != QLatin1String("verified"))
        return;
    if (r->kind == QLatin1String("reward"))
        raise(Kind::Paid, r->jobId, r->amount);
    else if (r->kind == QLatin1String("slash"))
        raise(Kind::Slashed, r->jobId, r->amount);
}

// A dispute where we play a: the audit of our run failed.
void RewardNotifier::gameJoined(const QString &type, const QJsonObject &json)
{
    if (type != protocol::msg::kDisputeOpen)
        return;
    const auto body = protocol::DisputeOpenBody::fromJson(json);
    if (!body)
        return;
    m_disputeRoles.insert(body->dispute, body->role);
    if (m_disputeRoles.size() > 1000) // a bound; a dispute settles within its challenge window
        m_disputeRoles.erase(m_disputeRoles.begin());
    if (body->role == QLatin1String("a"))
        raise(Kind::AuditFailed, body->task, 0);
}

void RewardNotifier::settled(const QJsonObject &json)
{
    const auto body = protocol::SettledBody::fromJson(json);
    if (!body || !protocol::DisputeVerdict::isVerdict(body->detail))
        return;
    const auto verdict = protocol::DisputeVerdict::fromJson(body->detail);
    const QString role = m_disputeRoles.take(body->game);
    if (!verdict || role.isEmpty())
        return; // not a dispute this run of the node joined
    raise(verdict->winner == role ? Kind::DisputeWon : Kind::DisputeLost, body->task, 0);
}

void RewardNotifier::raise(Kind kind, const QString &subject, qint64 micro)
{
    Pending &p = m_pending[int(kind)];
    ++p.count;
    p.micro += micro;
    p.subject = subject;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (p.lastShownMs < 0 || now - p.lastShownMs >= m_everyMs)
        return show(kind);
    if (!p.timer) {
        p.timer = new QTimer(this);
        p.timer->setSingleShot(true);
        connect(p.timer, &QTimer::timeout, this, [this, kind] { show(kind); });
    }
    if (!p.timer->isActive())
        p.timer->start(int(std::max<qint64>(0, m_everyMs - (now - p.lastShownMs))));
}

void RewardNotifier::show(Kind kind)
{
    Pending &p = m_pending[int(kind)];
    if (p.count == 0)
        return;
    const QString credits = formatCreditsLocalized(p.micro, QLocale());
    const int n = p.count;
    QString title, text;
    switch (kind) {
    case Kind::Paid:
        title = tr("Task verified and paid");
        text = n == 1 ? tr("%1 earned %2 credits.").arg(p.subject, credits)
                      : tr("%n task(s) verified and paid: %1 credits.", nullptr, n).arg(credits);
        break;
    case Kind::AuditFailed:
        title = tr("An audit of your work failed");
        text = n == 1 ? tr("%1 goes to a dispute; the referee will decide.").arg(p.subject)
                      : tr("%n audit(s) of your work failed; disputes follow.", nullptr, n);
        break;
    case Kind::DisputeWon:
        title = tr("Dispute won");
        text = n == 1 ? tr("The referee ruled for you on %1.").arg(p.subject) : tr("You won %n dispute(s).", nullptr, n);
        break;
    case Kind::DisputeLost:
        title = tr("Dispute lost");
        text = n == 1 ? tr("The referee ruled against you on %1.").arg(p.subject) : tr("You lost %n dispute(s).", nullptr, n);
        break;
    case Kind::Slashed:
        title = tr("Stake slashed");
        text = tr("%1 credits of your stake were slashed.").arg(credits);
        break;
    }
    p.count = 0;
    p.micro = 0;
    p.lastShownMs = QDateTime::currentMSecsSinceEpoch();
    Q_EMIT notify(title, text);
}

} // namespace idleforge::ui
