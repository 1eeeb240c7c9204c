#pragma once
// When this node may compute, decided continuously: platform::FactsThread's snapshots (one a
// second, off the GUI thread) and the settings table go through policy::PolicyEngine; a changed
// decision is announced (decisionChanged) for the node's rooms, the tray and notifications to
// obey. It re-decides at each snapshot, at each settings change, at the user's pause or resume,
// and at the decision's own re-check time (a pause for an hour ends on time without new facts;
// while FactsThread watches the input between snapshots, the idle time read at the last one grows
// with the clock, so work starts at the idle threshold, not at the next snapshot).
//
// It also serves the status socket's commands (pause {"for_ms"}, resume, reload_settings; only
// from this node's user, StatusServer checks) and the status object's "policy" entry:
//   {"state": "paused_game", "run_cpu": false, "run_gpu": false, "mode": "auto",
//    "reasons": [{"rule": "game", "text": "Game running: cs2.exe"}], "paused_until": ms | null}
#include "base/Clock.h"
#include "platform/FactsCollector.h"
#include "policy/PolicyEngine.h"

#include <QJsonObject>
#include <QObject>
#include <QSet>

#include <memory>

class QTimer;

namespace idleforge::settings {
class Settings;
}

namespace idleforge::node {

class StatusServer;

class PolicyDriver : public QObject {
    Q_OBJECT
public:
    struct Options {
        bool headless = false; // an unset `mode` means always (dedicated machines)
        platform::FactsSources sources;
        int intervalMs = 1000;
    };

    PolicyDriver(settings::Settings &settings, Options options, const Clock &clock = Clock::instance(), QObject *parent = nullptr);
    ~PolicyDriver() override;

    // Starts collecting facts (until then, and until the first snapshot, nothing may run).
    void start();
    const policy::Decision &decision() const { return m_decision; }
    QJsonObject statusJson() const;
    void installCommands(StatusServer &server);

    void setWorkerPids(const QSet<qint64> &pids);
    // Whether this node's work uses a GPU (a repro task on a Vulkan device): then a busy GPU
    // pauses it too (Decision::runGpu). Kept across start().
    void setHasGpu(bool hasGpu);

    // The user's own pause (the tray menu, idleforgectl pause/resume).
    void pauseFor(qint64 ms);
    void pauseUntilResumed();
    void resume();

    // One snapshot, as FactsThread delivers them (tests call it directly).
    void onFacts(const policy::Facts &facts);
    // Input seen between snapshots (FactsThread::inputSeen): decided at once with that idle time.
    void onInput(qint64 idleMs);

Q_SIGNALS:
    // A different decision: which work may run, the state or its reasons changed.
    void decisionChanged(const idleforge::policy::Decision &decision);

private:
    void reloadSettings();
    void decide();

    settings::Settings &m_settings;
    Options m_options;
    const Clock &m_clock;
    policy::PolicyEngine m_engine;
    bool m_hasGpu = false;
    std::unique_ptr<platform::FactsThread> m_facts;
    std::optional<policy::Facts> m_last;
    qint64 m_lastAtMs = 0; // when m_last's input idle time was read
    policy::Decision m_decision;
    QTimer *m_recheck;
};

} // namespace idleforge::node
