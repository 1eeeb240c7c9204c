#include "Batcher.h"

namespace idleforge::ui {

Batcher::Batcher(int intervalMs, std::function<void()> update, QObject *parent) : QObject(parent), m_update(std::move(update))
{
    m_timer.setSingleShot(true);
    m_timer.setInterval(intervalMs);
    connect(&m_timer, &QTimer::timeout, this, &Batcher::run);
}

void Batcher::request()
{
    if (!m_timer.isActive())
        m_timer.start();
}

void Batcher::unfollow(const QObject *sender)
{
    if (sender)
        disconnect(sender, nullptr, this, nullptr);
}

void Batcher::poll()
{
    m_timer.setSingleShot(false);
    m_timer.start();
}

void Batcher::run()
{
    m_update();
    Q_EMIT updated();
}

} // namespace idleforge::ui
