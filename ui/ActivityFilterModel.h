#pragma once
// The Activity list as the page shows it: filtered by kind (task, audit, dispute), by state
// group (open, verified, disputed, lost) and by a search text (task or game id), and sorted by
// start time, task, state or credits. Sorting and filtering are here, not in QML.
#include <QSortFilterProxyModel>

namespace idleforge::ui {

class ActivityFilterModel : public QSortFilterProxyModel {
    Q_OBJECT
    Q_PROPERTY(QString kind READ kind WRITE setKind NOTIFY filterChanged)
    Q_PROPERTY(QString stateGroup READ stateGroup WRITE setStateGroup NOTIFY filterChanged)
    Q_PROPERTY(QString search READ search WRITE setSearch NOTIFY filterChanged)
    Q_PROPERTY(QString sortKey READ sortKey NOTIFY sortChanged)
    Q_PROPERTY(bool ascending READ ascending NOTIFY sortChanged)
public:
    explicit ActivityFilterModel(QObject *parent = nullptr);

    QString kind() const { return m_kind; }
    void setKind(const QString &kind);           // "" (all), task, audit, dispute
    QString stateGroup() const { return m_group; }
    void setStateGroup(const QString &group);    // "" (all), open, verified, disputed, lost
    QString search() const { return m_search; }
    void setSearch(const QString &text);
    QString sortKey() const { return m_sortKey; }
    bool ascending() const { return m_ascending; }
    // "started" (default, newest first), "task", "state", "credits".
    Q_INVOKABLE void sortBy(const QString &key, bool ascending);
    Q_INVOKABLE qint64 historyIdAt(int row) const;

Q_SIGNALS:
    void filterChanged();
    void sortChanged();

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    QString m_kind, m_group, m_search;
    QString m_sortKey = QStringLiteral("started");
    bool m_ascending = false;
};

} // namespace idleforge::ui
