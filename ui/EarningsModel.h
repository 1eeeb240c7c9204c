#pragma once
// View model of the Earnings page: the receipts (the list rows, newest first, at most
// kReceipts), earnings by day for the last kDays UTC days (the chart), the totals (lifetime,
// balance, pending, stake) and the CSV export of every receipt. The ledger is read with
// readAsync on its reader thread after its changed() signal (at most once per kBatchMs), and
// the CSV file is written there too: nothing of it runs on the GUI thread.
//
// Chart heights are credits as double (a bar's height only); every text is the integer
// formatter's (CreditsText.h).
#include "Batcher.h"
#include "ledger/Records.h"

#include <QAbstractListModel>
#include <QPointer>
#include <QStringList>
#include <QUrl>
#include <QVariantList>

namespace idleforge::ledger { class Ledger; }

namespace idleforge::ui {

class EarningsModel : public QAbstractListModel {
    Q_OBJECT
    Q_PROPERTY(QString lifetimeText READ lifetimeText NOTIFY totalsChanged)
    Q_PROPERTY(QString balanceText READ balanceText NOTIFY totalsChanged)
    Q_PROPERTY(QString pendingText READ pendingText NOTIFY totalsChanged)
    Q_PROPERTY(QString stakeText READ stakeText NOTIFY totalsChanged)
    Q_PROPERTY(QString periodText READ periodText NOTIFY daysChanged)
    Q_PROPERTY(QStringList dayLabels READ dayLabels NOTIFY daysChanged)
    Q_PROPERTY(QStringList dayTexts READ dayTexts NOTIFY daysChanged)
    Q_PROPERTY(QVariantList dayHeights READ dayHeights NOTIFY daysChanged)
    Q_PROPERTY(double maxHeight READ maxHeight NOTIFY daysChanged)
    Q_PROPERTY(double minHeight READ minHeight NOTIFY daysChanged)
    Q_PROPERTY(int tickCount READ tickCount NOTIFY daysChanged)
    Q_PROPERTY(bool exporting READ exporting NOTIFY exportingChanged)
public:
    enum Role { IdRole = Qt::UserRole + 1, KindTextRole, AmountTextRole, StatusTextRole, TaskRole, IssuedTextRole, AmountRole };
    static constexpr int kDays = 30;
    static constexpr int kReceipts = 500;
    static constexpr int kBatchMs = 250;

    explicit EarningsModel(QObject *parent = nullptr);
    void setLedger(ledger::Ledger *ledger);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    QString lifetimeText() const { return m_lifetimeText; }
    QString balanceText() const { return m_balanceText; }
    QString pendingText() const { return m_pendingText; }
    QString stakeText() const { return m_stakeText; }
    QString periodText() const { return m_periodText; }
    QStringList dayLabels() const { return m_dayLabels; }
    QStringList dayTexts() const { return m_dayTexts; }
    QVariantList dayHeights() const { return m_dayHeights; }
    double maxHeight() const { return m_maxHeight; }
    double minHeight() const { return m_minHeight; }
    int tickCount() const { return m_tickCount; }
    bool exporting() const { return m_exporting; }

    // Writes every receipt as CSV (LedgerQueries::exportReceiptsCsv) to `file` (a local file
    // URL, as FileDialog gives it); exportFinished follows.
    Q_INVOKABLE void exportCsv(const QUrl &file);

    struct Snapshot {
        QList<ledger::DayEarnings> days;
        QList<ledger::ReceiptRow> receipts;
        ledger::Totals totals;
        qint64 lifetime = 0;
    };

protected:
    bool event(QEvent *e) override; // LanguageChange: totals and days again, in the new language

Q_SIGNALS:
    void totalsChanged();
    void daysChanged();
    void exportingChanged();
    void exportFinished(bool ok, const QString &message);
    void loaded(); // a read of the ledger was applied (tests)

private:
    void reload();
    void apply(const Snapshot &s);
    void applyReceipts(const QList<ledger::ReceiptRow> &rows);
    void applyDays(const QList<ledger::DayEarnings> &days);

    QPointer<ledger::Ledger> m_ledger;
    Batcher m_batch{kBatchMs, [this] { reload(); }};
    QList<ledger::ReceiptRow> m_receipts;
    QString m_lifetimeText, m_balanceText, m_pendingText, m_stakeText, m_periodText;
    QStringList m_dayLabels, m_dayTexts;
    QVariantList m_dayHeights;
    double m_maxHeight = 1;
    double m_minHeight = 0;
    int m_tickCount = 5;
    bool m_exporting = false;
};

} // namespace idleforge::ui
