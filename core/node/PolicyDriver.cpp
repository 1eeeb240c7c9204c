#include "node/PolicyDriver.h"

#include "node/Log.h"
#include "node/StatusServer.h"
#include "settings/PolicySettings.h"
#include "settings/Settings.h"

#include <QJsonArray>
#include <QTimer>

#include <algorithm>
#include <limits>

namespace idleforge::node {

namespace {
bool sameDecision(const policy::Decision &a, const policy::Decision &b)
{
    return a.state == b.state && a.runCpu == b.runCpu && a.runGpu == b.runGpu && a.reasons == b.reasons;
}

// The same state, work and rules: only a reason's text moved on (a count of seconds, a percentage).
bool sameRules(const policy::Decision &a, const policy::Decision &b)
{
    if (a.state != b.state || a.runCpu != b.runCpu || a.runGpu != b.runGpu || a.reasons.size() != b.reasons.size())
        return false;
    for (qsizetype i = 0; i < a.reasons.size(); ++i)
        if (a.reasons[i].rule != b.reasons[i].rule)
            return false;
    return true;
}
} // namespace

PolicyDriver::PolicyDriver(settings::Settings &settings, Options options, const Clock &clock, QObject *parent)
    : QObject(parent), m_settings(settings), m_options(std::move(options)), m_clock(clock),
      m_engine(settings::policySettings(settings, m_options.headless), clock), m_recheck(new QTimer(this))
{
    m_recheck->setSingleShot(true);
    connect(m_recheck, &QTimer::timeout, this, &PolicyDriver::decide);
    connect(&m_settings, &settings::Settings::changed, this, [this] { reloadSettings(); });
    // Until the first snapshot nothing is known, so nothing runs.
    m_decision.reasons.append({QStringLiteral("starting"), tr("Looking at what the machine is doing")});
}

PolicyDriver::~PolicyDriver() = default;

void PolicyDriver::start()
{
    if (m_facts)
        return;
    m_facts = std::make_unique<platform::FactsThread>(m_options.sources, m_options.intervalMs);
    m_facts->setExclusiveApps(settings::exclusiveApps(m_settings));
    m_facts->setHasGpu(m_hasGpu);
    connect(m_facts.get(), &platform::FactsThread::collected, this, &PolicyDriver::onFacts);
    connect(m_facts.get(), &platform::FactsThread::inputSeen, this, &PolicyDriver::onInput);
    m_facts->start();
}

void PolicyDriver::setWorkerPids(const QSet<qint64> &pids)
{
    if (m_facts)
        m_facts->setOurPids(pids);
}

void PolicyDriver::setHasGpu(bool hasGpu)
{
    m_hasGpu = hasGpu;
    if (m_facts)
        m_facts->setHasGpu(hasGpu);
}

void PolicyDriver::reloadSettings()
{
    m_engine.setSettings(settings::policySettings(m_settings, m_options.headless));
    if (m_facts)
        m_facts->setExclusiveApps(settings::exclusiveApps(m_settings));
    decide();
}

void PolicyDriver::onFacts(const policy::Facts &facts)
{
    m_last = facts;
    m_lastAtMs = m_clock.msecsSinceEpoch();
    decide();
}

void PolicyDriver::onInput(qint64 idleMs)
{
    if (!m_last)
        return;
    m_last->inputIdleMs = idleMs;
    m_lastAtMs = m_clock.msecsSinceEpoch();
    decide();
}

void PolicyDriver::pauseFor(qint64 ms)
{
    m_engine.pauseFor(ms);
    decide();
}

void PolicyDriver::pauseUntilResumed()
{
    m_engine.pauseUntilResumed();
    decide();
}

void PolicyDriver::resume()
{
    m_engine.resume();
    decide();
}

void PolicyDriver::decide()
{
    if (!m_last)
        return;
    policy::Facts facts = *m_last;
    // No input seen since (the 100 ms check would have said): the user has been away that much longer.
    // Without that check (D-Bus idle sources) the snapshot's figure stands until the next one.
    if (facts.inputIdleMs && m_facts && m_facts->watchesInput())
        *facts.inputIdleMs += std::max<qint64>(0, m_clock.msecsSinceEpoch() - m_lastAtMs);
    policy::Decision d = m_engine.evaluate(facts);
    if (d.recheckAtMs > 0)
        m_recheck->start(int(std::clamp<qint64>(d.recheckAtMs - m_clock.msecsSinceEpoch(), 0, std::numeric_limits<int>::max())));
    const bool changed = !sameDecision(d, m_decision);
    const bool logged = !sameRules(d, m_decision);
    m_decision = std::move(d);
    if (!changed)
        return;
    if (logged) // once per change of state or rules, not at every new "so far" in a text
        qCInfo(lcNode).noquote() << "policy:" << policy::stateId(m_decision.state) << (m_decision.runCpu ? "cpu" : "-")
                             << (m_decision.runGpu ? "gpu" : "-")
                             << (m_decision.reasons.isEmpty() ? QString() : m_decision.reasons.first().text);
    Q_EMIT decisionChanged(m_decision);
}

QJsonObject PolicyDriver::statusJson() const
{
    QJsonArray reasons;
    for (const policy::Reason &r : m_decision.reasons)
        reasons.append(QJsonObject{{QStringLiteral("rule"), r.rule}, {QStringLiteral("text"), r.text}});
    const qint64 until = m_engine.pausedUntilMs();
    return QJsonObject{{QStringLiteral("state"), policy::stateId(m_decision.state)},
                       {QStringLiteral("run_cpu"), m_decision.runCpu},
                       {QStringLiteral("run_gpu"), m_decision.runGpu},
                       {QStringLiteral("mode"), policy::modeId(m_engine.settings().mode)},
                       {QStringLiteral("reasons"), reasons},
                       {QStringLiteral("paused_until"), until == 0 ? QJsonValue() : QJsonValue(double(until))}};
}

void PolicyDriver::installCommands(StatusServer &server)
{
    const auto answer = [this] {
        QJsonObject r = statusJson();
        r.insert(QStringLiteral("text"), m_decision.reasons.isEmpty() ? tr("Working") : m_decision.reasons.first().text);
        return r;
    };
    server.setCommand(QStringLiteral("pause"), [this, answer](const QJsonObject &request) -> Result<QJsonObject> {
        const QJsonValue forMs = request.value(QLatin1String("for_ms"));
        if (forMs.isUndefined()) {
            pauseUntilResumed();
        } else {
            const double ms = forMs.toDouble(-1);
            if (!forMs.isDouble() || ms <= 0 || ms > 30.0 * 24 * 3600 * 1000 || ms != double(qint64(ms)))
                return makeError("policy.bad_pause", QStringLiteral("for_ms must be a whole number of milliseconds up to 30 days"));
            pauseFor(qint64(ms));
        }
        return answer();
    });
    server.setCommand(QStringLiteral("resume"), [this, answer](const QJsonObject &) -> Result<QJsonObject> {
        resume();
        return answer();
    });
    server.setCommand(QStringLiteral("reload_settings"), [this, answer](const QJsonObject &) -> Result<QJsonObject> {
        m_settings.reload(); // changed() re-decides, once per key that differs
        return answer();
    });
}

} // namespace idleforge::node
