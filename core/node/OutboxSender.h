#pragma once
// Delivery of what must reach the coordinator (commitments, audit results, outgoing verify
// messages): persisted in the Outbox first, then sent; a dropped connection or a restart re-sends
// it after the next registration (flush), a missing answer after kRetryMs on the same connection.
// The coordinator treats a re-send as the same message (idempotent commits and results, the
// relay log by game, sender, receiver and seq). A refusal for good is acknowledged and dropped.
#include <QJsonObject>
#include <QObject>
#include <QString>

#include <functional>
#include <memory>

namespace idleforge::node {

class CoordinatorClient;
class Outbox;

class OutboxSender : public QObject {
    Q_OBJECT
public:
    static constexpr int kRetryMs = 10'000;
    using Say = std::function<void(const QString &)>;

    OutboxSender(std::unique_ptr<Outbox> outbox, CoordinatorClient *client, Say say, QObject *parent = nullptr);
    ~OutboxSender() override;

    // `then` runs once the coordinator answered or the send failed.
    void deliver(const QString &type, const QString &key, const QJsonObject &body, std::function<void()> then = {});
    void flush(); // after a registration: re-send everything not acknowledged
    void stop() { m_stopping = true; }
    qint64 pendingCount() const { return m_pending; }

private:
    void retry(const QString &key, const QString &type, const QJsonObject &body);
    void countPending();

    std::unique_ptr<Outbox> m_outbox;
    CoordinatorClient *m_client;
    Say m_say;
    bool m_stopping = false;
    qint64 m_pending = 0; // kept current here, so the status never reads the outbox
};

} // namespace idleforge::node
