#include "NetworkModel.h"

#include "CreditsText.h"
#include "node/ProviderNode.h"

#include <QEvent>
#include <QLocale>

namespace idleforge::ui {

namespace {
// The provider's connection and job words (ProviderNode::statusSnapshot) for people.
QString connectionWord(const QString &state)
{
    if (state == QLatin1String("stopped")) return NetworkModel::tr("stopped");
    if (state == QLatin1String("connecting")) return NetworkModel::tr("connecting");
    if (state == QLatin1String("registering")) return NetworkModel::tr("registering");
    if (state == QLatin1String("connected")) return NetworkModel::tr("connected");
    if (state == QLatin1String("connected, leased")) return NetworkModel::tr("connected, task leased");
    return state;
}

QString jobWord(const QString &kind)
{
    if (kind == QLatin1String("train")) return NetworkModel::tr("training");
    if (kind == QLatin1String("replica")) return NetworkModel::tr("re-running for a dispute");
    return kind;
}
} // namespace

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

bool NetworkModel::event(QEvent *e)
{
    if (e->type() == QEvent::LanguageChange)
        refresh();
    return QObject::event(e);
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
    QString text = tr("Network: %1").arg(connectionWord(s.value(QLatin1String("connection")).toString()));
    const QJsonObject job = s.value(QLatin1String("job")).toObject();
    if (!job.isEmpty())
        text += tr(" - %1 %2, step %3 of %4")
                    .arg(jobWord(job.value(QLatin1String("kind")).toString()), job.value(QLatin1String("id")).toString(),
                         locale.toString(job.value(QLatin1String("step")).toInteger()),
                         locale.toString(job.value(QLatin1String("steps")).toInteger()));
    if (st.disk.blocked)
        text += tr(" - paused: not enough disk space for a new task");
    m_networkText = text;
    m_earningsText = tr("Balance %1 credits, stake %2 (%n receipt(s) this session)", nullptr, int(st.receiptsStored))
                         .arg(formatCreditsLocalized(st.balance.value_or(0), locale),
                              formatCreditsLocalized(st.stake.value_or(0), locale));
    m_diskBlocked = st.disk.blocked;
    Q_EMIT changed();
}

} // namespace idleforge::ui
