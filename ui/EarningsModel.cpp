#include "EarningsModel.h"

#include "ReceiptText.h"
#include "CreditsText.h"
#include "ledger/Ledger.h"
#include "protocol/Receipt.h"

#include <QDateTime>
#include <QEvent>
#include <QFile>
#include <QLocale>
#include <QSaveFile>

#include <cmath>

namespace idleforge::ui {

namespace {
// What a receipt earned: the ledger's rule (a reward +, a stake moves credit, the rest -).
qint64 earned(const ledger::ReceiptRow &r)
{
    if (r.kind == QLatin1String("reward"))
        return r.amount;
    return r.kind == QLatin1String("stake") ? 0 : -r.amount;
}

bool sameReceipt(const ledger::ReceiptRow &a, const ledger::ReceiptRow &b)
{
    return a.id == b.id && a.status == b.status && a.amount == b.amount && a.kind == b.kind;
}
} // namespace

EarningsModel::EarningsModel(QObject *parent) : QAbstractListModel(parent)
{
    apply({});
}

void EarningsModel::setLedger(ledger::Ledger *ledger)
{
    m_ledger = ledger;
    if (ledger)
        m_batch.follow(ledger, &ledger::Ledger::changed);
    reload();
}

int EarningsModel::rowCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : int(m_receipts.size()); }

QVariant EarningsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ledger::ReceiptRow &r = m_receipts.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case IdRole: return r.id;
    case KindTextRole: return ReceiptText::kind(r.kind);
    // A stake earns nothing but moves its amount into the stake: the table says how much.
    case AmountTextRole: return formatCreditsLocalized(r.kind == QLatin1String("stake") ? r.amount : earned(r), QLocale());
    case AmountRole: return earned(r);
    case StatusTextRole: return ReceiptText::status(r.status);
    case TaskRole: return r.jobId;
    case IssuedTextRole: return QLocale().toString(QDateTime::fromMSecsSinceEpoch(r.issuedMs).toLocalTime(), QLocale::ShortFormat);
    default: return {};
    }
}

QHash<int, QByteArray> EarningsModel::roleNames() const
{
    return {{IdRole, "receiptId"}, {KindTextRole, "kindText"}, {AmountTextRole, "amountText"}, {AmountRole, "amount"},
            {StatusTextRole, "statusText"}, {TaskRole, "task"}, {IssuedTextRole, "issuedText"}};
}

bool EarningsModel::event(QEvent *e)
{
    if (e->type() == QEvent::LanguageChange) {
        if (m_ledger)
            reload();
        else
            apply({});
    }
    return QAbstractListModel::event(e);
}

void EarningsModel::reload()
{
    if (!m_ledger)
        return;
    const QDate today = QDateTime::currentDateTimeUtc().date();
    m_ledger->readAsync<Snapshot>(this, [today](const ledger::LedgerQueries &q) -> Result<Snapshot> {
        Snapshot s;
        auto days = q.earningsByDay(today.addDays(1 - kDays), today);
        auto receipts = q.receipts(kReceipts);
        auto balance = q.balance();
        auto pending = q.pending();
        auto staked = q.staked();
        auto lifetime = q.lifetimeEarnings();
        for (const Error *e : {days ? nullptr : &days.error(), receipts ? nullptr : &receipts.error(),
                               balance ? nullptr : &balance.error(), pending ? nullptr : &pending.error(),
                               staked ? nullptr : &staked.error(), lifetime ? nullptr : &lifetime.error()})
            if (e)
                return *e;
        s.days = *days;
        s.receipts = *receipts;
        s.totals = {*balance, *pending, *staked};
        s.lifetime = *lifetime;
        return s;
    }, [this](Result<Snapshot> s) {
        if (s)
            apply(*s);
        Q_EMIT loaded();
    });
}

void EarningsModel::apply(const Snapshot &s)
{
    m_lifetimeText = creditsText(s.lifetime);
    m_balanceText = creditsText(s.totals.balance);
    m_pendingText = creditsText(s.totals.pending);
    m_stakeText = creditsText(s.totals.staked);
    Q_EMIT totalsChanged();
    applyReceipts(s.receipts);
    applyDays(s.days);
}

