#pragma once
// The verification parties a provider plays, by game ("g<n>"): AuditVerifier for audits
// assigned to us, AuditSolver for audits of our runs, PinpointParty in a dispute. Socket-free
// and single-threaded: ProviderNode calls it only from its verification thread, because
// answering a message can replay training steps.
#include "base/Error.h"
#include "node/JobFolders.h"
#include "verify/Message.h"

#include <QJsonObject>
#include <QString>

#include <functional>
#include <map>
#include <memory>
#include <vector>

namespace idleforge::node {

class VerifyHost {
public:
    struct Output {
        std::vector<verify::Message> messages;
        bool auditFinished = false;
        QJsonObject auditReport; // {ok, samples:[{step, ok, reason}], recomputed, total_steps, failure}
    };

    // `folders`: where our runs' extra checkpoints in memory lie (JobFolders::ramWorkdirOf).
    VerifyHost(QString storeDir, int threads, JobFolders folders = JobFolders(QString()));
    ~VerifyHost();

    // We verify `game`: sample `samples` steps of the solver's run with the coordinator's seed.
    Result<Output> startAudit(const QString &game, const QJsonObject &spec, const QString &seedHex, int samples);
    // We defend our run in `workdir` (solver of an audit, or party "a"/"b" of a dispute).
    Result<void> openRun(const QString &game, const QString &role, const QJsonObject &spec, const QString &workdir);
    // A relayed message for one of our parties. An audit.request for a game we do not know yet
    // opens the solver side on `workdir` (our run of that task).
    Result<Output> deliver(const verify::Message &m, const QJsonObject &spec, const QString &workdir);
    void close(const QString &game);
    // Where the solvers' openings go as they are made (AuditSolver::setSink), called on the
    // verification thread; set it before any game opens. Without it they come back in Output.
    using OpeningSink = std::function<bool(const QString &game, verify::Message)>;
    void setOpeningSink(OpeningSink sink) { m_sink = std::move(sink); }
    bool has(const QString &game) const { return m_games.count(game) > 0; }

private:
    struct Game;
    Result<Output> collect(Game &g, Result<std::vector<verify::Message>> out);
    QString m_storeDir;
    int m_threads;
    JobFolders m_folders;
    OpeningSink m_sink;
    std::map<QString, std::unique_ptr<Game>> m_games;
};

} // namespace idleforge::node
