#pragma once
// Delivery of what must reach the coordinator (commitments, audit results, outgoing verify
// messages): persisted in the Outbox first, then sent; a dropped connection or a restart re-sends
// it after the next registration (flush), a missing answer after kRetryMs on the same connection.
// The coordinator treats a re-send as the same message (idempotent commits and results, the
// relay log by game, sender, receiver and seq). A refusal for good is acknowledged and dropped.
//
// A message the Outbox cannot store (a full disk) is sent anyway and kept in memory until the
// coordinator answers: re-sent after a missing answer or a reconnect like a stored one, and
// stored again before each re-send, so it reaches the file once space is back. Only a restart
// before then loses it (nothing could have kept it).
#include <QJsonObject>
#include <QMap>
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
    qint64 pendingCount() const { return m_pending; } // stored and not yet stored alike
    void setRetryMs(int ms) { m_retryMs = ms; }        // after a missing answer; tests shorten it

private:
    struct Unsaved {
        QString type;
        QJsonObject body;
    };
    void persist(const QString &key, const QString &type, const QJsonObject &body);
    void settled(const QString &key);
    void retry(const QString &key, const QString &type, const QJsonObject &body);
    void countPending();

    std::unique_ptr<Outbox> m_outbox;
    CoordinatorClient *m_client;
    Say m_say;
    bool m_stopping = false;
    int m_retryMs = kRetryMs;
    qint64 m_pending = 0; // kept current here, so the status never reads the outbox
    QMap<QString, Unsaved> m_unsaved; // by key: sent, but the Outbox could not store them
};

} // namespace idleforge::node
