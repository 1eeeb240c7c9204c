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
        m_pending = p->size() + m_unsaved.size();
}

void OutboxSender::persist(const QString &key, const QString &type, const QJsonObject &body)
{
    if (auto item = m_outbox->put(key, type, body, QDateTime::currentMSecsSinceEpoch()); !item) {
        if (!m_unsaved.contains(key))
            m_say(QStringLiteral("cannot store %1 in the outbox (%2); sending it anyway and keeping it in memory until "
                                 "the coordinator answers")
                      .arg(key, item.error().message));
        m_unsaved.insert(key, {type, body});
    } else if (m_unsaved.remove(key) > 0) {
        m_say(QStringLiteral("%1 is stored in the outbox now").arg(key));
    }
}

// The coordinator answered for good: nothing more to send for `key`.
void OutboxSender::settled(const QString &key)
{
    m_unsaved.remove(key);
    if (auto r = m_outbox->acknowledge(key); !r) // stays pending: re-sent once, answered as a duplicate
        m_say(QStringLiteral("cannot mark %1 as answered in the outbox: %2").arg(key, r.error().message));
}

void OutboxSender::deliver(const QString &type, const QString &key, const QJsonObject &body, std::function<void()> then)
{
    persist(key, type, body);
    countPending();
    m_client->send(type, body, [this, key, type, body, then](Result<protocol::Envelope> r) {
        const auto done = qScopeGuard([&] {
            countPending();
            if (then)
                then();
        });
        if (r) {
            settled(key);
            return;
        }
        const QString code = r.error().code;
        if (code == QLatin1String("protocol.disconnected")) {
            m_say(QStringLiteral("%1 kept in the outbox until the coordinator is back").arg(key));
            return; // re-sent after the next registration (flush)
        }
        if (code == QLatin1String("protocol.timeout")) {
            // The connection is up but no answer came: try again later on it.
            m_say(QStringLiteral("%1 got no answer; it stays in the outbox and is re-sent in %2 ms").arg(key).arg(m_retryMs));
            QTimer::singleShot(m_retryMs, this, [this, key, type, body] { retry(key, type, body); });
            return;
        }
        // Refused for good (e.g. the lease expired first): a re-send would not change the answer.
        m_say(QStringLiteral("%1 refused: %2").arg(key, r.error().toString()));
        settled(key);
    });
}

void OutboxSender::retry(const QString &key, const QString &type, const QJsonObject &body)
{
    if (m_stopping)
        return;
    const auto state = m_client->state();
    if (state != CoordinatorClient::State::Ready && state != CoordinatorClient::State::Leased)
        return; // the registration after the reconnect flushes it
    if (m_unsaved.contains(key))
        return deliver(type, key, body); // stores it first, if there is room now
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
    if (!pending)
        m_say(QStringLiteral("outbox unreadable: %1").arg(pending.error().message));
    const QMap<QString, Unsaved> unsaved = m_unsaved; // read before deliver() stores any of them
    for (const OutboxItem &item : pending ? *pending : QList<OutboxItem>()) {
        m_say(QStringLiteral("re-sending %1 from the outbox").arg(item.key));
        (void)m_outbox->markSent(item.id);
        deliver(item.type, item.key, item.body);
    }
    for (auto it = unsaved.cbegin(); it != unsaved.cend(); ++it) {
        m_say(QStringLiteral("re-sending %1 (not stored in the outbox)").arg(it.key()));
        deliver(it->type, it.key(), it->body);
    }
}

} // namespace idleforge::node
