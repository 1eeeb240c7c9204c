#pragma once
// The part of the devnet's SQLite file that follows a commitment (schema v2, v3): the solver's
// commitment, the games played over it (audits and disputes) and the relay log of their
// messages. It shares DevnetStore's connection (reached as DevnetStore::games()) and its
// single-thread contract; the commitment is written in one transaction with the lease and the
// task it completes.
//
// Ids on the wire: game "g<n>" (n = the row id).
#include "base/Error.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace idleforge::db {
class Database;
}

namespace idleforge::devnet {

struct CommitmentRow {
    qint64 taskId = 0;
    qint64 leaseId = 0;
    QString nodeId;
    QString runRoot;   // 64 hex
    QString finalHash; // 64 hex
    qint64 steps = 0;
    qint64 checkpointEvery = 0;
    QJsonArray losses; // strings
    qint64 ms = 0;
};

// An audit (kind "audit": verifier re-executes sampled steps of the solver's run) or a dispute
// (kind "dispute": the pinpoint game between solver "a" and verifier "b", the coordinator
// refereeing). "g<n>" on the wire.
struct GameRow {
    qint64 id = 0;
    QString kind;
    qint64 taskId = 0;
    std::optional<qint64> parent; // the audit a dispute came from
    QString solver;
    QString verifier; // empty while waiting for one
    QString state;    // waiting | open | replicating | passed | failed | decided | abandoned
    QString seed;     // 64 hex, drawn after the commitment
    qint64 samples = 0;
    QString ready;    // dispute: the parties ready for the game ("a", "b", "ab")
    QJsonObject outcome;
    qint64 messages = 0;
    qint64 bytes = 0;
    qint64 createdMs = 0;
    qint64 updatedMs = 0;
    QString wireId() const { return QStringLiteral("g%1").arg(id); }
};

// One relayed verification message (schema v3): every message the coordinator passed on in a
// game, from the parties and from its own referee, in the order it handled them. It makes the
// relay exactly-once across restarts: a re-sent message (same game, sender, receiver, seq) is
// recognised, a node that reconnects gets what was addressed to it again (its state machine
// skips what it already has, by seq), and a referee lost in a restart is rebuilt by replaying
// what it was told.
struct RelayRow {
    qint64 game = 0;
    QString from;     // role: solver | verifier | a | b | referee
    QString to;
    qint64 seq = 0;
    QJsonObject message; // the verify message (verify::messageToJson)
    QString blob;        // 64 hex or empty
};

class GameStore {
public:
    explicit GameStore(db::Database &db) : m_db(db) {}
    GameStore(const GameStore &) = delete;
    GameStore &operator=(const GameStore &) = delete;

    // The solver's commitment: lease completed, task committed, one transaction. A second
    // commit of the same lease with the same run root is idempotent (returns the stored row,
    // `resent` set); with another root it fails with devnet.recommit. devnet.no_lease for a
    // lease of another node, devnet.lease_gone for one that is no longer active.
    struct Committed {
        CommitmentRow row;
        bool resent = false;
    };
    Result<Committed> commit(qint64 leaseId, const QString &nodeId, const CommitmentRow &c, qint64 nowMs);
    Result<std::optional<CommitmentRow>> commitment(qint64 taskId) const;

    Result<GameRow> addGame(const GameRow &g, qint64 nowMs);
    Result<std::optional<GameRow>> game(qint64 id) const;
    // Game g<id> of `kind` ("audit" or "dispute"; nullptr: either), else devnet.no_game.
    Result<GameRow> gameOfKind(qint64 id, const char *kind) const;
    Result<QList<GameRow>> gamesInState(const QString &state) const;
    // How many games of `kind` ("audit", "dispute") a task has had.
    Result<qint64> gameCount(qint64 taskId, const char *kind) const;
    Result<void> updateGame(const GameRow &g, qint64 nowMs); // state, verifier, ready, outcome, counters

    // false: this (game, from, to, seq) was logged before (a re-send), nothing written.
    Result<bool> logRelay(const RelayRow &r, qint64 nowMs);
    // A game's relayed messages in the order they were logged; `to` empty: all of them.
    Result<QList<RelayRow>> relayLog(qint64 game, const QString &to = {}) const;

private:
    db::Database &m_db;
};

} // namespace idleforge::devnet
