#include "StatusModel.h"

#include "ActivityModel.h"
#include "CreditsText.h"
#include "ledger/Ledger.h"
#include "node/PolicyDriver.h"
#include "node/ProviderNode.h"

#include <QDateTime>
#include <QEvent>
#include <QJsonObject>
#include <QLocale>

#include <algorithm>

namespace idleforge::ui {

namespace {
QString stateTextOf(policy::State state)
{
    switch (state) {
    case policy::State::Running:
        return StatusModel::tr("Working for the network");
    case policy::State::WaitingForIdle:
        return StatusModel::tr("Waiting until you are away");
    case policy::State::PausedByUser:
        return StatusModel::tr("Paused by you");
    case policy::State::PausedGame:
        return StatusModel::tr("Paused for your game");
    default:
        return StatusModel::tr("Paused");
    }
}

QString durationText(qint64 seconds)
{
    if (seconds < 60)
        return StatusModel::tr("%n second(s)", nullptr, int(seconds));
    if (seconds < 3600)
        return StatusModel::tr("%n minute(s)", nullptr, int((seconds + 59) / 60));
    return StatusModel::tr("%1 h %2 min").arg(QLocale().toString(seconds / 3600)).arg((seconds % 3600) / 60);
}
} // namespace

StatusModel::StatusModel(QObject *parent) : QObject(parent)
{
    showEarnings({});
    refreshPolicy();
    refreshTask();
}

void StatusModel::setPolicy(node::PolicyDriver *policy)
{
    m_policy = policy;
    if (policy)
        m_batch.follow(policy, &node::PolicyDriver::decisionChanged);
    refreshPolicy();
}

void StatusModel::setLedger(ledger::Ledger *ledger)
{
    m_ledger = ledger;
    if (ledger)
        connect(ledger, &ledger::Ledger::changed, this, [this] { schedule(true); });
    schedule(true);
}

void StatusModel::attach(node::ProviderNode *provider)
{
    if (m_provider)
        m_batch.unfollow(m_provider);
    m_provider = provider;
    if (provider)
        m_batch.follow(provider, &node::ProviderNode::statusChanged);
    schedule(false);
}

void StatusModel::schedule(bool ledgerToo)
{
    m_ledgerDirty = m_ledgerDirty || ledgerToo;
    m_batch.request();
}

void StatusModel::refresh()
{
    refreshPolicy();
    refreshTask();
    if (m_ledgerDirty) {
        m_ledgerDirty = false;
        readLedger();
    }
}

void StatusModel::refreshPolicy()
{
    if (!m_policy) {
        m_stateText = tr("Starting");
        m_reasonText.clear();
        m_paused = false;
    } else {
        const policy::Decision &d = m_policy->decision();
        m_stateText = stateTextOf(d.state);
        m_reasonText = d.reasons.isEmpty() ? QString() : d.reasons.first().text;
        m_paused = d.state == policy::State::PausedByUser;
    }
    Q_EMIT policyChanged();
}

// The current task from the provider's cached status; tokens/s and the ETA from the steps
// taken since this model first saw the task.
void StatusModel::refreshTask()
{
    const QLocale locale;
    const QJsonObject s = m_provider ? m_provider->statusSnapshot() : QJsonObject();
    const QJsonObject job = s.value(QLatin1String("job")).toObject();
    if (job.isEmpty()) {
        m_taskText.clear();
        m_stepText.clear();
        m_tokensText.clear();
        m_etaText.clear();
        m_taskProgress = 0;
        m_rateTask.clear();
        Q_EMIT taskChanged();
        return;
    }
    const QString id = job.value(QLatin1String("id")).toString();
    const qint64 step = job.value(QLatin1String("step")).toInteger();
    const qint64 steps = job.value(QLatin1String("steps")).toInteger();
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    m_taskText = job.value(QLatin1String("kind")).toString() == QLatin1String("replica") ? tr("Re-running task %1 for a dispute").arg(id)
                                                                                           : tr("Training task %1").arg(id);
    m_stepText = tr("Step %1 of %2").arg(locale.toString(step), locale.toString(steps));
    m_taskProgress = steps > 0 ? double(step) / double(steps) : 0;
    if (id != m_rateTask || step < m_rateStep) {
        m_rateTask = id;
        m_rateStep = step;
        m_rateSinceMs = now;
    }
    const double seconds = double(now - m_rateSinceMs) / 1000.0;
    const qint64 done = step - m_rateStep;
    if (done > 0 && seconds > 0.5) {
        const double stepsPerSecond = double(done) / seconds;
        const qint64 tokens = job.value(QLatin1String("tokens_per_step")).toInteger();
        m_tokensText = tokens > 0 ? tr("%1 tokens/s").arg(locale.toString(stepsPerSecond * double(tokens), 'f', 0)) : QString();
        m_etaText = tr("About %1 left").arg(durationText(qint64(double(steps - step) / stepsPerSecond)));
    } else {
        m_tokensText.clear();
        m_etaText = tr("Measuring the speed");
    }
    Q_EMIT taskChanged();
}

void StatusModel::readLedger()
{
    if (!m_ledger)
        return;
    const QDate today = QDateTime::currentDateTimeUtc().date();
    m_ledger->readAsync<Earnings>(this, [today](const ledger::LedgerQueries &q) -> Result<Earnings> {
        auto days = q.earningsByDay(today.addDays(-6), today);
        auto lifetime = q.lifetimeEarnings();
        auto staked = q.staked(); // the stake as the Earnings page says it: stakes less slashes
        if (!days || !lifetime || !staked)
            return !days ? days.error() : !lifetime ? lifetime.error() : staked.error();
        Earnings e;
        e.lifetime = *lifetime;
        e.staked = *staked;
        for (const ledger::DayEarnings &d : *days) {
            e.week += d.net;
            if (d.day == today)
                e.today = d.net;
        }
        return e;
    }, [this](Result<Earnings> e) {
        if (e)
            showEarnings(*e);
    });
    // The last events are the history's latest changes (a task verified, a dispute lost), in the
    // words of the language shown: the activity log's lines are the node's own, in English.
    m_ledger->readAsync<QList<ledger::HistoryEntry>>(this, [](const ledger::LedgerQueries &q) { return q.history(kRecentEvents * 4); },
                                                     [this](Result<QList<ledger::HistoryEntry>> rows) {
        if (!rows)
            return;
        QList<ledger::HistoryEntry> latest = *rows;
        std::stable_sort(latest.begin(), latest.end(), [](const auto &a, const auto &b) { return a.updatedMs > b.updatedMs; });
        QStringList lines;
        const QLocale locale;
        for (const ledger::HistoryEntry &h : latest.mid(0, kRecentEvents))
            lines << eventLine(h, locale);
        if (lines != m_recentEvents) {
            m_recentEvents = lines;
            Q_EMIT eventsChanged();
        }
    });
}

QString StatusModel::eventLine(const ledger::HistoryEntry &h, const QLocale &locale)
{
    const QDateTime when = QDateTime::fromMSecsSinceEpoch(h.updatedMs);
    const QString time = when.date() == QDate::currentDate() ? locale.toString(when.time(), QLocale::ShortFormat)
                                                             : locale.toString(when, QLocale::ShortFormat);
    const QString what = h.game.isEmpty() ? tr("%1 %2").arg(ActivityModel::kindText(h.kind), h.taskId)
                                          : tr("%1 %2 of %3").arg(ActivityModel::kindText(h.kind), h.game, h.taskId);
    QString line = tr("%1  %2: %3").arg(time, what, ActivityModel::stateText(h.state));
    if (h.credits != 0)
        line += tr(", net %1").arg(signedCreditsText(h.credits, locale));
    return line;
}

void StatusModel::showEarnings(const Earnings &e)
{
    const QLocale locale;
    m_todayText = creditsText(e.today, locale);
    m_weekText = creditsText(e.week, locale);
    m_lifetimeText = creditsText(e.lifetime, locale);
    m_stakeText = creditsText(e.staked, locale);
    // An average: to the hundredth of a credit (integers: 10,000 micro-credits), not six places.
    const qint64 perDay = e.week / 7;
    const qint64 rounded = (perDay >= 0 ? perDay + 5'000 : perDay - 5'000) / 10'000 * 10'000;
    m_rateText = tr("%1 credits/day").arg(formatCreditsLocalized(rounded, locale));
    Q_EMIT earningsChanged();
}

bool StatusModel::event(QEvent *e)
{
    if (e->type() == QEvent::LanguageChange)
        schedule(true);
    return QObject::event(e);
}

bool StatusModel::canPause() const { return !m_policy.isNull(); }

void StatusModel::pause()
{
    if (m_policy)
        m_policy->pauseUntilResumed();
}

void StatusModel::resume()
{
    if (m_policy)
        m_policy->resume();
}

} // namespace idleforge::ui
