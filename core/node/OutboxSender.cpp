#include "node/OutboxSender.h"

#include "node/CoordinatorClient.h"
#include "node/Outbox.h"

#include <QDateTime>
#include <QScopeGuard>
#include <QTimer>

namespace idleforge::node {

OutboxSender::OutboxSender(std::unique_ptr<Outbox> outbox, CoordinatorClient *client, Say say, QObject *parent)
    : QObject(parent), m_outbox(std::move(outbox)), m_client(client), m_say(std::move(say))
{
    countPending();
}

OutboxSender::~OutboxSender() = default;

void OutboxSender::countPending()
{
    if (auto p = m_outbox->pending())
        m_pending = p->size();
}

void OutboxSender::deliver(const QString &type, const QString &key, const QJsonObject &body, std::function<void()> then)
{
    if (auto item = m_outbox->put(key, type, body, QDateTime::currentMSecsSinceEpoch()); !item)
        m_say(QStringLiteral("cannot persist %1 (%2); sending it anyway").arg(key, item.error().message));
    countPending();
    m_client->send(type, body, [this, key, type, body, then](Result<protocol::Envelope> r) {
        const auto done = qScopeGuard([&] {
            countPending();
            if (then)
                then();
        });
        if (r) {
            (void)m_outbox->acknowledge(key);
            return;
        }
        const QString code = r.error().code;
        if (code == QLatin1String("protocol.disconnected")) {
            m_say(QStringLiteral("%1 kept in the outbox until the coordinator is back").arg(key));
            return; // re-sent after the next registration (flush)
        }
        if (code == QLatin1String("protocol.timeout")) {
            // The connection is up but no answer came: try again later on it.
            m_say(QStringLiteral("%1 got no answer; it stays in the outbox and is re-sent in %2 s").arg(key).arg(kRetryMs / 1000));
            QTimer::singleShot(kRetryMs, this, [this, key, type, body] { retry(key, type, body); });
            return;
        }
        // Refused for good (e.g. the lease expired first): a re-send would not change the answer.
        m_say(QStringLiteral("%1 refused: %2").arg(key, r.error().toString()));
        (void)m_outbox->acknowledge(key);
    });
}

void OutboxSender::retry(const QString &key, const QString &type, const QJsonObject &body)
{
    if (m_stopping)
        return;
    const auto state = m_client->state();
    if (state != CoordinatorClient::State::Ready && state != CoordinatorClient::State::Leased)
        return; // the registration after the reconnect flushes it
    auto pending = m_outbox->pending();
    if (!pending)
        return;
    for (const OutboxItem &item : *pending)
        if (item.key == key) {
            (void)m_outbox->markSent(item.id);
            deliver(type, key, body);
            return;
        }
}

void OutboxSender::flush()
{
    auto pending = m_outbox->pending();
    if (!pending) {
        m_say(QStringLiteral("outbox unreadable: %1").arg(pending.error().message));
        return;
    }
    for (const OutboxItem &item : *pending) {
        m_say(QStringLiteral("re-sending %1 from the outbox").arg(item.key));
        (void)m_outbox->markSent(item.id);
        deliver(item.type, item.key, item.body);
    }
}

} // namespace idleforge::node
