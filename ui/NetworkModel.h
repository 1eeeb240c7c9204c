#pragma once
// View model of the dashboard's network section: the provider session's connection and job,
// the wallet's totals and the last event, as properties QML binds to. Built from ProviderNode's
// signals and its cached status (no SQL, no file I/O on the GUI thread); updates are batched
// (at most one per 100 ms) so a fast run does not redraw on every step.
#include "Batcher.h"
#include "node/ProviderNode.h"

#include <QObject>
#include <QPointer>
#include <QString>

namespace idleforge::ui {

class NetworkModel : public QObject {
    Q_OBJECT
    Q_PROPERTY(bool online READ online NOTIFY changed)
    Q_PROPERTY(QString networkText READ networkText NOTIFY changed)
    Q_PROPERTY(QString earningsText READ earningsText NOTIFY changed)
    Q_PROPERTY(QString activityText READ activityText NOTIFY changed)
    Q_PROPERTY(bool diskBlocked READ diskBlocked NOTIFY changed)
public:
    static constexpr int kBatchMs = 100;

    explicit NetworkModel(QObject *parent = nullptr);

    // Follows `provider` from now on (null: offline).
    void attach(node::ProviderNode *provider);

    bool online() const { return m_provider != nullptr; }
    QString networkText() const { return m_networkText; }
    QString earningsText() const { return m_earningsText; }
    QString activityText() const { return m_activityText; }
    bool diskBlocked() const { return m_diskBlocked; }

protected:
    bool event(QEvent *e) override; // LanguageChange: the texts again, in the new language

Q_SIGNALS:
    void changed();

private:
    void refresh();

    QPointer<node::ProviderNode> m_provider;
    Batcher m_batch{kBatchMs, [this] { refresh(); }};
    QString m_networkText;
    QString m_earningsText;
    QString m_activityText;
    bool m_diskBlocked = false;
};

} // namespace idleforge::ui
