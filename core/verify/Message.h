#pragma once
// Messages of the verification protocols (audit, pinpoint game). Parties are state machines
// that consume one Message and emit zero or more; nothing here knows about sockets, so the
// network layer can carry the same structs later (body as canonical JSON, blob by content hash).
//
// A message is {type, game, from, to, seq, body} plus an optional binary blob for bulky
// tensors (a state s_t, a node's inputs). `seq` counts the sender's messages to that receiver in
// this game from 1; a receiver refuses anything that does not carry the next number it expects from that
// sender (replays and reordering), anything of a type it does not expect now, anything over
// the size limits, and bodies that miss or mistype a field. Refusing never changes state.
#include "base/Error.h"
#include "crypto/Blake2b.h"
#include "crypto/Merkle.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <map>
#include <optional>
#include <vector>

namespace idleforge::verify {

using crypto::Hash256;

struct Limits {
    qint64 maxBodyBytes = 64 * 1024;        // JSON body, compact
    qint64 maxBlobBytes = qint64(1) << 30;  // tensors; a real node also caps by the task's state size
};

struct Message {
    QString type;
    QString game;
    QString from;
    QString to;
    qint64 seq = 0;
    QJsonObject body;
    QByteArray blob;

    // Bytes on the wire: the compact JSON envelope plus the blob.
    qint64 wireBytes() const;
};

// Per-receiver bookkeeping of what it accepts next. Every state machine owns one.
class MessageGate {
public:
    MessageGate(QString self, QString game, Limits limits = {}) : m_self(std::move(self)), m_game(std::move(game)), m_limits(limits) {}

    // Checks envelope, size, sender and sequence number against the receiver's current state
    // (`expectedTypes`). Changes nothing: call accept() once the body was found valid too.
    Result<void> check(const Message &m, const QStringList &expectedFrom, const QStringList &expectedTypes) const;
    void accept(const Message &m) { m_lastSeen[m.from] = m.seq; }

    // The next message from this machine, numbered.
    Message make(const QString &to, const QString &type, QJsonObject body, QByteArray blob = {});

    const QString &game() const { return m_game; }
    const Limits &limits() const { return m_limits; }

private:
    QString m_self;
    QString m_game;
    Limits m_limits;
    std::map<QString, qint64> m_sent; // per receiver
    std::map<QString, qint64> m_lastSeen;
};

// Body field readers: each fails with "verify.malformed" naming the field.
Result<Hash256> hashField(const QJsonObject &o, const char *key);
Result<qint64> intField(const QJsonObject &o, const char *key, qint64 min, qint64 max);
Result<std::vector<Hash256>> hashListField(const QJsonObject &o, const char *key, qsizetype maxCount);
QString hexOf(const Hash256 &h);
QJsonArray hashList(const std::vector<Hash256> &hashes);

// A Merkle proof as {"index", "count", "siblings"}.
QJsonObject proofJson(const crypto::MerkleProof &p);
Result<crypto::MerkleProof> proofField(const QJsonObject &o, const char *key);

Error malformed(const QString &what);

// The network form of a Message without its blob: {type, game, from, to, seq, body}. The blob
// travels separately, by content hash (the relay carries "blob": <64 hex>).
QJsonObject messageToJson(const Message &m);
// Checks shape and field types (verify.malformed); the receiving machine checks the rest.
Result<Message> messageFromJson(const QJsonObject &o);

} // namespace idleforge::verify
