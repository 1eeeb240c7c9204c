#pragma once
// Message types of the protocol (Envelope.h: kProtocolVersion) and the small helpers every endpoint needs. README.md
// lists each type's body fields and the sequence of a task's life; MessageBodies.h and
// GameBodies.h give each body a struct that writes and validates it.
#include "base/Error.h"

#include <QJsonObject>
#include <QString>

#include <optional>

namespace idleforge::protocol::msg {

// coordinator -> anyone, on connect
inline const QString kHello = QStringLiteral("hello");
// node -> coordinator, answered by the coordinator
inline const QString kRegister = QStringLiteral("register");       // -> registered
inline const QString kRegistered = QStringLiteral("registered");
inline const QString kLeaseRequest = QStringLiteral("lease_request"); // -> lease | no_task
inline const QString kLease = QStringLiteral("lease");
inline const QString kNoTask = QStringLiteral("no_task");
inline const QString kHeartbeat = QStringLiteral("heartbeat");     // -> heartbeat_ack
inline const QString kHeartbeatAck = QStringLiteral("heartbeat_ack");
inline const QString kLeaseRelease = QStringLiteral("lease_release"); // -> ack
inline const QString kAck = QStringLiteral("ack");
// submitter / operator -> coordinator
inline const QString kSubmit = QStringLiteral("submit");           // -> submitted
inline const QString kSubmitted = QStringLiteral("submitted");
inline const QString kStatus = QStringLiteral("status");           // -> status_reply
inline const QString kStatusReply = QStringLiteral("status_reply");
// the rest of a task's life (README.md, "A task's life")
inline const QString kCommit = QStringLiteral("commit");             // solver -> ack
inline const QString kAuditAssign = QStringLiteral("audit_assign");  // coord -> verifier (push)
inline const QString kVerify = QStringLiteral("verify");             // relay of core/verify messages, both ways -> ack
inline const QString kAuditResult = QStringLiteral("audit_result");  // verifier -> ack
inline const QString kDisputeOpen = QStringLiteral("dispute_open");  // coord -> solver and verifier (push)
inline const QString kDisputeReady = QStringLiteral("dispute_ready"); // party -> ack
inline const QString kReceipt = QStringLiteral("receipt");           // coord -> node (push), idempotent by id
inline const QString kSettled = QStringLiteral("settled");           // coord -> node (push)
// either way: a refusal; "re" names the refused nonce when the message could be parsed
inline const QString kError = QStringLiteral("error");

// Body of an `error` reply.
QJsonObject errorBody(const Error &error, const QString &re = QString());
// Reads an `error` body back into an Error (code "protocol.bad_error" if it is not one).
Error errorFromBody(const QJsonObject &body);
// Marks a reply body as the answer to the request with nonce `re` (Channel matches by it).
void setReplyTo(QJsonObject &body, const QString &re);

// Field helpers for request bodies: integer fields must be exact integers.
std::optional<qint64> integerField(const QJsonObject &body, const QString &key);

} // namespace idleforge::protocol::msg
