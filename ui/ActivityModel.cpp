#include "ActivityModel.h"

#include "ActivityFilterModel.h"
#include "ReceiptText.h"
#include "CreditsText.h"
#include "ledger/Ledger.h"
#include "protocol/GameBodies.h"

#include <QDateTime>
#include <QEvent>
#include <QJsonDocument>
#include <QLocale>

#include <QSet>

namespace idleforge::ui {

namespace {
bool sameRow(const ledger::HistoryEntry &a, const ledger::HistoryEntry &b)
{
    return a.id == b.id && a.state == b.state && a.role == b.role && a.runRoot == b.runRoot && a.steps == b.steps
           && a.updatedMs == b.updatedMs && a.credits == b.credits;
}


QString timeText(qint64 ms)
{
    return QLocale().toString(QDateTime::fromMSecsSinceEpoch(ms).toLocalTime(), QLocale::ShortFormat);
}
} // namespace

ActivityModel::ActivityModel(QObject *parent) : QAbstractListModel(parent), m_filtered(new ActivityFilterModel(this))
{
    m_filtered->setSourceModel(this);
}

void ActivityModel::setLedger(ledger::Ledger *ledger)
{
    m_ledger = ledger;
    if (ledger)
        m_batch.follow(ledger, &ledger::Ledger::changed);
    reload();
}

QObject *ActivityModel::filtered() const { return m_filtered; }

QString ActivityModel::stateText(const QString &state)
{
    if (state == QLatin1String("running")) return tr("Running");
    if (state == QLatin1String("committed")) return tr("Committed");
    if (state == QLatin1String("audited")) return tr("Audited");
    if (state == QLatin1String("verified")) return tr("Verified");
    if (state == QLatin1String("disputed")) return tr("Disputed");
    if (state == QLatin1String("won")) return tr("Won");
    if (state == QLatin1String("lost")) return tr("Lost");
    if (state == QLatin1String("slashed")) return tr("Slashed");
    return state;
}

QString ActivityModel::kindText(const QString &kind)
{
    if (kind == QLatin1String("task")) return tr("Task");
    if (kind == QLatin1String("audit")) return tr("Audit");
    if (kind == QLatin1String("dispute")) return tr("Dispute");
    return kind;
}

QString ActivityModel::roleText(const QString &role)
{
    if (role == QLatin1String("solver") || role == QLatin1String("a")) return tr("solver");
    if (role == QLatin1String("auditor") || role == QLatin1String("b")) return tr("auditor");
    return role;
}

int ActivityModel::rowCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : int(m_rows.size()); }

QVariant ActivityModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ledger::HistoryEntry &e = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case KindTextRole: return kindText(e.kind);
    case IdRole: return e.id;
    case KindRole: return e.kind;
    case TaskRole: return e.taskId;
    case GameRole: return e.game;
    case RoleRole: return e.role;
    case RoleTextRole: return roleText(e.role);
    case StateRole: return e.state;
    case StateTextRole: return stateText(e.state);
    case RunRootRole: return e.runRoot;
    case StepsRole: return e.steps;
    case StartedRole: return e.startedMs;
    case StartedTextRole: return timeText(e.startedMs);
    case CreditsRole: return e.credits;
    case CreditsTextRole: return formatCreditsLocalized(e.credits, QLocale());
    default: return {};
    }
}

QHash<int, QByteArray> ActivityModel::roleNames() const
{
    return {{IdRole, "historyId"},   {KindRole, "kind"},         {KindTextRole, "kindText"},   {TaskRole, "taskId"},
            {GameRole, "game"},      {RoleRole, "role"},         {RoleTextRole, "roleText"},   {StateRole, "state"},
            {StateTextRole, "stateText"}, {RunRootRole, "runRoot"}, {StepsRole, "steps"},     {StartedRole, "startedMs"},
            {StartedTextRole, "startedText"}, {CreditsRole, "credits"}, {CreditsTextRole, "creditsText"}};
}

bool ActivityModel::event(QEvent *e)
{
    if (e->type() == QEvent::LanguageChange && m_selected != 0)
        loadDetails();
    return QAbstractListModel::event(e);
}

void ActivityModel::reload()
{
    if (!m_ledger)
        return;
    m_ledger->readAsync<QList<ledger::HistoryEntry>>(this, [](const ledger::LedgerQueries &q) { return q.history(); },
                                                     [this](Result<QList<ledger::HistoryEntry>> rows) {
        if (rows)
            apply(*rows);
        Q_EMIT loaded();
    });
}

