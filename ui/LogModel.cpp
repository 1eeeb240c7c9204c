#include "LogModel.h"

#include <QClipboard>
#include <QGuiApplication>
#include <QLocale>

namespace idleforge::ui {

QString levelText(int level)
{
    switch (level) {
    case 0: return LogModel::tr("Debug");
    case 1: return LogModel::tr("Info");
    case 2: return LogModel::tr("Warning");
    default: return LogModel::tr("Error");
    }
}

void LogFilterModel::setMinimumLevel(int level)
{
    level = qBound(0, level, 3);
    if (level == m_minimumLevel)
        return;
    m_minimumLevel = level;
    invalidateFilter();
}

bool LogFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QModelIndex i = sourceModel()->index(sourceRow, 0, sourceParent);
    return i.data(LogModel::LevelRole).toInt() >= m_minimumLevel;
}

LogModel::LogModel(QObject *parent, int capacity)
    : QAbstractListModel(parent), m_capacity(qMax(1, capacity)), m_filter(new LogFilterModel(this))
{
    m_filter->setSourceModel(this);
    m_batch.poll();
    drain(); // what was said before the window existed
}

void LogModel::drain()
{
    append(LogCapture::take());
}

void LogModel::append(const QList<LogLine> &lines)
{
    if (lines.isEmpty())
        return;
    // Only the newest m_capacity of the batch can stay.
    const qsizetype keep = qMin<qsizetype>(lines.size(), m_capacity);
    const qsizetype from = lines.size() - keep;
    const qsizetype overflow = qsizetype(m_lines.size()) + keep - m_capacity;
    if (overflow > 0) {
        beginRemoveRows({}, 0, int(overflow) - 1);
        m_lines.erase(m_lines.begin(), m_lines.begin() + overflow);
        endRemoveRows();
    }
    const int first = int(m_lines.size());
    beginInsertRows({}, first, first + int(keep) - 1);
    for (qsizetype i = from; i < lines.size(); ++i)
        m_lines.push_back(lines.at(i));
    endInsertRows();
    Q_EMIT countChanged();
}

void LogModel::clear()
{
    if (m_lines.empty())
        return;
    beginResetModel();
    m_lines.clear();
    endResetModel();
    Q_EMIT countChanged();
}

void LogModel::setMinimumLevel(int level)
{
    if (qBound(0, level, 3) == m_filter->minimumLevel())
        return;
    m_filter->setMinimumLevel(level);
    Q_EMIT minimumLevelChanged();
}

int LogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_lines.size());
}

QString LogModel::lineText(const LogLine &l) const
{
    return QStringLiteral("%1 %2 %3: %4")
        .arg(l.time.toString(Qt::ISODateWithMs), levelText(levelOf(l.type)), l.category, l.message);
}

QVariant LogModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const LogLine &l = m_lines.at(std::size_t(index.row()));
    switch (role) {
    case TimeTextRole: return QLocale().toString(l.time.time(), QStringLiteral("HH:mm:ss"));
    case LevelRole: return levelOf(l.type);
    case LevelTextRole: return levelText(levelOf(l.type));
    case CategoryRole: return l.category;
    case Qt::DisplayRole:
    case MessageRole: return l.message;
    case LineRole: return lineText(l);
    default: return {};
    }
}

QHash<int, QByteArray> LogModel::roleNames() const
{
    return {{TimeTextRole, "timeText"}, {LevelRole, "level"},     {LevelTextRole, "levelText"},
            {CategoryRole, "category"}, {MessageRole, "message"}, {LineRole, "line"}};
}

QString LogModel::visibleText() const
{
    QStringList out;
    out.reserve(m_filter->rowCount());
    for (int r = 0; r < m_filter->rowCount(); ++r)
        out << m_filter->index(r, 0).data(LineRole).toString();
    return out.join(QLatin1Char('\n'));
}

void LogModel::copyToClipboard() const
{
    if (auto *clipboard = QGuiApplication::clipboard())
        clipboard->setText(visibleText());
}

} // namespace idleforge::ui
