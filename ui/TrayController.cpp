#include "TrayController.h"

#include "Log.h"
#include "node/NodeService.h"
#include "node/PolicyDriver.h"

#include <QAction>
#include <QDateTime>
#include <QEvent>
#include <QIcon>
#include <QLocale>
#include <QMenu>
#include <QSystemTrayIcon>

namespace idleforge::ui {

namespace {
QString iconFor(policy::State state)
{
    switch (state) {
    case policy::State::Running:
        return QStringLiteral("earning");
    case policy::State::WaitingForIdle:
        return QStringLiteral("waiting");
    case policy::State::PausedGame:
        return QStringLiteral("game");
    default:
        return QStringLiteral("paused");
    }
}

QString stateText(policy::State state)
{
    switch (state) {
    case policy::State::Running:
        return TrayController::tr("Working for the network");
    case policy::State::WaitingForIdle:
        return TrayController::tr("Waiting until you are away");
    case policy::State::PausedGame:
        return TrayController::tr("Paused for your game");
    default:
        return TrayController::tr("Paused");
    }
}
} // namespace

TrayController::TrayController(node::NodeService *node, QObject *parent)
    : QObject(parent), m_node(node), m_tray(new QSystemTrayIcon(this)), m_menu(new QMenu)
{
    m_status = m_menu->addAction(QString());
    m_status->setObjectName(QStringLiteral("statusAction"));
    m_status->setEnabled(false);
    m_menu->addSeparator();
    m_pauseHour = m_menu->addAction(QString());
    m_pauseHour->setObjectName(QStringLiteral("pauseHourAction"));
    m_pauseUntil = m_menu->addAction(QString());
    m_pauseUntil->setObjectName(QStringLiteral("pauseUntilResumedAction"));
    m_resume = m_menu->addAction(QString());
    m_resume->setObjectName(QStringLiteral("resumeAction"));
    m_menu->addSeparator();
    m_open = m_menu->addAction(QString());
    m_open->setObjectName(QStringLiteral("openDashboardAction"));
    m_quit = m_menu->addAction(QString());
    m_quit->setObjectName(QStringLiteral("quitAction"));
    connect(m_open, &QAction::triggered, this, &TrayController::openDashboardRequested);
    connect(m_quit, &QAction::triggered, this, &TrayController::quitRequested);
    m_tray->setContextMenu(m_menu);
    connect(m_tray, &QSystemTrayIcon::activated, this, [this](QSystemTrayIcon::ActivationReason reason) {
        if (reason == QSystemTrayIcon::Trigger || reason == QSystemTrayIcon::DoubleClick)
            Q_EMIT openDashboardRequested();
    });
    connect(node, &node::NodeService::statusChanged, this, &TrayController::update);
    connect(node, &node::NodeService::benchmarkFinished, this, &TrayController::update);
    retranslate();
}

void TrayController::retranslate()
{
    m_pauseHour->setText(tr("Pause for 1 hour"));
    m_pauseUntil->setText(tr("Pause until resumed"));
    m_resume->setText(tr("Resume"));
    m_open->setText(tr("Open dashboard"));
    m_quit->setText(tr("Quit IdleForge"));
    update(); // the status line and the tooltip
}

bool TrayController::event(QEvent *e)
{
    if (e->type() == QEvent::LanguageChange)
        retranslate();
    return QObject::event(e);
}

TrayController::~TrayController() { delete m_menu; }

void TrayController::setPolicy(node::PolicyDriver *policy)
{
    m_policy = policy;
    connect(m_pauseHour, &QAction::triggered, policy, [policy] { policy->pauseFor(kPauseForMs); });
    connect(m_pauseUntil, &QAction::triggered, policy, [policy] { policy->pauseUntilResumed(); });
    connect(m_resume, &QAction::triggered, policy, [policy] { policy->resume(); });
    connect(policy, &node::PolicyDriver::decisionChanged, this, [this](const policy::Decision &d) {
        notifyOnChange(m_lastState, d);
        m_lastState = d.state;
        update();
    });
    m_lastState = policy->decision().state;
    update();
}

void TrayController::notifyOnChange(policy::State from, const policy::Decision &now)
{
    if (from == now.state || !m_notificationsOn())
        return;
    const qint64 t = QDateTime::currentMSecsSinceEpoch();
    QString title, text;
    if (now.state == policy::State::Running && from == policy::State::WaitingForIdle) {
        if (t - m_lastStartNoticeMs < kNotifyEveryMs)
            return;
        m_lastStartNoticeMs = t;
        title = tr("IdleForge is working");
        text = tr("Your PC is idle, so it trains for the network. Touch the mouse or keyboard and it stops.");
    } else if (now.state == policy::State::PausedGame) {
        if (t - m_lastGameNoticeMs < kNotifyEveryMs)
            return;
        m_lastGameNoticeMs = t;
        title = tr("Paused for your game");
        text = now.reasons.isEmpty() ? QString() : now.reasons.first().text;
    } else {
        return;
    }
    m_tray->showMessage(title, text, QSystemTrayIcon::Information, 5000);
    Q_EMIT notified(title, text);
}

void TrayController::notify(const QString &title, const QString &text)
{
    if (!m_notificationsOn())
        return;
    m_tray->showMessage(title, text, QSystemTrayIcon::Information, 5000);
    Q_EMIT notified(title, text);
}

void TrayController::show()
{
    if (!QSystemTrayIcon::isSystemTrayAvailable())
        qCWarning(lcUi) << "no system tray available; the dashboard window stays the only way in";
    m_tray->show();
}

bool TrayController::isVisible() const { return m_tray->isVisible(); }

void TrayController::setIconState(const QString &state)
{
    if (state == m_iconState)
        return;
    m_iconState = state;
    m_tray->setIcon(QIcon(QStringLiteral(":/idleforge/icons/tray-%1.svg").arg(state)));
}

void TrayController::update()
{
    QString headline = m_node->statusText();
    QString reason;
    if (m_node->status() == node::NodeService::Status::Error) {
        setIconState(QStringLiteral("error"));
    } else if (m_policy) {
        const policy::Decision &d = m_policy->decision();
        setIconState(iconFor(d.state));
        headline = stateText(d.state);
        reason = d.reasons.isEmpty() ? QString() : d.reasons.first().text;
    } else {
        setIconState(QStringLiteral("waiting"));
    }
    const bool userPaused = m_policy && m_policy->decision().state == policy::State::PausedByUser;
    m_resume->setEnabled(userPaused);
    m_pauseHour->setEnabled(m_policy != nullptr);
    m_pauseUntil->setEnabled(m_policy != nullptr);
    m_status->setText(reason.isEmpty() ? headline : reason);
    QString tip = tr("IdleForge: %1").arg(headline) + (reason.isEmpty() ? QString() : QStringLiteral("\n") + reason);
    if (m_node->primaryGflops() > 0)
        tip += u'\n' + tr("%1: %2 GFLOP/s").arg(m_node->primaryDeviceName(), QLocale().toString(m_node->primaryGflops(), 'f', 1));
    m_tray->setToolTip(tip);
}

} // namespace idleforge::ui