// Rows keep their relative order (newest start first, and a row's start never changes), so
// removing the gone rows and then inserting the new ones in place turns the old list into the new.
void ActivityModel::apply(const QList<ledger::HistoryEntry> &rows)
{
    const int before = count();
    QSet<qint64> wanted;
    for (const auto &r : rows)
        wanted.insert(r.id);
    for (int i = int(m_rows.size()) - 1; i >= 0; --i)
        if (!wanted.contains(m_rows.at(i).id)) {
            beginRemoveRows({}, i, i);
            m_rows.removeAt(i);
            endRemoveRows();
        }
    for (int j = 0; j < rows.size(); ++j) {
        if (j >= m_rows.size() || m_rows.at(j).id != rows.at(j).id) {
            beginInsertRows({}, j, j);
            m_rows.insert(j, rows.at(j));
            endInsertRows();
        } else if (!sameRow(m_rows.at(j), rows.at(j))) {
            m_rows[j] = rows.at(j);
            Q_EMIT dataChanged(index(j), index(j));
        }
    }
    if (count() != before)
        Q_EMIT countChanged();
    if (m_selected != 0) {
        Q_EMIT selectionChanged();
        loadDetails();
    }
}

const ledger::HistoryEntry *ActivityModel::selectedRow() const
{
    for (const auto &r : m_rows)
        if (r.id == m_selected)
            return &r;
    return nullptr;
}

void ActivityModel::select(qint64 historyId)
{
    if (historyId == m_selected)
        return;
    m_selected = historyId;
    m_timeline.clear();
    m_samples.clear();
    m_receipts.clear();
    m_verdict.clear();
    Q_EMIT selectionChanged();
    Q_EMIT detailsChanged();
    loadDetails();
}

QString ActivityModel::selectedTitle() const
{
    const auto *r = selectedRow();
    if (!r)
        return {};
    return r->game.isEmpty() ? tr("%1 %2 (as %3)").arg(kindText(r->kind), r->taskId, roleText(r->role))
                             : tr("%1 %2 of %3 (as %4)").arg(kindText(r->kind), r->game, r->taskId, roleText(r->role));
}

QString ActivityModel::selectedState() const { return selectedRow() ? selectedRow()->state : QString(); }
QString ActivityModel::selectedStateText() const { return selectedRow() ? stateText(selectedRow()->state) : QString(); }
QString ActivityModel::selectedRunRoot() const { return selectedRow() ? selectedRow()->runRoot : QString(); }

QString ActivityModel::selectedStepsText() const
{
    const auto *r = selectedRow();
    return r && r->steps > 0 ? tr("%n step(s)", nullptr, int(r->steps)) : QString();
}

QString ActivityModel::selectedCreditsText() const
{
    const auto *r = selectedRow();
    return r ? creditsText(r->credits) : QString();
}

void ActivityModel::loadDetails()
{
    if (!m_ledger || m_selected == 0)
        return;
    const qint64 id = m_selected;
    m_ledger->readAsync<QList<ledger::HistoryEvent>>(this, [id](const ledger::LedgerQueries &q) { return q.historyEvents(id); },
                                                     [this, id](Result<QList<ledger::HistoryEvent>> events) {
        if (events && id == m_selected)
            showDetails(*events);
    });
}

void ActivityModel::showDetails(const QList<ledger::HistoryEvent> &events)
{
    const QLocale locale;
    m_timeline.clear();
    m_samples.clear();
    m_receipts.clear();
    m_verdict.clear();
    QStringList matching; // the sampled steps that matched, said in one line after any that did not
    for (const ledger::HistoryEvent &ev : events) {
        if (ev.kind == QLatin1String("state")) {
            m_timeline << tr("%1: %2").arg(timeText(ev.ts), stateText(ev.outcome));
        } else if (ev.kind == QLatin1String("sample")) {
            if (ev.outcome == QLatin1String("ok"))
                matching << locale.toString(ev.step);
            else
                m_samples << tr("Step %1: does not match").arg(locale.toString(ev.step));
        } else if (ev.kind == QLatin1String("receipt")) {
            m_receipts << tr("%1 %2 credits (%3), receipt %4")
                              .arg(ReceiptText::kind(ev.detailJson), formatCreditsLocalized(ev.amount, locale),
                                   ReceiptText::status(ev.outcome), ev.ref);
        } else if (ev.kind == QLatin1String("verdict")) {
            const auto v = protocol::DisputeVerdict::fromJson(QJsonDocument::fromJson(ev.detailJson.toUtf8()).object());
            const QString winner = v ? (v->winner == QLatin1String("a") ? tr("the solver") : v->winner == QLatin1String("b") ? tr("the auditor") : tr("neither side"))
                                     : ev.outcome;
            m_verdict = tr("The referee ruled for %1.").arg(winner);
            if (v && v->ruling)
                m_verdict += QLatin1Char(' ') + tr("Step %1, node %2: operator %3 (%4).")
                                                    .arg(locale.toString(v->ruling->step), locale.toString(v->ruling->node), v->ruling->op, v->ruling->nodeName);
            else if (v && !v->reason.isEmpty()) // the referee's own words (English), only where no ruling says it
                m_verdict += QLatin1Char(' ') + v->reason;
        }
    }
    if (!matching.isEmpty())
        m_samples << tr("%n sampled step(s) match: %1", "", int(matching.size())).arg(locale.createSeparatedList(matching));
    Q_EMIT detailsChanged();
}

} // namespace idleforge::ui