// Newest first; a new receipt is inserted at the top, a changed one (pending -> verified)
// updated in place, the rest kept.
void EarningsModel::applyReceipts(const QList<ledger::ReceiptRow> &rows)
{
    const bool prefix = !m_receipts.isEmpty() && rows.size() >= m_receipts.size();
    qsizetype added = prefix ? rows.size() - m_receipts.size() : 0;
    for (qsizetype i = 0; prefix && i < m_receipts.size(); ++i)
        if (rows.at(added + i).id != m_receipts.at(i).id)
            added = -1;
    if (!prefix || added < 0) {
        beginResetModel(); // an order this model cannot follow row by row (a first read, retention)
        m_receipts = rows;
        endResetModel();
        return;
    }
    if (added > 0) {
        beginInsertRows({}, 0, int(added) - 1);
        m_receipts = rows.mid(0, added) + m_receipts;
        endInsertRows();
    }
    for (int i = 0; i < m_receipts.size(); ++i)
        if (!sameReceipt(m_receipts.at(i), rows.at(i))) {
            m_receipts[i] = rows.at(i);
            Q_EMIT dataChanged(index(i), index(i));
        }
}

// Every one of the last kDays days, those without receipts as zero.
void EarningsModel::applyDays(const QList<ledger::DayEarnings> &days)
{
    const QLocale locale;
    const QDate today = QDateTime::currentDateTimeUtc().date();
    m_dayLabels.clear();
    m_dayTexts.clear();
    m_dayHeights.clear();
    m_maxHeight = 0;
    m_minHeight = 0;
    qint64 total = 0;
    for (int i = kDays - 1; i >= 0; --i) {
        const QDate day = today.addDays(-i);
        qint64 net = 0;
        for (const ledger::DayEarnings &d : days)
            if (d.day == day)
                net = d.net;
        total += net;
        m_dayLabels << locale.toString(day, QStringLiteral("d")); // the day of the month; the hover says the date
        m_dayTexts << tr("%1: %2").arg(locale.toString(day, QLocale::ShortFormat), creditsText(net));
        const double height = double(net) / double(kMicroPerCredit);
        m_dayHeights << height;
        m_maxHeight = std::max(m_maxHeight, height);
        m_minHeight = std::min(m_minHeight, height); // a day a slash outweighed goes below 0
    }
    // A round axis: about four steps of 1, 2, 2.5 or 5 times a power of ten, room above the top.
    const double span = std::max(m_maxHeight * 1.05 - m_minHeight, 1e-6);
    const double raw = span / 4;
    const double power = std::pow(10.0, std::floor(std::log10(raw)));
    double step = 10 * power;
    for (double m : {1.0, 2.0, 2.5, 5.0})
        if (m * power >= raw) {
            step = m * power;
            break;
        }
    if (m_maxHeight <= 0 && m_minHeight >= 0)
        step = 0.25; // nothing earned yet: 0 to 1
    m_maxHeight = std::max(step, std::ceil(m_maxHeight * 1.05 / step) * step);
    m_minHeight = std::floor(m_minHeight / step) * step;
    m_tickCount = int(std::lround((m_maxHeight - m_minHeight) / step)) + 1;
    m_periodText = tr("Last %n day(s): %1", nullptr, kDays).arg(creditsText(total));
    Q_EMIT daysChanged();
}

void EarningsModel::exportCsv(const QUrl &file)
{
    if (!m_ledger || m_exporting)
        return;
    const QString path = file.isLocalFile() ? file.toLocalFile() : file.toString();
    m_exporting = true;
    Q_EMIT exportingChanged();
    m_ledger->readAsync<QString>(this, [path](const ledger::LedgerQueries &q) -> Result<QString> {
        QSaveFile out(path); // the old file stays until the new one is complete
        if (!out.open(QIODevice::WriteOnly))
            return makeError("ui.export", out.errorString());
        if (auto r = q.exportReceiptsCsv(out); !r)
            return r.error();
        if (!out.commit())
            return makeError("ui.export", out.errorString());
        return path;
    }, [this](Result<QString> r) {
        m_exporting = false;
        Q_EMIT exportingChanged();
        Q_EMIT exportFinished(r.ok(), r ? tr("Saved the receipts to %1").arg(*r) : tr("Could not save the receipts: %1").arg(r.error().message));
    });
}

} // namespace idleforge::ui
