#include "NetworkModel.h"

#include "CreditsText.h"
#include "node/ProviderNode.h"

#include <QLocale>

namespace idleforge::ui {

NetworkModel::NetworkModel(QObject *parent) : QObject(parent) {}

void NetworkModel::attach(node::ProviderNode *provider)
{
    if (m_provider) {
        disconnect(m_provider, nullptr, this, nullptr);
        m_batch.unfollow(m_provider);
    }
    m_provider = provider;
    if (provider) {
        m_batch.follow(provider, &node::ProviderNode::statusChanged);
        connect(provider, &node::ProviderNode::activity, this, [this](const QString &line) {
            m_activityText = line;
            m_batch.request();
        });
    }
    refresh();
}

void NetworkModel::refresh()
{
    if (!m_provider) {
        m_networkText.clear();
        m_earningsText.clear();
        Q_EMIT changed();
        return;
    }
    const QLocale locale;
    const QJsonObject s = m_provider->statusSnapshot();
    const node::ProviderStatus &st = m_provider->status();
    QString text = tr("Network: %1").arg(s.value(QLatin1String("connection")).toString());
    const QJsonObject job = s.value(QLatin1String("job")).toObject();
    if (!job.isEmpty())
        text += tr(" - %1 %2, step %3 of %4")
                    .arg(job.value(QLatin1String("kind")).toString(), job.value(QLatin1String("id")).toString(),
                         locale.toString(job.value(QLatin1String("step")).toInteger()),
                         locale.toString(job.value(QLatin1String("steps")).toInteger()));
    if (st.disk.blocked)
        text += tr(" - paused: not enough disk space for a new task");
    m_networkText = text;
    m_earningsText = tr("Balance %1 credits, stake %2 (%3 receipts this session)")
                         .arg(formatCreditsLocalized(st.balance.value_or(0), locale),
                              formatCreditsLocalized(st.stake.value_or(0), locale), locale.toString(st.receiptsStored));
    m_diskBlocked = st.disk.blocked;
    Q_EMIT changed();
}

} // namespace idleforge::ui
