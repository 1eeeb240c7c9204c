#include "node/VerifyHost.h"

#include "node/Log.h"
#include "task/TaskSpec.h"
#include "task/WorkerJob.h"
#include "verify/Audit.h"
#include "verify/GraphRun.h"
#include "verify/Pinpoint.h"
#include "verify/StepRecomputer.h"

#include <QJsonArray>

namespace idleforge::node {

struct VerifyHost::Game {
    verify::TaskContext task;
    std::unique_ptr<verify::ReproStepRecomputer> recomputer;
    std::unique_ptr<verify::AuditVerifier> verifier;
    std::unique_ptr<verify::GraphRun> run;
    std::unique_ptr<verify::AuditSolver> solver;
    std::unique_ptr<verify::PinpointParty> party;
    bool reported = false;
};

VerifyHost::VerifyHost(QString storeDir, int threads, JobFolders folders)
    : m_storeDir(std::move(storeDir)), m_threads(threads), m_folders(std::move(folders))
{
}

VerifyHost::~VerifyHost() = default;

namespace {
Result<verify::TaskContext> contextFor(const QJsonObject &spec, const QString &storeDir)
{
    auto parsed = task::parseTaskSpec(spec);
    if (!parsed)
        return parsed.error();
    if (parsed->backend != QLatin1String("repro"))
        return makeError("verify.not_reproducible", QStringLiteral("only repro tasks are verified by recomputation"));
    return verify::loadTaskContext(*parsed, storeDir);
}
} // namespace

Result<VerifyHost::Output> VerifyHost::collect(Game &g, Result<std::vector<verify::Message>> out)
{
    if (!out)
        return out.error();
    Output o;
    o.messages = std::move(out).value();
    if (g.verifier && g.verifier->report().finished && !g.reported) {
        g.reported = true;
        const verify::AuditReport &r = g.verifier->report();
        QJsonArray samples;
        for (const auto &s : r.samples)
            samples.append(QJsonObject{{QStringLiteral("step"), qint64(s.step)}, {QStringLiteral("ok"), s.ok},
                                       {QStringLiteral("reason"), s.reason}});
        o.auditFinished = true;
        o.auditReport = QJsonObject{{QStringLiteral("ok"), r.ok},
                                    {QStringLiteral("samples"), samples},
                                    {QStringLiteral("recomputed"), r.recomputed},
                                    {QStringLiteral("mode"), r.replayed ? QStringLiteral("replay") : QStringLiteral("sample")},
                                    {QStringLiteral("total_steps"), qint64(r.totalSteps)},
                                    {QStringLiteral("failure"), r.failure}};
    }
    return o;
}

Result<VerifyHost::Output> VerifyHost::startAudit(const QString &game, const QJsonObject &spec, const QString &seedHex, int samples)
{
    const auto seed = crypto::hashFromHex(seedHex.toStdString());
    if (!seed || samples < 1)
        return makeError("verify.malformed", QStringLiteral("an audit needs a 64-hex seed and at least one sample"));
    if (m_games.count(game))
        return Output{}; // a re-sent assignment: the audit is already under way
    auto g = std::make_unique<Game>();
    auto ctx = contextFor(spec, m_storeDir);
    if (!ctx)
        return ctx.error();
    g->task = std::move(ctx).value();
    g->recomputer = std::make_unique<verify::ReproStepRecomputer>(g->task, m_threads);
    g->verifier = std::make_unique<verify::AuditVerifier>(g->task, *g->recomputer, *seed, samples, game);
    Game &ref = *g;
    m_games[game] = std::move(g);
    return collect(ref, ref.verifier->start());
}

Result<void> VerifyHost::openRun(const QString &game, const QString &role, const QJsonObject &spec, const QString &workdir)
{
    if (m_games.count(game))
        return {};
    auto g = std::make_unique<Game>();
    auto ctx = contextFor(spec, m_storeDir);
    if (!ctx)
        return ctx.error();
    g->task = std::move(ctx).value();
    const QString twin = m_folders.ramWorkdirOf(workdir);
    auto run = verify::GraphRun::open(g->task, workdir, m_threads, twin.isEmpty() ? QString() : task::checkpointDirOf(twin, QStringLiteral("repro")));
    if (!run)
        return run.error();
    g->run = std::move(run).value();
    if (role == QLatin1String("solver")) {
        g->solver = std::make_unique<verify::AuditSolver>(*g->run, g->task.taskId, game);
        if (m_sink)
            g->solver->setSink([sink = m_sink, game](verify::Message m) { return sink(game, std::move(m)); });
    } else
        g->party = std::make_unique<verify::PinpointParty>(role, *g->run, g->task, game);
    m_games[game] = std::move(g);
    return {};
}

Result<VerifyHost::Output> VerifyHost::deliver(const verify::Message &m, const QJsonObject &spec, const QString &workdir)
{
    auto it = m_games.find(m.game);
    if (it == m_games.end()) {
        if (m.type != QLatin1String("audit.request") || m.to != QLatin1String("solver"))
            return makeError("verify.unknown_game", QStringLiteral("no party of ours in %1").arg(m.game));
        if (workdir.isEmpty())
            return makeError("verify.no_run", QStringLiteral("we hold no run of the task audited in %1").arg(m.game));
        if (auto r = openRun(m.game, QStringLiteral("solver"), spec, workdir); !r)
            return r.error();
        it = m_games.find(m.game);
    }
    Game &g = *it->second;
    if (m.to == QLatin1String("verifier") && g.verifier)
        return collect(g, g.verifier->handle(m));
    if (m.to == QLatin1String("solver") && g.solver)
        return collect(g, g.solver->handle(m));
    if ((m.to == QLatin1String("a") || m.to == QLatin1String("b")) && g.party)
        return collect(g, g.party->handle(m));
    return makeError("verify.misrouted", QStringLiteral("we do not play \"%1\" in %2").arg(m.to, m.game));
}

void VerifyHost::close(const QString &game)
{
    m_games.erase(game);
}

} // namespace idleforge::node
