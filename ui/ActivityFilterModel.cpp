#include "ActivityFilterModel.h"

#include "ActivityModel.h"
#include "ledger/Records.h"

namespace idleforge::ui {

namespace {
bool inGroup(const QString &state, const QString &group)
{
    if (group.isEmpty())
        return true;
    if (group == QLatin1String("open"))
        return state == QLatin1String("running") || state == QLatin1String("committed") || state == QLatin1String("audited");
    if (group == QLatin1String("verified"))
        return state == QLatin1String("verified") || state == QLatin1String("won");
    if (group == QLatin1String("disputed"))
        return state == QLatin1String("disputed");
    if (group == QLatin1String("lost"))
        return state == QLatin1String("lost") || state == QLatin1String("slashed");
    return false;
}
} // namespace

ActivityFilterModel::ActivityFilterModel(QObject *parent) : QSortFilterProxyModel(parent)
{
    setDynamicSortFilter(true);
    sort(0, Qt::DescendingOrder);
}

void ActivityFilterModel::setKind(const QString &kind)
{
    if (kind == m_kind)
        return;
    m_kind = kind;
    invalidateFilter();
    Q_EMIT filterChanged();
}

void ActivityFilterModel::setStateGroup(const QString &group)
{
    if (group == m_group)
        return;
    m_group = group;
    invalidateFilter();
    Q_EMIT filterChanged();
}

void ActivityFilterModel::setSearch(const QString &text)
{
    if (text == m_search)
        return;
    m_search = text;
    invalidateFilter();
    Q_EMIT filterChanged();
}

void ActivityFilterModel::sortBy(const QString &key, bool ascending)
{
    static const QStringList keys{QStringLiteral("started"), QStringLiteral("task"), QStringLiteral("state"), QStringLiteral("credits")};
    if (!keys.contains(key))
        return;
    m_sortKey = key;
    m_ascending = ascending;
    invalidate();
    sort(0, ascending ? Qt::AscendingOrder : Qt::DescendingOrder);
    Q_EMIT sortChanged();
}

qint64 ActivityFilterModel::historyIdAt(int row) const
{
    return data(index(row, 0), ActivityModel::IdRole).toLongLong();
}

bool ActivityFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QModelIndex i = sourceModel()->index(sourceRow, 0, sourceParent);
    if (!m_kind.isEmpty() && i.data(ActivityModel::KindRole).toString() != m_kind)
        return false;
    if (!inGroup(i.data(ActivityModel::StateRole).toString(), m_group))
        return false;
    const QString needle = m_search.trimmed();
    return needle.isEmpty() || i.data(ActivityModel::TaskRole).toString().contains(needle, Qt::CaseInsensitive)
           || i.data(ActivityModel::GameRole).toString().contains(needle, Qt::CaseInsensitive);
}

// Ties fall back to the history id, so the order is total and stable.
bool ActivityFilterModel::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    const auto id = [](const QModelIndex &i) { return i.data(ActivityModel::IdRole).toLongLong(); };
    const auto by = [&](int role) -> std::optional<bool> {
        const QVariant a = left.data(role), b = right.data(role);
        if (a == b)
            return std::nullopt;
        return QVariant::compare(a, b) == QPartialOrdering::Less;
    };
    std::optional<bool> r;
    if (m_sortKey == QLatin1String("task")) {
        // "t12" after "t9": by the number, then the game.
        const auto num = [](const QModelIndex &i) { return i.data(ActivityModel::TaskRole).toString().mid(1).toLongLong(); };
        if (num(left) != num(right))
            r = num(left) < num(right);
    } else if (m_sortKey == QLatin1String("state")) {
        const int a = ledger::historyStateRank(left.data(ActivityModel::StateRole).toString());
        const int b = ledger::historyStateRank(right.data(ActivityModel::StateRole).toString());
        if (a != b)
            r = a < b;
    } else if (m_sortKey == QLatin1String("credits")) {
        r = by(ActivityModel::CreditsRole);
    } else {
        r = by(ActivityModel::StartedRole);
    }
    return r.value_or(id(left) < id(right));
}

} // namespace idleforge::ui
