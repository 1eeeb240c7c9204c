#pragma once
// View model of the Activity page: every task, audit and dispute of the node's history (the
// ledger's history tables), one row each, with its verification state; and the details of the
// selected row (run commitment, steps, sampled steps and their results, a dispute's step,
// operator and referee verdict, the receipts). The ledger is read with readAsync on its reader
// thread after its changed() signal, at most once per kBatchMs; rows are inserted, updated and
// removed one by one (no reset), so a view keeps its place. `filtered` is the sortable and
// filterable view of it (ActivityFilterModel).
#include "Batcher.h"
#include "ledger/Records.h"

#include <QAbstractListModel>
#include <QPointer>
#include <QStringList>

namespace idleforge::ledger { class Ledger; }

namespace idleforge::ui {

class ActivityFilterModel;

class ActivityModel : public QAbstractListModel {
    Q_OBJECT
    Q_PROPERTY(QObject *filtered READ filtered CONSTANT)
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    Q_PROPERTY(qint64 selectedId READ selectedId NOTIFY selectionChanged)
    Q_PROPERTY(QString selectedTitle READ selectedTitle NOTIFY selectionChanged)
    Q_PROPERTY(QString selectedState READ selectedState NOTIFY selectionChanged)
    Q_PROPERTY(QString selectedStateText READ selectedStateText NOTIFY selectionChanged)
    Q_PROPERTY(QString selectedRunRoot READ selectedRunRoot NOTIFY selectionChanged)
    Q_PROPERTY(QString selectedStepsText READ selectedStepsText NOTIFY selectionChanged)
    Q_PROPERTY(QString selectedCreditsText READ selectedCreditsText NOTIFY selectionChanged)
    Q_PROPERTY(QStringList selectedTimeline READ selectedTimeline NOTIFY detailsChanged)
    Q_PROPERTY(QStringList selectedSamples READ selectedSamples NOTIFY detailsChanged)
    Q_PROPERTY(QString selectedVerdict READ selectedVerdict NOTIFY detailsChanged)
    Q_PROPERTY(QStringList selectedReceipts READ selectedReceipts NOTIFY detailsChanged)
public:
    enum Role {
        IdRole = Qt::UserRole + 1,
        KindRole,
        KindTextRole,
        TaskRole,
        GameRole,
        RoleRole,
        RoleTextRole,
        StateRole,
        StateTextRole,
        RunRootRole,
        StepsRole,
        StartedRole,
        StartedTextRole,
        CreditsRole,
        CreditsTextRole,
    };
    static constexpr int kBatchMs = 250;

    explicit ActivityModel(QObject *parent = nullptr);
    void setLedger(ledger::Ledger *ledger);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    QObject *filtered() const;
    int count() const { return int(m_rows.size()); }
    Q_INVOKABLE void select(qint64 historyId); // 0: none
    qint64 selectedId() const { return m_selected; }
    QString selectedTitle() const;
    QString selectedState() const;
    QString selectedStateText() const;
    QString selectedRunRoot() const;
    QString selectedStepsText() const;
    QString selectedCreditsText() const;
    QStringList selectedTimeline() const { return m_timeline; }
    QStringList selectedSamples() const { return m_samples; }
    QString selectedVerdict() const { return m_verdict; }
    QStringList selectedReceipts() const { return m_receipts; }

    static QString stateText(const QString &state);
    static QString kindText(const QString &kind);
    static QString roleText(const QString &role);

protected:
    bool event(QEvent *e) override; // LanguageChange: the selection's details again, in the new language

Q_SIGNALS:
    void countChanged();
    void selectionChanged();
    void detailsChanged();
    void loaded(); // a read of the ledger was applied (tests)

private:
    void reload();
    void apply(const QList<ledger::HistoryEntry> &rows);
    void loadDetails();
    void showDetails(const QList<ledger::HistoryEvent> &events);
    const ledger::HistoryEntry *selectedRow() const;

    QPointer<ledger::Ledger> m_ledger;
    Batcher m_batch{kBatchMs, [this] { reload(); }};
    QList<ledger::HistoryEntry> m_rows;
    ActivityFilterModel *m_filtered;
    qint64 m_selected = 0;
    QStringList m_timeline, m_samples, m_receipts;
    QString m_verdict;
};

} // namespace idleforge::ui
