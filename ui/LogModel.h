#pragma once
// The Logs page's model: the user-visible activity log (LogCapture) as a bounded ring of the
// newest kCapacity lines, appended in batches (every kBatchMs, one beginInsertRows per batch,
// the oldest rows removed first when full), and a level filter (`filtered`, what the page
// shows: lines at or above `minimumLevel`).
#include "Batcher.h"
#include "LogCapture.h"

#include <QAbstractListModel>
#include <QSortFilterProxyModel>

#include <deque>

namespace idleforge::ui {

class LogModel;

// Lines of the log at or above a level (0 debug, 1 info, 2 warning, 3 error).
class LogFilterModel : public QSortFilterProxyModel {
    Q_OBJECT
public:
    explicit LogFilterModel(QObject *parent = nullptr) : QSortFilterProxyModel(parent) {}
    int minimumLevel() const { return m_minimumLevel; }
    void setMinimumLevel(int level);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    int m_minimumLevel = 1;
};

class LogModel : public QAbstractListModel {
    Q_OBJECT
    Q_PROPERTY(int minimumLevel READ minimumLevel WRITE setMinimumLevel NOTIFY minimumLevelChanged)
    Q_PROPERTY(QObject *filtered READ filtered CONSTANT)
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)
public:
    static constexpr int kCapacity = 5000;
    static constexpr int kBatchMs = 250;

    enum Role {
        TimeTextRole = Qt::UserRole + 1, // "14:03:07" in the user's locale
        LevelRole,                       // 0..3
        LevelTextRole,                   // "Info", "Warning", ...
        CategoryRole,                    // "idleforge.node"
        MessageRole,
        LineRole,                        // the whole line as copied: time, level, category, message
    };

    // `capacity` other than kCapacity for tests.
    explicit LogModel(QObject *parent = nullptr, int capacity = kCapacity);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    int minimumLevel() const { return m_filter->minimumLevel(); }
    void setMinimumLevel(int level);
    QObject *filtered() const { return m_filter; }
    int capacity() const { return m_capacity; }

    // Appends lines now (LogCapture's batches go through here).
    void append(const QList<LogLine> &lines);
    // Drains LogCapture now instead of at the next tick.
    Q_INVOKABLE void drain();
    // The lines the filter shows, one per line, as the clipboard gets them.
    Q_INVOKABLE QString visibleText() const;
    Q_INVOKABLE void copyToClipboard() const;
    Q_INVOKABLE void clear();

Q_SIGNALS:
    void minimumLevelChanged();
    void countChanged();

private:
    QString lineText(const LogLine &line) const;

    int m_capacity;
    std::deque<LogLine> m_lines;
    LogFilterModel *m_filter;
    Batcher m_batch{kBatchMs, [this] { drain(); }};
};

QString levelText(int level);

} // namespace idleforge::ui
